/**
 * The portfolio dashboard of `csp site` (issue 16; the CS.OS framework's "Customer health
 * dashboard", shared/reference/003): one small row per account, and the numbers a CSM manager
 * reads from them: healthy / at risk / critical shares (the health model's bands green / yellow /
 * red), the average customer health score, the renewal rate and NRR where the health signals
 * record ARR a year back, the health distribution (80-100 Expand, 60-79 Monitor, 40-59
 * Intervene, 0-39 Save: counts and ARR), renewals in the next 120 days, overdue milestones, plans
 * whose Stage 4 proposal is blocked, and the reminders due this week.
 *
 * NOTE: every function in this file is self-contained (it calls only the others here, by name,
 * and no import): the site's index page carries their source (Function.prototype.toString) as its
 * filter script, so the page recomputes exactly what the build computed for the subset a filter
 * leaves. Keep them free of imports, closures over module values and TypeScript-only runtime
 * helpers. Pure.
 */

/** One account of the site: what the dashboard, its lists and its filters need. Money in US dollars. */
export interface SiteRow {
  /** The account slug (its page is accounts/<slug>.html). */
  a: string;
  /** Account name. */
  n: string;
  /** Plan owner. */
  o: string;
  /** Lifecycle phase. */
  p: string;
  /** Plan type. */
  t: string;
  /** ARR, or null. */
  arr: number | null;
  /** CSP health verdict: healthy, needs_attention, at_risk. */
  v: string;
  /** Customer health score 0-100, or null without signals. */
  s: number | null;
  /** The health model's band of the score: green, yellow, red; null without one. */
  b: string | null;
  /** Renewal date (YYYY-MM-DD) and days until it, when it falls within RENEWAL_WINDOW_DAYS. */
  r: [date: string, days: number] | null;
  /** Overdue milestones: id, title, due, days overdue. */
  m: Array<[id: string, title: string, due: string, days: number]>;
  /** How many things the Stage 4 proposal lacks (0: not blocked). */
  x: number;
  /** Reminders due this week: date, subject, to ('' when it is the owner), escalation (1) or not (0). */
  w: Array<[date: string, subject: string, to: string, escalation: number]>;
  /** ARR a year before and on the date, from the health signals (for renewal rate and NRR), or null. */
  y: [then: number, now: number] | null;
}

/** The days ahead the renewals list looks (SPEC renewal timeline: T-120 is the internal kickoff). */
export const RENEWAL_WINDOW_DAYS = 120;

/** The health distribution of reference/003: score ranges and their action. */
export const SCORE_RANGES: ReadonlyArray<{ key: string; min: number; max: number; action: string }> = [
  { key: 'expand', min: 80, max: 100, action: 'Expand' },
  { key: 'monitor', min: 60, max: 79, action: 'Monitor' },
  { key: 'intervene', min: 40, max: 59, action: 'Intervene' },
  { key: 'save', min: 0, max: 39, action: 'Save' },
];

/** The dashboard's numbers for a set of rows. Shares in percent with one decimal; null when there is nothing to divide by. */
export interface Dashboard {
  accounts: number;
  arrUsd: number;
  scored: number;
  /** Shares of the scored accounts by the model's band (green healthy, yellow at risk, red critical). */
  healthy: { count: number; pct: number | null };
  atRisk: { count: number; pct: number | null };
  critical: { count: number; pct: number | null };
  averageScore: number | null;
  /** Of the accounts with ARR a year back, the share that still has ARR. */
  renewalRate: number | null;
  /** ARR now over ARR a year back, of the same accounts. */
  nrr: number | null;
  /** How many accounts had ARR recorded a year back (the base of renewal rate and NRR). */
  cohort: number;
  /** Rows of the distribution: expand, monitor, intervene, save, then "no score". */
  distribution: Array<{ key: string; label: string; action: string; count: number; arrUsd: number }>;
  /** CSP health verdict counts (always available). */
  verdicts: { healthy: number; needs_attention: number; at_risk: number };
}

/** The score range key of a score ("none" without one). */
export function rangeOf(score: number | null): string {
  if (score === null || score === undefined) return 'none';
  if (score >= 80) return 'expand';
  if (score >= 60) return 'monitor';
  if (score >= 40) return 'intervene';
  return 'save';
}

