/**
 * The QBR deck (qbr.ts) as markdown (one `##` section per slide, speaker notes as a quoted
 * "Talking points" list) and as HTML slides (16:9 pages, for `--format pdf` through Chromium).
 * Every value is escaped (escape.ts, html`...`). Pure.
 */
import { escapeMarkdown as md } from './escape.js';
import { html, raw, type SafeHtml } from './html-template.js';
import { CONTENT_SECURITY_POLICY } from './html.js';
import { EMPTY, slidesOf, type QbrDeck, type SlideId } from './qbr.js';

/** A slide's content as blocks: a table, bullets, facts, or the one line saying it has no data. */
export type Block =
  | { kind: 'table'; headers: string[]; rows: string[][] }
  | { kind: 'bullets'; title?: string; items: string[] }
  | { kind: 'facts'; items: Array<[string, string]> }
  | { kind: 'line'; text: string };

/** The subtitle under the deck's title: quarter, as-of date, who prepared it. */
export function deckSubtitle(deck: QbrDeck): string {
  return `${deck.quarter.label} (${deck.quarter.start} to ${deck.quarter.end}) · as of ${deck.asOf}${deck.preparedBy ? ` · prepared by ${deck.preparedBy}` : ''}`;
}

type Builder = (deck: QbrDeck) => Block[] | null;
const table = (headers: string[], rows: string[][]): Block => ({ kind: 'table', headers, rows });

/** The executive summary: status, (health), key theme, highlights, focus, decisions. */
function summaryBlocks(deck: QbrDeck): Block[] {
  const s = deck.summary;
  const facts: Array<[string, string]> = [['Relationship status', s.status]];
  if (s.health) facts.push(['Health score (internal)', s.health]);
  facts.push(['Key theme', s.theme]);
  const blocks: Block[] = [
    { kind: 'facts', items: facts },
    s.highlights.length
      ? { kind: 'bullets', title: 'Quarter highlights', items: s.highlights }
      : { kind: 'line', text: EMPTY.summary },
  ];
  if (s.focus.length) blocks.push({ kind: 'bullets', title: 'Areas of focus', items: s.focus });
  if (s.decisions.length) blocks.push({ kind: 'bullets', title: 'Decisions this quarter', items: s.decisions });
  return blocks;
}

function milestoneBlocks(deck: QbrDeck): Block[] | null {
  if (!deck.done.length && !deck.next.length) return null;
  return [
    deck.done.length
      ? table(
          ['Done this quarter', 'Date', 'Owner'],
          deck.done.map((d) => [d.title, d.date, d.owner]),
        )
      : { kind: 'line', text: 'No milestones done this quarter.' },
    deck.next.length
      ? table(
          ['Open and next quarter', 'Due', 'Owner', 'Status'],
          deck.next.map((n) => [n.title, n.due, n.owner, n.status]),
        )
      : { kind: 'line', text: 'No milestones due next quarter.' },
  ];
}

function adoptionBlocks(deck: QbrDeck): Block[] | null {
  const blocks: Block[] = [];
  if (deck.adoption.length)
    blocks.push(
      table(
        ['Signal', 'Last quarter', 'This quarter', 'Trend'],
        deck.adoption.map((a) => [a.name, a.previous, a.current, a.trend]),
      ),
    );
  if (deck.indicators.length)
    blocks.push(
      table(
        ['Health indicator', 'Status', 'Note'],
        deck.indicators.map((h) => [h.name, h.status, h.note]),
      ),
    );
  if (deck.ebr?.sponsors.length)
    blocks.push({
      kind: 'facts',
      items: [
        [
          'Executive engagement',
          deck.ebr.sponsors.map((s) => `${s.name}: ${s.engagement || 'not recorded'}`).join('; '),
        ],
      ],
    });
  return blocks.length ? blocks : null;
}

