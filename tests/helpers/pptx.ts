/**
 * Reads a .pptx back (a zip of XML, with jszip): the text of each slide and of its speaker notes
 * in slide order, the slide size, and the charts it holds.
 */
import JSZip from 'jszip';

/** What a deck holds, as text. */
export interface PptxContent {
  slides: string[];
  notes: string[];
  /** Slide size in EMU. */
  size: { cx: number; cy: number };
  charts: string[];
  /** Every XML part's text, for a search of the whole file. */
  all: string;
}

const texts = (xml: string) => [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => unescapeXml(m[1])).join(' ');

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Opens a .pptx. */
export async function readPptx(bytes: Uint8Array): Promise<PptxContent> {
  const zip = await JSZip.loadAsync(bytes);
  const names = Object.keys(zip.files);
  const byNumber = (prefix: string) =>
    names
      .filter((n) => new RegExp(`^${prefix}\\d+\\.xml$`).test(n))
      .sort((a, b) => Number(/(\d+)\.xml$/.exec(a)![1]) - Number(/(\d+)\.xml$/.exec(b)![1]));
  const read = (n: string) => zip.file(n)!.async('string');
  const slides = await Promise.all(byNumber('ppt/slides/slide').map(async (n) => texts(await read(n))));
  const notes = await Promise.all(byNumber('ppt/notesSlides/notesSlide').map(async (n) => texts(await read(n))));
  const pres = await read('ppt/presentation.xml');
  const size = /<p:sldSz cx="(\d+)" cy="(\d+)"/.exec(pres)!;
  const charts = await Promise.all(byNumber('ppt/charts/chart').map(read));
  const all = (
    await Promise.all(names.filter((n) => n.endsWith('.xml')).map(async (n) => unescapeXml(await read(n))))
  ).join('\n');
  return { slides, notes, size: { cx: Number(size[1]), cy: Number(size[2]) }, charts, all };
}