/** Computes the dashboard of the rows. */
export function computeDashboard(rows: readonly SiteRow[]): Dashboard {
  const pct = (n: number, of: number) => (of === 0 ? null : Math.round((n / of) * 1000) / 10);
  const money = (n: number) => Math.round(n * 100) / 100;
  const ranges: Array<{ key: string; label: string; action: string; count: number; arrUsd: number }> = [
    { key: 'expand', label: '80-100', action: 'Expand', count: 0, arrUsd: 0 },
    { key: 'monitor', label: '60-79', action: 'Monitor', count: 0, arrUsd: 0 },
    { key: 'intervene', label: '40-59', action: 'Intervene', count: 0, arrUsd: 0 },
    { key: 'save', label: '0-39', action: 'Save', count: 0, arrUsd: 0 },
    { key: 'none', label: 'No score', action: 'Record health signals', count: 0, arrUsd: 0 },
  ];
  let arr = 0;
  let scored = 0;
  let sum = 0;
  let green = 0;
  let yellow = 0;
  let red = 0;
  let cohort = 0;
  let retained = 0;
  let then = 0;
  let now = 0;
  const verdicts = { healthy: 0, needs_attention: 0, at_risk: 0 };
  for (const row of rows) {
    arr += row.arr ?? 0;
    const range = ranges.find((x) => x.key === rangeOf(row.s));
    if (range) {
      range.count++;
      range.arrUsd = money(range.arrUsd + (row.arr ?? 0));
    }
    if (row.s !== null) {
      scored++;
      sum += row.s;
    }
    if (row.b === 'green') green++;
    else if (row.b === 'yellow') yellow++;
    else if (row.b === 'red') red++;
    if (row.v === 'healthy' || row.v === 'needs_attention' || row.v === 'at_risk') verdicts[row.v]++;
    if (row.y && row.y[0] > 0) {
      cohort++;
      then += row.y[0];
      now += row.y[1];
      if (row.y[1] > 0) retained++;
    }
  }
  const banded = green + yellow + red;
  return {
    accounts: rows.length,
    arrUsd: money(arr),
    scored,
    healthy: { count: green, pct: pct(green, banded) },
    atRisk: { count: yellow, pct: pct(yellow, banded) },
    critical: { count: red, pct: pct(red, banded) },
    averageScore: scored === 0 ? null : Math.round((sum / scored) * 10) / 10,
    renewalRate: pct(retained, cohort),
    nrr: then === 0 ? null : Math.round((now / then) * 1000) / 10,
    cohort,
    distribution: ranges,
    verdicts,
  };
}

/** Text for HTML content and double-quoted attributes. */
export function esc(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}

/** US dollars, whole: $1,234,567. */
export function usdText(n: number | null): string {
  if (n === null || n === undefined) return '-';
  return `$${Math.round(n).toLocaleString('en-US')}`;
}

/** A share as text: "42.5%", or "-" . */
export function pctText(n: number | null): string {
  return n === null || n === undefined ? '-' : `${n}%`;
}

/** The page of an account, relative to the index. */
export function accountHref(slug: string): string {
  return `accounts/${encodeURIComponent(slug)}.html`;
}

/** The headline figures and the health distribution (with its SVG bars), as markup. */
export function dashboardMarkup(d: Dashboard): string {
  const bar = (pctValue: number | null, cls: string) =>
    `<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect width="100" height="10" class="track"/><rect width="${pctValue ?? 0}" height="10" class="${cls}"/></svg>`;
  const share = (label: string, key: string, s: { count: number; pct: number | null }, cls: string) =>
    `<div class="share"><span class="label">${label}</span>${bar(s.pct, cls)}<span class="num" data-kpi="${key}">${pctText(s.pct)}</span><span class="muted">${s.count.toLocaleString('en-US')}</span></div>`;
  const kpi = (label: string, key: string, value: string, note: string) =>
    `<div class="kpi"><span class="label">${label}</span><span class="big" data-kpi="${key}">${esc(value)}</span><span class="muted">${esc(note)}</span></div>`;
  const maxCount = Math.max(1, ...d.distribution.map((r) => r.count));
  const rows = d.distribution
    .map(
      (r) =>
        `<tr data-range="${r.key}"><th scope="row">${r.label}</th><td class="n" data-kpi="range-${r.key}">${r.count.toLocaleString('en-US')}</td><td class="n">${usdText(r.arrUsd)}</td><td>${r.action}</td><td class="chart"><svg class="hbar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect width="${Math.round((r.count / maxCount) * 100)}" height="10" class="range-${r.key}"/></svg></td></tr>`,
    )
    .join('');
  return `<section id="health" aria-labelledby="health-h"><h2 id="health-h">Portfolio health</h2>
<div class="cards"><div class="card shares">
${share('Healthy', 'healthy', d.healthy, 'green')}
${share('At risk', 'at-risk', d.atRisk, 'yellow')}
${share('Critical', 'critical', d.critical, 'red')}
<p class="muted">Shares of the ${d.healthy.count + d.atRisk.count + d.critical.count} accounts whose health score has a band (health model: green, yellow, red).</p></div>
${kpi('Accounts', 'accounts', d.accounts.toLocaleString('en-US'), `${usdText(d.arrUsd)} ARR`)}
${kpi('Average health score', 'average', d.averageScore === null ? '-' : `${d.averageScore}/100`, d.scored === 0 ? 'no account has health signals' : `of ${d.scored} scored accounts`)}
${kpi('Renewal rate', 'renewal-rate', pctText(d.renewalRate), d.cohort === 0 ? 'needs ARR in the health signals a year back' : `of ${d.cohort} accounts with ARR a year ago`)}
${kpi('NRR', 'nrr', pctText(d.nrr), d.cohort === 0 ? 'needs ARR in the health signals a year back' : 'ARR now over ARR a year ago')}
${kpi('CSP health', 'verdicts', `${d.verdicts.healthy} / ${d.verdicts.needs_attention} / ${d.verdicts.at_risk}`, 'plans healthy / needing attention / at risk')}
</div>
<table class="dist"><caption>Health distribution</caption><thead><tr><th scope="col">Score range</th><th scope="col">Customers</th><th scope="col">ARR</th><th scope="col">Action</th><th scope="col"><span class="sr">Customers, as a bar</span></th></tr></thead><tbody>${rows}</tbody></table>
</section>`;
}