function renewalBlocks(deck: QbrDeck): Block[] {
  if (!deck.renewal) return [{ kind: 'line', text: deck.renewalNote ?? EMPTY.renewal }];
  return [
    { kind: 'line', text: `Renewal on ${deck.renewal.date} (${deck.renewal.daysLeft} days from ${deck.asOf}).` },
    table(
      ['Step', 'Date', 'What', 'Where we are'],
      deck.renewal.steps.map((s) => [
        s.ref,
        s.date,
        s.what,
        s.state === 'past' ? 'Past' : s.state === 'now' ? 'Now' : 'Upcoming',
      ]),
    ),
  ];
}

function strategyBlocks(deck: QbrDeck): Block[] | null {
  const e = deck.ebr;
  if (!e || (!e.priorities.length && !e.direction.length)) return null;
  const blocks: Block[] = [];
  if (e.priorities.length)
    blocks.push(
      table(
        ['Business priority', 'Our contribution', 'Alignment'],
        e.priorities.map((p) => [p.priority, p.contribution, p.alignment]),
      ),
    );
  if (e.direction.length) blocks.push({ kind: 'bullets', title: 'Strategic direction', items: e.direction });
  return blocks;
}

function sponsorBlocks(deck: QbrDeck): Block[] | null {
  const e = deck.ebr;
  if (!e?.sponsors.length) return null;
  const blocks: Block[] = [
    table(
      ['Executive', 'Title', 'Side', 'Role', 'Engagement', 'Owns'],
      e.sponsors.map((s) => [s.name, s.title, s.side, s.role, s.engagement, s.owns]),
    ),
  ];
  if (e.sponsorGaps.length) blocks.push({ kind: 'bullets', title: 'Gaps to close', items: e.sponsorGaps });
  return blocks;
}

function roadmapBlocks(deck: QbrDeck): Block[] | null {
  const e = deck.ebr;
  if (!e || (!e.phases.length && !e.planMilestones.length)) return null;
  const blocks: Block[] = [];
  if (e.phases.length)
    blocks.push(
      table(
        ['Phase', 'Window', 'Goal', 'Progress', 'State'],
        e.phases.map((p) => [p.phase, p.window, p.goal, p.progress, p.state]),
      ),
    );
  if (e.planMilestones.length)
    blocks.push(
      table(
        ['Account plan milestone', 'Quarter', 'Objective', 'State'],
        e.planMilestones.map((m) => [m.milestone, m.quarter, m.objective, m.state]),
      ),
    );
  return blocks;
}

/** Each slide's blocks; null when the slide has no data. */
const BUILDERS: Record<SlideId, Builder> = {
  summary: summaryBlocks,
  value: (deck) =>
    deck.value.length
      ? [
          table(
            ['Outcome', 'Baseline', 'Current', 'Target', 'Change', 'Progress'],
            deck.value.map((v) => [
              v.name,
              v.baseline,
              v.current,
              v.target,
              v.change,
              v.percent === null ? '' : `${v.percent}%`,
            ]),
          ),
        ]
      : null,
  milestones: milestoneBlocks,
  adoption: adoptionBlocks,
  risks: (deck) =>
    deck.risks.length
      ? [
          table(
            ['Risk', 'RAG', 'Mitigation', 'Owner', 'Status'],
            deck.risks.map((r) => [r.title, r.rag, r.mitigation, r.owner, r.status]),
          ),
        ]
      : null,
  renewal: renewalBlocks,
  asks: (deck) => (deck.asks.length ? [{ kind: 'bullets', items: deck.asks }] : null),
  partnership: (deck) => (deck.ebr?.partnership.length ? [{ kind: 'facts', items: deck.ebr.partnership }] : null),
  strategy: strategyBlocks,
  annual: (deck) =>
    deck.ebr?.annual.length
      ? [
          table(
            ['Outcome', 'Baseline', ...deck.ebr.quarters, 'Target', 'Change'],
            deck.ebr.annual.map((a) => [a.name, a.baseline, ...a.quarters, a.target, a.change]),
          ),
        ]
      : null,
  sponsors: sponsorBlocks,
  roadmap: roadmapBlocks,
  exec_asks: (deck) =>
    deck.ebr?.asks.length
      ? [
          table(
            ['Ask', 'Owner', 'Due'],
            deck.ebr.asks.map((a) => [a.ask, a.owner, a.due]),
          ),
        ]
      : null,
};

