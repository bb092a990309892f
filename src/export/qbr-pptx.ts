/**
 * The QBR deck (qbr.ts) as a PowerPoint file through pptxgenjs (loaded here only, by `csp qbr
 * --format pptx`): 16:9 (13.33 x 7.5 in), one slide per section with the same blocks as the
 * markdown and PDF (qbr-text.ts), native charts the CSM can edit (value progress as a bar chart,
 * milestones as a doughnut), and the `csp refresh` talking points as speaker notes. Opens in
 * PowerPoint, Google Slides and LibreOffice Impress. Returns the file's bytes.
 */
import { SLIDES, type QbrDeck } from './qbr.js';
import { deckSubtitle, slideBlocks, type Block } from './qbr-text.js';

/** Rows a table shows on its slide; the rest are counted in one line (the slide must not overflow). */
export const MAX_TABLE_ROWS = 9;
/** Bullets a list shows on its slide. */
export const MAX_BULLETS = 8;

const ACCENT = '2F5FB3';
const INK = '1F2933';
const MUTED = '607080';
const FONT = 'Calibri';
const W = 13.333;
const LEFT = 0.5;

/** Renders the deck as .pptx bytes. */
export async function renderQbrPptx(deck: QbrDeck): Promise<Uint8Array> {
  // NOTE: the ES build's default export is the class; its typings are CommonJS-style, so TS sees one level more.
  const PptxGenJS = (await import('pptxgenjs')).default as unknown as PptxClass;
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE';
  pptx.title = deck.title;
  pptx.subject = `${deck.quarter.label} business review`;
  pptx.company = deck.accountName;
  pptx.author = deck.preparedBy || 'csp';

  const title = pptx.addSlide();
  title.background = { color: '1F3F7A' };
  title.addText(deck.title, {
    x: LEFT,
    y: 2.3,
    w: W - 1,
    h: 1.3,
    fontFace: FONT,
    fontSize: 36,
    bold: true,
    color: 'FFFFFF',
  });
  title.addText(deckSubtitle(deck), {
    x: LEFT,
    y: 3.7,
    w: W - 1,
    h: 0.6,
    fontFace: FONT,
    fontSize: 16,
    color: 'DDE6F5',
  });
  if (deck.audience === 'internal')
    title.addText('INTERNAL: do not share with the customer', {
      x: LEFT,
      y: 4.5,
      w: 6,
      h: 0.45,
      fontFace: FONT,
      fontSize: 14,
      bold: true,
      color: 'FFFFFF',
      fill: { color: 'B71C1C' },
    });
  title.addText(deck.provenance, { x: LEFT, y: 6.8, w: W - 1, h: 0.4, fontFace: FONT, fontSize: 10, color: 'B0C0DD' });
  title.addNotes(deck.notes.title.join('\n'));

  for (const s of SLIDES) {
    const slide = pptx.addSlide();
    slide.addText(s.title, {
      x: LEFT,
      y: 0.3,
      w: W - 1,
      h: 0.7,
      fontFace: FONT,
      fontSize: 28,
      bold: true,
      color: ACCENT,
    });
    slide.addShape('line', { x: LEFT, y: 1.0, w: W - 1, h: 0, line: { color: ACCENT, width: 2 } });
    slide.addText(`${deck.accountName} · ${deck.quarter.label}${deck.audience === 'internal' ? ' · INTERNAL' : ''}`, {
      x: LEFT,
      y: 7.0,
      w: W - 1,
      h: 0.3,
      fontFace: FONT,
      fontSize: 9,
      color: MUTED,
    });

    // A chart beside the blocks where the slide has one.
    let width = W - 1;
    if (s.id === 'value') {
      const measured = deck.value.filter((v) => v.percent !== null).slice(0, MAX_TABLE_ROWS);
      if (measured.length) {
        width = 8.2;
        slide.addChart(
          pptx.ChartType.bar,
          [
            {
              name: 'Progress to target (%)',
              labels: measured.map((v) => short(v.name, 40)),
              values: measured.map((v) => v.percent ?? 0),
            },
          ],
          {
            x: 8.9,
            y: 1.3,
            w: 3.95,
            h: 5.4,
            barDir: 'bar',
            valAxisMinVal: 0,
            valAxisMaxVal: 100,
            showValue: true,
            dataLabelFormatCode: '0"%"',
            chartColors: [ACCENT],
            showLegend: false,
            showTitle: true,
            title: 'Progress to target (%)',
            titleFontSize: 12,
            catAxisLabelFontSize: 9,
            valAxisLabelFontSize: 9,
          },
        );
      }
    }
    if (s.id === 'summary') {
      const counts = [deck.done.length, deck.next.filter((n) => n.status !== 'Overdue').length, deck.overdue];
      if (counts.some((c) => c > 0)) {
        width = 8.2;
        slide.addChart(
          pptx.ChartType.doughnut,
          [{ name: 'Milestones', labels: ['Done this quarter', 'Due next', 'Overdue'], values: counts }],
          {
            x: 8.9,
            y: 1.3,
            w: 3.95,
            h: 4.2,
            holeSize: 55,
            showLegend: true,
            legendPos: 'b',
            legendFontSize: 10,
            showValue: true,
            showPercent: false,
            chartColors: ['2E7D32', ACCENT, 'C62828'],
            showTitle: true,
            title: 'Milestones',
            titleFontSize: 12,
          },
        );
      }
    }

    let y = 1.25;
    for (const block of slideBlocks(deck, s.id)) y = addBlock(slide, block, y, width);
    const notes = deck.notes[s.id];
    slide.addNotes(
      notes.length ? notes.join('\n') : `No talking points from csp refresh for ${s.title.toLowerCase()}.`,
    );
  }

  const out = await pptx.write({ outputType: 'uint8array', compression: true });
  return out as Uint8Array;
}

