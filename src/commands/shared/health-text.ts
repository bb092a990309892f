/**
 * The customer health score as text for a terminal: the score, band and trend on one line, then
 * each component with its score and trend, and under it each input with its value, its score and
 * where the value came from (date, source, and how many rows of which file).
 */
import type { Styles } from '../../cli/render.js';
import type { HealthScore, InputScore, SignalSource, Trend } from '../../customer-health/score.js';

const ARROW: Record<Trend, string> = { improving: 'up', stable: 'flat', declining: 'down' };

/** "+4.2 improving" / "-7 declining" / "stable", or '' without a trend. */
function trendText(change: number | null, trend: Trend | null): string {
  if (trend === null || change === null) return '';
  return `${change > 0 ? '+' : ''}${change} ${ARROW[trend]}`;
}

/** The band word, coloured. */
function bandText(band: string | null, style: Styles): string {
  if (band === 'green') return style.green('green');
  if (band === 'yellow') return style.yellow('yellow');
  if (band === 'red') return style.red('red');
  return style.dim('no band');
}

/** One line: "Customer health 72.4 yellow (-6.1 down since 2026-10-23), model X, coverage 60%". */
export function healthHeadline(h: HealthScore, style: Styles): string {
  if (h.score === null) return `Customer health: ${style.dim('no score')} (${h.note})`;
  const trend = h.trend ? `, ${trendText(h.change, h.trend)} since ${h.previous!.date}` : '';
  return `Customer health ${style.bold(String(h.score))} ${bandText(h.band, style)}${trend} (${h.coverage}% of the model has data${h.note ? `; ${h.note}` : ''})`;
}

/** Where a source value came from, in a few words. */
function sourceText(s: SignalSource): string {
  const rows =
    s.rows && s.file
      ? `, ${s.rows.length} row${s.rows.length === 1 ? '' : 's'} of ${s.file}${s.rows.length > 0 && s.rows.length <= 3 ? ` (${s.rows.join(', ')})` : ''}`
      : '';
  return `${s.signal} ${JSON.stringify(s.value)} on ${s.date}${s.source ? ` from ${s.source}` : ''}${rows}`;
}

function inputLine(i: InputScore): string {
  const value =
    i.value === null
      ? 'no data'
      : `${typeof i.value === 'number' ? i.value : JSON.stringify(i.value)}${i.unit ? ` ${i.unit}` : ''}`;
  const score = i.score === null ? `(${i.missing ?? 'not scored'})` : `-> ${i.score}`;
  const from = i.sources.length > 0 ? `  [${i.sources.map(sourceText).join('; ')}]` : '';
  return `      ${i.metric}: ${value} ${score}${i.score === null ? '' : from}`;
}

/** The components and inputs under the headline. */
export function healthDetail(h: HealthScore, style: Styles, options: { inputs?: boolean } = {}): string[] {
  const lines: string[] = [];
  for (const c of h.components) {
    const score = c.score === null ? style.dim('no data') : String(c.score);
    const trend = c.trend ? `  ${trendText(c.change, c.trend)}` : '';
    lines.push(
      `    ${c.name.padEnd(13)} ${score.padStart(5)}  weight ${c.weight}${trend}${c.score !== null && c.coverage < 100 ? style.dim(`  (${c.coverage}% of its inputs)`) : ''}`,
    );
    if (options.inputs !== false) for (const i of c.inputs) if (i.score !== null) lines.push(style.dim(inputLine(i)));
  }
  return lines;
}