/** The blocks of one slide; a slide without data is one line (EMPTY). */
export function slideBlocks(deck: QbrDeck, id: SlideId): Block[] {
  return BUILDERS[id](deck) ?? [{ kind: 'line', text: EMPTY[id] }];
}

/** A chart beside a slide's blocks, for the renderers that draw charts (the PowerPoint deck). */
export interface SlideChart {
  type: 'bar' | 'doughnut';
  title: string;
  labels: string[];
  values: number[];
}

/** Bars a chart shows at most. */
export const MAX_CHART_BARS = 9;

/** The chart of a slide: value progress as bars, the summary's milestones as a doughnut; null for none. */
export function slideChart(deck: QbrDeck, id: SlideId): SlideChart | null {
  if (id === 'value') {
    const measured = deck.value.filter((v) => v.percent !== null).slice(0, MAX_CHART_BARS);
    if (!measured.length) return null;
    return {
      type: 'bar',
      title: 'Progress to target (%)',
      labels: measured.map((v) => short(v.name, 40)),
      values: measured.map((v) => v.percent ?? 0),
    };
  }
  if (id === 'summary') {
    const values = [deck.done.length, deck.next.filter((n) => n.status !== 'Overdue').length, deck.overdue];
    if (!values.some((c) => c > 0)) return null;
    return { type: 'doughnut', title: 'Milestones', labels: ['Done this quarter', 'Due next', 'Overdue'], values };
  }
  return null;
}