type PptxClass = typeof import('pptxgenjs').default;
type Slide = ReturnType<InstanceType<PptxClass>['addSlide']>;

/** Lays one block out from `y` (inches) and returns where the next one starts. */
function addBlock(slide: Slide, block: Block, y: number, w: number): number {
  const text = { fontFace: FONT, color: INK, valign: 'top' as const, margin: 0 };
  if (block.kind === 'line') {
    slide.addText(block.text, { ...text, x: LEFT, y, w, h: 0.4, fontSize: 14, italic: true, color: MUTED });
    return y + 0.5;
  }
  if (block.kind === 'facts') {
    const h = 0.42 * block.items.length;
    slide.addText(
      block.items.flatMap(([k, v], i) => [
        { text: `${k}: `, options: { bold: true } },
        { text: v, options: { breakLine: i < block.items.length - 1 } },
      ]),
      { ...text, x: LEFT, y, w, h, fontSize: 16 },
    );
    return y + h + 0.15;
  }
  if (block.kind === 'bullets') {
    let top = y;
    if (block.title) {
      slide.addText(block.title, { ...text, x: LEFT, y: top, w, h: 0.35, fontSize: 15, bold: true, color: ACCENT });
      top += 0.4;
    }
    const items = capped(block.items, MAX_BULLETS, (n) => `and ${n} more`);
    const h = 0.34 * items.length;
    slide.addText(
      items.map((i) => ({ text: i, options: { bullet: true, breakLine: true } })),
      { ...text, x: LEFT + 0.1, y: top, w: w - 0.1, h, fontSize: 14, paraSpaceAfter: 2 },
    );
    return top + h + 0.15;
  }
  const rows = capped(block.rows, MAX_TABLE_ROWS, (n) => [
    `and ${n} more (csp export has them all)`,
    ...block.headers.slice(1).map(() => ''),
  ]);
  const cell = (t: string, header = false) => ({
    text: t,
    options: header ? { bold: true, fill: { color: 'E8EEF8' }, color: INK } : { color: INK },
  });
  slide.addTable([block.headers.map((h) => cell(h, true)), ...rows.map((r) => r.map((c) => cell(c)))], {
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
  return y + 0.33 * (rows.length + 1) + 0.25;
}

/** The first column (the name) gets more room. */
function columnWidths(n: number, w: number): number[] {
  if (n === 1) return [w];
  const first = Math.min(w * 0.4, w / n + 1.5);
  return [first, ...Array.from({ length: n - 1 }, () => (w - first) / (n - 1))];
}

function capped<T>(items: T[], max: number, more: (n: number) => T): T[] {
  return items.length <= max ? items : [...items.slice(0, max - 1), more(items.length - max + 1)];
}

function short(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
