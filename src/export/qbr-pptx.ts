/**
 * The QBR deck (qbr.ts) as a PowerPoint file through pptxgenjs (loaded here only, by `csp qbr
 * --format pptx`): 16:9 (13.33 x 7.5 in), one slide per page of the same pages as the markdown
 * and PDF (qbr-text.ts deckPages: a long table continues on the next slide, "Milestones (2 of
 * 3)"), native charts the CSM can edit (value progress as a bar chart, milestones as a doughnut), and the `csp refresh` talking points as speaker notes. Opens in
 * PowerPoint, Google Slides and LibreOffice Impress. Returns the file's bytes.
 */
import type { QbrDeck } from './qbr.js';
import {
  blockHeight,
  columnWidths,
  contentWidth,
  deckPages,
  deckSubtitle,
  LAYOUT,
  slideChart,
  type Block,
  type SlideChart,
  type SlidePage,
} from './qbr-text.js';

const ACCENT = '2F5FB3';
const INK = '1F2933';
const MUTED = '607080';
const FONT = 'Calibri';
const W = 13.333;
const LEFT = 0.5;

type PptxClass = typeof import('pptxgenjs').default;
type Pptx = InstanceType<PptxClass>;
type Slide = ReturnType<Pptx['addSlide']>;

/** Renders the deck as .pptx bytes: the title slide, then one slide per page (deckPages: long tables continue on the next slide). */
export async function renderQbrPptx(deck: QbrDeck): Promise<Uint8Array> {
  // NOTE: the ES build's default export is the class; its typings are CommonJS-style, so TS sees one level more.
  const PptxGenJS = (await import('pptxgenjs')).default as unknown as PptxClass;
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE';
  pptx.title = deck.title;
  pptx.subject = `${deck.quarter.label} ${deck.kind === 'ebr' ? 'executive' : 'quarterly'} business review`;
  pptx.company = deck.accountName;
  pptx.author = deck.preparedBy || 'csp';
  addTitleSlide(pptx, deck);
  for (const page of deckPages(deck)) addPage(pptx, deck, page);
  const out = await pptx.write({ outputType: 'uint8array', compression: true });
  return out as Uint8Array;
}

function addTitleSlide(pptx: Pptx, deck: QbrDeck): void {
  const title = pptx.addSlide();
  title.background = { color: '1F3F7A' };
  const text = { x: LEFT, w: W - 1, fontFace: FONT };
  title.addText(deck.title, { ...text, y: 2.3, h: 1.3, fontSize: 36, bold: true, color: 'FFFFFF' });
  title.addText(deckSubtitle(deck), { ...text, y: 3.7, h: 0.6, fontSize: 16, color: 'DDE6F5' });
  if (deck.audience === 'internal')
    title.addText('INTERNAL: do not share with the customer', {
      ...text,
      y: 4.5,
      w: 6,
      h: 0.45,
      fontSize: 14,
      bold: true,
      color: 'FFFFFF',
      fill: { color: 'B71C1C' },
    });
  title.addText(deck.provenance, { ...text, y: 6.8, h: 0.4, fontSize: 10, color: 'B0C0DD' });
  title.addNotes(deck.notes.title.join('\n'));
}

/** One slide: title, rule, footer, the chart (first page of a slide only), the blocks, the speaker notes. */
function addPage(pptx: Pptx, deck: QbrDeck, page: SlidePage): void {
  const slide = pptx.addSlide();
  const text = { x: LEFT, w: W - 1, fontFace: FONT };
  slide.addText(page.title, { ...text, y: 0.3, h: 0.7, fontSize: 28, bold: true, color: ACCENT });
  slide.addShape('line', { x: LEFT, y: 1.0, w: W - 1, h: 0, line: { color: ACCENT, width: 2 } });
  slide.addText(`${deck.accountName} · ${deck.quarter.label}${deck.audience === 'internal' ? ' · INTERNAL' : ''}`, {
    ...text,
    y: 7.0,
    h: 0.3,
    fontSize: 9,
    color: MUTED,
  });
  const chart = slideChart(deck, page.id);
  if (chart && page.part === 1) addChart(pptx, slide, chart);
  const width = contentWidth(deck, page.id);
  let y: number = LAYOUT.top;
  for (const block of page.blocks) y = addBlock(slide, block, y, width);
  const notes = page.part === 1 ? deck.notes[page.id] : [];
  slide.addNotes(
    notes.length
      ? notes.join('\n')
      : page.part > 1
        ? `Continued: part ${page.part} of ${page.parts}.`
        : `No talking points from csp refresh for ${page.title.toLowerCase()}.`,
  );
}