/** The four lists (renewals, overdue milestones, blocked proposals, reminders this week), each showing at most `limit` rows. */
export function listsMarkup(rows: readonly SiteRow[], limit: number): string {
  const link = (row: SiteRow) => `<a href="${esc(accountHref(row.a))}">${esc(row.n)}</a>`;
  const block = (id: string, title: string, head: string[], items: string[][], empty: string) => {
    const shown = items.slice(0, limit);
    const more =
      items.length > shown.length
        ? `<p class="muted">Showing ${shown.length} of ${items.length.toLocaleString('en-US')}; filter to narrow the list.</p>`
        : '';
    const body =
      shown.length === 0
        ? `<p class="empty">${empty}</p>`
        : `<table><thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${shown.map((cells) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
    return `<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${title} <span class="count" data-count="${id}">${items.length.toLocaleString('en-US')}</span></h2>${body}${more}</section>`;
  };
  const renewals = rows
    .filter((r) => r.r)
    .sort((a, b) => a.r![1] - b.r![1] || (a.a < b.a ? -1 : a.a > b.a ? 1 : 0))
    .map((r) => [link(r), `<span class="nw">${esc(r.r![0])}</span>`, `${r.r![1]} days`, usdText(r.arr), esc(r.o)]);
  const overdue: Array<{ days: number; row: SiteRow; m: [string, string, string, number] }> = [];
  for (const r of rows) for (const m of r.m) overdue.push({ days: m[3], row: r, m });
  overdue.sort((a, b) => b.days - a.days || (a.row.a < b.row.a ? -1 : a.row.a > b.row.a ? 1 : 0));
  const blocked = rows
    .filter((r) => r.x > 0)
    .sort((a, b) => b.x - a.x || (a.a < b.a ? -1 : a.a > b.a ? 1 : 0))
    .map((r) => [link(r), `${r.x} missing`, usdText(r.arr), esc(r.o)]);
  const reminders: Array<{ row: SiteRow; w: [string, string, string, number] }> = [];
  for (const r of rows) for (const w of r.w) reminders.push({ row: r, w });
  reminders.sort(
    (a, b) =>
      b.w[3] - a.w[3] ||
      (a.w[0] < b.w[0] ? -1 : a.w[0] > b.w[0] ? 1 : 0) ||
      (a.row.a < b.row.a ? -1 : a.row.a > b.row.a ? 1 : 0),
  );
  return [
    block(
      'renewals',
      'Renewals in the next 120 days',
      ['Account', 'Renewal', 'In', 'ARR', 'Owner'],
      renewals,
      'No renewal in the next 120 days.',
    ),
    block(
      'overdue',
      'Overdue milestones',
      ['Account', 'Milestone', 'Due', 'Overdue'],
      overdue.map((o) => [link(o.row), esc(o.m[1]), `<span class="nw">${esc(o.m[2])}</span>`, `${o.days} days`]),
      'No overdue milestone.',
    ),
    block(
      'blocked',
      'Plans blocked at Stage 4',
      ['Account', 'Proposal', 'ARR', 'Owner'],
      blocked,
      'No proposal is blocked.',
    ),
    block(
      'reminders',
      'Reminders due this week',
      ['Account', 'Date', 'Reminder', 'For'],
      reminders.map((x) => [
        link(x.row),
        `<span class="nw">${esc(x.w[0])}</span>`,
        `${x.w[3] ? '<strong>Escalation:</strong> ' : ''}${esc(x.w[1])}`,
        esc(x.w[2] || x.row.o),
      ]),
      'No reminder this week.',
    ),
  ].join('\n');
}
