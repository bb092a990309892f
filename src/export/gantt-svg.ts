/**
 * The timeline as an inline SVG Gantt chart for the HTML export: month ticks, one bar per
 * adoption phase, one diamond per milestone (coloured by status), and a line at the export date.
 * Self-contained (no fonts, scripts or links) and sized by its viewBox so it scales to the page
 * and to print. Pure.
 */
import { daysBetween, type IsoDate } from '../domain/dates.js';
import { shorten } from './escape.js';
import { html, type SafeHtml } from './html-template.js';
import { monthStarts, nextDay, type Timeline } from './view.js';

const WIDTH = 960;
const LABEL_W = 250;
const CHART_X = LABEL_W + 10;
const CHART_W = WIDTH - CHART_X - 10;
const HEADER_H = 30;
const ROW_H = 22;
/** Room a month label ("Sep 2026", 10px) and a date label ("2026-12-05", 9-10px) need, in chart units. */
const TICK_LABEL_W = 50;
const DATE_LABEL_W = 60;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Milestone status -> fill colour (fixed palette: plan text never reaches an attribute unescaped). */
const STATUS_FILL: Record<string, string> = {
  done: '#2e7d32',
  in_progress: '#1565c0',
  blocked: '#c62828',
  missed: '#c62828',
  overdue: '#c62828',
  not_started: '#78909c',
};

/** Renders the chart, or undefined when nothing on the timeline has a date. `today` draws a marker when inside the range. */
export function ganttSvg(timeline: Timeline, today?: IsoDate): SafeHtml | undefined {
  if (!timeline.range) return undefined;
  const from = timeline.range.from;
  const to = timeline.range.to;
  const days = Math.max(1, daysBetween(from, nextDay(to)));
  const x = (d: IsoDate) => CHART_X + (daysBetween(from, d) / days) * CHART_W;

  const backgrounds: SafeHtml[] = [];
  const rows: SafeHtml[] = [];
  let y = HEADER_H;
  for (const section of timeline.sections) {
    if (!section.bar && section.milestones.length === 0) continue;
    const label = shorten(section.name, 38);
    backgrounds.push(html`<rect x="0" y="${y}" width="${WIDTH}" height="${ROW_H}" fill="#eef3fb"/>`);
    rows.push(html`<g class="phase"><title>${section.name}${section.bar ? ` (${section.bar.start} to ${section.bar.end})` : ''}</title>
<text x="8" y="${y + 15}" font-weight="600" font-size="12">${label}</text>`);
    if (section.bar) {
      const x1 = x(section.bar.start);
      const w = Math.max(3, x(nextDay(section.bar.end)) - x1);
      rows.push(
        html`<rect x="${num(x1)}" y="${y + 4}" width="${num(w)}" height="${ROW_H - 8}" rx="3" fill="#3f6fc6"/>`,
      );
    }
    rows.push(html`</g>`);
    y += ROW_H;
    for (const m of section.milestones) {
      const cx = x(m.due) + (x(nextDay(m.due)) - x(m.due)) / 2;
      const cy = y + ROW_H / 2;
      const fill = STATUS_FILL[m.status] ?? STATUS_FILL.not_started;
      // The due date goes right of the diamond, or left of it near the right edge.
      const dateOnRight = cx + 10 + DATE_LABEL_W < WIDTH;
      rows.push(html`<g class="milestone"><title>${m.title} (due ${m.due}${m.owner ? `, ${m.owner}` : ''}, ${m.status.replace(/_/g, ' ')})</title>
<text x="22" y="${y + 15}" font-size="11">${shorten(m.title, 40)}</text>
<line x1="${CHART_X}" y1="${cy}" x2="${num(cx)}" y2="${cy}" stroke="#cfd8dc" stroke-dasharray="2 3"/>
<path d="M ${num(cx)} ${cy - 7} L ${num(cx + 7)} ${cy} L ${num(cx)} ${cy + 7} L ${num(cx - 7)} ${cy} Z" fill="${fill}"/>
<text x="${num(dateOnRight ? cx + 10 : cx - 10)}" y="${y + 15}" font-size="10" fill="#455a64" text-anchor="${dateOnRight ? 'start' : 'end'}">${m.due}</text></g>`);
      y += ROW_H;
    }
  }
  const height = y + 8;

  const ticks = monthStarts(from, to).map((month) => {
    const tx = month < from ? CHART_X : x(month);
    const [yy, mm] = month.split('-').map(Number);
    // NOTE: a month that starts too near the right edge for its label gets the grid line only (the label would be clipped).
    return html`<line x1="${num(tx)}" y1="${HEADER_H - 6}" x2="${num(tx)}" y2="${height}" stroke="#e0e0e0"/>
${tx + 3 + TICK_LABEL_W <= WIDTH ? html`<text x="${num(tx + 3)}" y="${HEADER_H - 10}" font-size="10" fill="#546e7a">${MONTHS[mm - 1]} ${yy}</text>` : undefined}`;
  });
  const marker =
    today && today >= from && today <= to
      ? html`<line x1="${num(x(today))}" y1="${HEADER_H - 6}" x2="${num(x(today))}" y2="${height}" stroke="#d84315" stroke-width="1.5" stroke-dasharray="4 3"/>
<text x="${num(x(today) + (x(today) + 3 + DATE_LABEL_W > WIDTH ? -3 : 3))}" y="${height - 2}" font-size="9" fill="#d84315" text-anchor="${x(today) + 3 + DATE_LABEL_W > WIDTH ? 'end' : 'start'}">${today}</text>`
      : undefined;

  return html`<svg class="gantt" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="Timeline of phases and milestones from ${from} to ${to}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif">
<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#ffffff"/>
${backgrounds}
${ticks}
${rows}
${marker}
</svg>`;
}

function num(n: number): string {
  return String(Math.round(n * 10) / 10);
}
