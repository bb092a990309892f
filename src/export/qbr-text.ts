/**
 * The QBR deck (qbr.ts) as markdown (one `##` section per slide, speaker notes as a quoted
 * "Talking points" list) and as HTML slides (16:9 pages, for `--format pdf` through Chromium).
 * Every value is escaped (escape.ts, html`...`). Pure.
 */
import { escapeMarkdown as md } from './escape.js';
import { html, raw, type SafeHtml } from './html-template.js';
import { CONTENT_SECURITY_POLICY } from './html.js';
import { EMPTY, SLIDES, type QbrDeck, type SlideId } from './qbr.js';

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

/** The blocks of one slide; a slide without data is one line (EMPTY). */
export function slideBlocks(deck: QbrDeck, id: SlideId): Block[] {
  const empty = (text = EMPTY[id]): Block[] => [{ kind: 'line', text }];
  switch (id) {
    case 'summary': {
      const s = deck.summary;
      const blocks: Block[] = [
        {
          kind: 'facts',
          items: [
            ['Relationship status', s.status],
            ...(s.health ? ([['Health score (internal)', s.health]] as Array<[string, string]>) : []),
            ['Key theme', s.theme],
          ],
        },
      ];
      blocks.push(
        s.highlights.length
          ? { kind: 'bullets', title: 'Quarter highlights', items: s.highlights }
          : { kind: 'line', text: EMPTY.summary },
      );
      if (s.focus.length) blocks.push({ kind: 'bullets', title: 'Areas of focus', items: s.focus });
      if (s.decisions.length) blocks.push({ kind: 'bullets', title: 'Decisions this quarter', items: s.decisions });
      return blocks;
    }
    case 'value':
      return deck.value.length
        ? [
            {
              kind: 'table',
              headers: ['Outcome', 'Baseline', 'Current', 'Target', 'Change', 'Progress'],
              rows: deck.value.map((v) => [
                v.name,
                v.baseline,
                v.current,
                v.target,
                v.change,
                v.percent === null ? '' : `${v.percent}%`,
              ]),
            },
          ]
        : empty();
    case 'milestones': {
      if (!deck.done.length && !deck.next.length) return empty();
      return [
        deck.done.length
          ? {
              kind: 'table',
              headers: ['Done this quarter', 'Date', 'Owner'],
              rows: deck.done.map((d) => [d.title, d.date, d.owner]),
            }
          : { kind: 'line', text: 'No milestones done this quarter.' },
        deck.next.length
          ? {
              kind: 'table',
              headers: ['Open and next quarter', 'Due', 'Owner', 'Status'],
              rows: deck.next.map((n) => [n.title, n.due, n.owner, n.status]),
            }
          : { kind: 'line', text: 'No milestones due next quarter.' },
      ];
    }
    case 'adoption': {
      const blocks: Block[] = [];
      if (deck.adoption.length)
        blocks.push({
          kind: 'table',
          headers: ['Signal', 'Last quarter', 'This quarter', 'Trend'],
          rows: deck.adoption.map((a) => [a.name, a.previous, a.current, a.trend]),
        });
      if (deck.indicators.length)
        blocks.push({
          kind: 'table',
          headers: ['Health indicator', 'Status', 'Note'],
          rows: deck.indicators.map((h) => [h.name, h.status, h.note]),
        });
      return blocks.length ? blocks : empty();
    }
    case 'risks':
      return deck.risks.length
        ? [
            {
              kind: 'table',
              headers: ['Risk', 'RAG', 'Mitigation', 'Owner', 'Status'],
              rows: deck.risks.map((r) => [r.title, r.rag, r.mitigation, r.owner, r.status]),
            },
          ]
        : empty();
    case 'renewal':
      return deck.renewal
        ? [
            {
              kind: 'line',
              text: `Renewal on ${deck.renewal.date} (${deck.renewal.daysLeft} days from ${deck.asOf}).`,
            },
            {
              kind: 'table',
              headers: ['Step', 'Date', 'What', 'Where we are'],
              rows: deck.renewal.steps.map((s) => [
                s.ref,
                s.date,
                s.what,
                s.state === 'past' ? 'Past' : s.state === 'now' ? 'Now' : 'Upcoming',
              ]),
            },
          ]
        : empty(deck.renewalNote ?? EMPTY.renewal);
    case 'asks':
      return deck.asks.length ? [{ kind: 'bullets', items: deck.asks }] : empty();
  }
}

/** The deck as markdown. */
export function renderQbrMarkdown(deck: QbrDeck): string {
  const out: string[] = [`# ${md(deck.title)}`, md(deckSubtitle(deck))];
  if (deck.audience === 'internal')
    out.push(
      `> **INTERNAL: this deck holds the health score and team notes. Share the customer deck instead (csp qbr ${deck.account} --audience customer).**`,
    );
  for (const slide of SLIDES) {
    out.push(`## ${md(slide.title)}`);
    for (const b of slideBlocks(deck, slide.id)) out.push(markdownBlock(b));
    const notes = deck.notes[slide.id];
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
  for (const slide of SLIDES) {
    const notes = deck.notes[slide.id];
    slides.push(
      html`<section class="slide" id="${slide.id}"><h2>${slide.title}</h2>${slideBlocks(deck, slide.id).map(htmlBlock)}${
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