function short(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Slide geometry in inches (16:9, 13.33 x 7.5): content from TOP down to BOTTOM, full width or beside a chart. */
export const LAYOUT = { top: 1.25, bottom: 6.85, fullWidth: 12.33, besideChart: 8.2 } as const;

/** The width the blocks of a slide get (inches). */
export function contentWidth(deck: QbrDeck, id: SlideId): number {
  return slideChart(deck, id) ? LAYOUT.besideChart : LAYOUT.fullWidth;
}

/** The columns of a table `w` inches wide: the first (the name) gets more room. */
export function columnWidths(n: number, w: number): number[] {
  if (n === 1) return [w];
  const first = Math.min(w * 0.4, w / n + 1.5);
  return [first, ...Array.from({ length: n - 1 }, () => (w - first) / (n - 1))];
}

/** Characters of 11 pt text an inch of a table cell holds (a conservative average). */
const CHARS_PER_INCH = 12;

/** The estimated height (inches) of one table row: 0.33 for one line, 0.19 for each wrapped one. */
function rowHeight(cells: string[], widths: number[]): number {
  const lines = Math.max(
    1,
    ...cells.map((c, i) => Math.ceil(c.length / Math.max(1, (widths[i] - 0.1) * CHARS_PER_INCH))),
  );
  return 0.33 + 0.19 * (lines - 1);
}

/** The estimated height (inches) of a block `w` inches wide, including the gap after it. */
export function blockHeight(block: Block, w: number): number {
  if (block.kind === 'line') return 0.5;
  if (block.kind === 'facts') return 0.42 * block.items.length + 0.15;
  if (block.kind === 'bullets') {
    const chars = (w - 0.3) * 9;
    const lines = block.items.reduce((n, i) => n + Math.max(1, Math.ceil(i.length / chars)), 0);
    return (block.title ? 0.4 : 0) + 0.34 * lines + 0.15;
  }
  const widths = columnWidths(block.headers.length, w);
  return [block.headers, ...block.rows].reduce((h, r) => h + rowHeight(r, widths), 0) + 0.25;
}

/** One slide page: a slide's blocks, or the part of them that fits ("Milestones (2 of 3)"). */
export interface SlidePage {
  id: SlideId;
  /** The slide's title, with "(2 of 3)" when its content runs over several pages. */
  title: string;
  /** 1 for the first page of a slide (it carries the chart and the talking points). */
  part: number;
  parts: number;
  blocks: Block[];
}

/**
 * Splits blocks over pages of `height` inches: a table or list that does not fit continues on the
 * next page (a table repeats its header), so no row is ever left out. Every page holds at least one
 * row or item.
 */
export function paginate(blocks: readonly Block[], w: number, height: number): Block[][] {
  const pages: Block[][] = [[]];
  let used = 0;
  const newPage = () => {
    pages.push([]);
    used = 0;
  };
  for (const block of blocks) {
    let rest: Block | null = block;
    while (rest) {
      const h = blockHeight(rest, w);
      const page = pages[pages.length - 1];
      if (used + h <= height || (page.length === 0 && rest.kind !== 'table' && rest.kind !== 'bullets')) {
        page.push(rest);
        used += h;
        rest = null;
        continue;
      }
      const [head, tail] = split(rest, w, height - used);
      if (!head || (page.length > 0 && itemsOf(head) < Math.min(2, itemsOf(rest)))) {
        if (page.length === 0) {
          // Nothing fits even on an empty page: one row or item per page.
          const [one, more] = splitAt(rest, 1);
          page.push(one);
          rest = more;
        }
        newPage();
        continue;
      }
      page.push(head);
      used += blockHeight(head, w);
      rest = tail;
      if (rest) newPage();
    }
  }
  return pages.filter((p, i) => p.length > 0 || i === 0);
}

function itemsOf(b: Block): number {
  return b.kind === 'table' ? b.rows.length : b.kind === 'bullets' ? b.items.length : 1;
}

/** The first n rows (items) of a table (list) and the rest, or null for none. */
function splitAt(b: Block, n: number): [Block, Block | null] {
  if (b.kind === 'table')
    return [{ ...b, rows: b.rows.slice(0, n) }, n < b.rows.length ? { ...b, rows: b.rows.slice(n) } : null];
  if (b.kind === 'bullets')
    return [
      { ...b, items: b.items.slice(0, n) },
      n < b.items.length
        ? { ...b, title: b.title ? `${b.title} (continued)` : undefined, items: b.items.slice(n) }
        : null,
    ];
  return [b, null];
}

/** The largest head of a table or list that fits in `room` inches, and the rest. */
function split(b: Block, w: number, room: number): [Block | null, Block | null] {
  let n = 0;
  while (n < itemsOf(b) && blockHeight(splitAt(b, n + 1)[0], w) <= room) n++;
  return n === 0 ? [null, b] : splitAt(b, n);
}

/** The deck's pages in order: each slide's blocks paginated to the slide's height (LAYOUT), for every format alike. */
export function deckPages(deck: QbrDeck): SlidePage[] {
  return slidesOf(deck).flatMap((slide) => {
    const pages = paginate(slideBlocks(deck, slide.id), contentWidth(deck, slide.id), LAYOUT.bottom - LAYOUT.top);
    return pages.map((blocks, i) => ({
      id: slide.id,
      title: pages.length > 1 ? `${slide.title} (${i + 1} of ${pages.length})` : slide.title,
      part: i + 1,
      parts: pages.length,
      blocks,
    }));
  });
}

/** The deck as markdown. */
export function renderQbrMarkdown(deck: QbrDeck): string {
  const out: string[] = [`# ${md(deck.title)}`, md(deckSubtitle(deck))];
  if (deck.audience === 'internal')
    out.push(
      `> **INTERNAL: this deck holds the health score and team notes. Share the customer deck instead (csp qbr ${deck.account} --audience customer).**`,
    );
  for (const page of deckPages(deck)) {
    out.push(`## ${md(page.title)}`);
    for (const b of page.blocks) out.push(markdownBlock(b));
    const notes = page.part === 1 ? deck.notes[page.id] : [];
    if (notes.length) out.push(`> **Talking points**\n${notes.map((n) => `> - ${md(n)}`).join('\n')}`);
  }
  out.push(
    '---',
    `_${md(`Made by csp qbr for the ${deck.audience === 'customer' ? 'customer' : 'team (internal)'}: ${deck.provenance}`)}_`,
  );
  return out.join('\n\n') + '\n';
}

function markdownBlock(b: Block): string {
  if (b.kind === 'line') return md(b.text);
  if (b.kind === 'facts') return b.items.map(([k, v]) => `- **${md(k)}:** ${md(v)}`).join('\n');
  if (b.kind === 'bullets')
    return `${b.title ? `**${md(b.title)}**\n\n` : ''}${b.items.map((i) => `- ${md(i)}`).join('\n')}`;
  const line = (cells: string[]) => `| ${cells.map((c) => md(c) || ' ').join(' | ')} |`;
  return [line(b.headers), `|${b.headers.map(() => ' --- ').join('|')}|`, ...b.rows.map(line)].join('\n');
}

/** The deck as HTML slides: one 16:9 page per slide (printed to PDF by pdf.ts), talking points on the internal deck only. */
export function renderQbrHtml(deck: QbrDeck, generator = 'csp'): string {
  const slides: SafeHtml[] = [
    html`<section class="slide title"><h1>${deck.title}</h1><p class="sub">${deckSubtitle(deck)}</p>${deck.audience === 'internal' ? html`<p class="banner">INTERNAL: do not share with the customer</p>` : undefined}</section>`,
  ];
  for (const page of deckPages(deck)) {
    const notes = page.part === 1 ? deck.notes[page.id] : [];
    slides.push(
      html`<section class="slide" id="${page.part === 1 ? page.id : `${page.id}-${page.part}`}"><h2>${page.title}</h2>${page.blocks.map(htmlBlock)}${
        deck.audience === 'internal' && notes.length
          ? html`<aside class="notes"><strong>Talking points</strong><ul>${notes.map((n) => html`<li>${n}</li>`)}</ul></aside>`
          : undefined
      }</section>`,
    );
  }
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${generator}">
<title>${deck.title}</title>
<style>${raw(STYLE)}</style></head>
<body>${slides}<footer>${`Made by csp qbr for the ${deck.audience === 'customer' ? 'customer' : 'team (internal)'}: ${deck.provenance}`}</footer></body></html>
`.html;
}

function htmlBlock(b: Block): SafeHtml {
  if (b.kind === 'line') return html`<p class="line">${b.text}</p>`;
  if (b.kind === 'facts') return html`<dl>${b.items.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`;
  if (b.kind === 'bullets')
    return html`${b.title ? html`<h3>${b.title}</h3>` : undefined}<ul>${b.items.map((i) => html`<li>${i}</li>`)}</ul>`;
  return html`<table><thead><tr>${b.headers.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${b.rows.map((r) => html`<tr>${r.map((c) => html`<td>${c}</td>`)}</tr>`)}</tbody></table>`;
}

const STYLE = `
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: #1f2933; font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.slide { padding: 28px 40px; min-height: 100vh; border-bottom: 1px solid #d9e0e7; break-after: page; page-break-after: always; }
.slide.title { display: flex; flex-direction: column; justify-content: center; background: #1f3f7a; color: #fff; }
.slide.title h1 { font-size: 34px; margin: 0 0 8px; }
.sub { font-size: 16px; opacity: .9; }
h2 { font-size: 24px; color: #2f5fb3; border-bottom: 3px solid #2f5fb3; padding-bottom: 4px; margin: 0 0 14px; }
h3 { font-size: 16px; margin: 12px 0 4px; }
dl { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 6px 16px; margin: 0 0 8px; }
dt { font-size: 11px; text-transform: uppercase; color: #607080; } dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; font-size: 13px; margin: 6px 0 10px; }
th, td { border: 1px solid #d9e0e7; padding: 4px 6px; text-align: left; vertical-align: top; overflow-wrap: anywhere; word-break: break-word; }
th { background: #f4f7fb; }
p, li { overflow-wrap: anywhere; }
.line { color: #607080; font-style: italic; }
.notes { margin-top: 12px; padding: 8px 12px; background: #fff8e1; border-left: 4px solid #f0b400; font-size: 12px; }
.banner { background: #fdecea; color: #8e1b1b; padding: 6px 10px; font-weight: 600; display: inline-block; }
footer { padding: 8px 40px; color: #607080; font-size: 11px; }
@page { size: 338.67mm 190.5mm; margin: 0 0 10mm; }
@media print { .slide { min-height: 180mm; border: 0; } footer { display: none; } }
`;