/** A native chart (editable in PowerPoint) right of the blocks. */
function addChart(pptx: Pptx, slide: Slide, chart: SlideChart): void {
  const data = [{ name: chart.title, labels: chart.labels, values: chart.values }];
  const common = { x: 8.9, y: 1.3, w: 3.95, showValue: true, showTitle: true, title: chart.title, titleFontSize: 12 };
  if (chart.type === 'bar')
    slide.addChart(pptx.ChartType.bar, data, {
      ...common,
      h: 5.4,
      barDir: 'bar',
      valAxisMinVal: 0,
      valAxisMaxVal: 100,
      dataLabelFormatCode: '0"%"',
      chartColors: [ACCENT],
      showLegend: false,
      catAxisLabelFontSize: 9,
      valAxisLabelFontSize: 9,
    });
  else
    slide.addChart(pptx.ChartType.doughnut, data, {
      ...common,
      h: 4.2,
      holeSize: 55,
      showLegend: true,
      legendPos: 'b',
      legendFontSize: 10,
      showPercent: false,
      chartColors: ['2E7D32', ACCENT, 'C62828'],
    });
}

/** Lays one block out from `y` (inches) and returns where the next one starts (blockHeight: the height pagination counted). */
function addBlock(slide: Slide, block: Block, y: number, w: number): number {
  const text = { fontFace: FONT, color: INK, valign: 'top' as const, margin: 0 };
  const next = y + blockHeight(block, w);
  if (block.kind === 'line') {
    slide.addText(block.text, { ...text, x: LEFT, y, w, h: 0.4, fontSize: 14, italic: true, color: MUTED });
    return next;
  }
  if (block.kind === 'facts') {
    slide.addText(
      block.items.flatMap(([k, v], i) => [
        { text: `${k}: `, options: { bold: true } },
        { text: v, options: { breakLine: i < block.items.length - 1 } },
      ]),
      { ...text, x: LEFT, y, w, h: 0.42 * block.items.length, fontSize: 16 },
    );
    return next;
  }
  if (block.kind === 'bullets') {
    let top = y;
    if (block.title) {
      slide.addText(block.title, { ...text, x: LEFT, y: top, w, h: 0.35, fontSize: 15, bold: true, color: ACCENT });
      top += 0.4;
    }
    slide.addText(
      block.items.map((i) => ({ text: i, options: { bullet: true, breakLine: true } })),
      {
        ...text,
        x: LEFT + 0.1,
        y: top,
        w: w - 0.1,
        h: Math.max(0.34, next - top - 0.15),
        fontSize: 14,
        paraSpaceAfter: 2,
      },
    );
    return next;
  }
  const cell = (t: string, header = false) => ({
    text: t,
    options: header ? { bold: true, fill: { color: 'E8EEF8' }, color: INK } : { color: INK },
  });
  slide.addTable([block.headers.map((h) => cell(h, true)), ...block.rows.map((r) => r.map((c) => cell(c)))], {
    x: LEFT,
    y,
    w,
    fontFace: FONT,
    fontSize: 11,
    border: { type: 'solid', pt: 0.5, color: 'C9D3DF' },
    margin: 0.05,
    valign: 'top',
    colW: columnWidths(block.headers.length, w),
  });
  return next;
}
