/**
 * One account of `csp site` (issue 16): from its plan (and its health signals, the health model and
 * its snapshot list) to the dashboard's row (dashboard.ts SiteRow) and its internal page: the plan
 * as the internal HTML export renders it (src/export/: summary, Gantt, value progress, every
 * section), with the site's navigation, the health breakdown (CSP health reasons, customer health
 * components) and the history (snapshots) added. Plan text is untrusted: control characters are
 * made visible (neutralise) before anything renders it, and every value is escaped. Pure.
 */
import { addDaysIso, daysBetween, isIsoDate, type IsoDate } from '../domain/dates.js';
import { cspHealth } from '../domain/plan-health.js';
import type { Plan } from '../domain/plan.js';
import { planEntry } from '../domain/portfolio.js';
import { remindersFor, upcomingReminders } from '../domain/reminders.js';
import { renderHtml } from '../export/html.js';
import { buildView, type Provenance } from '../export/view.js';
import { scoreHealth, type HealthScore } from '../customer-health/score.js';
import type { HealthModel, HealthSignals } from '../domain/types.gen.js';
import { esc, pctText, RENEWAL_WINDOW_DAYS, type SiteRow } from './dashboard.js';

/** What the account's row and page are computed from. */
export interface AccountInput {
  plan: Plan;
  /** The plan's text holds no control character and no backslash: neutralise has nothing to do. */
  planClean?: boolean;
  signals?: Pick<HealthSignals, 'signals'>;
  model: HealthModel;
  asOf: IsoDate;
  minArrUsd: number;
  /** The snapshots in csp_history, newest first: version and date (from csp_v<N>_<date>.yaml). */
  snapshots: Array<{ version: number; date: string; file: string }>;
  /** HEAD's short hash of the InfoHub (one git call for the whole site), or null. */
  commit: string | null;
  inGit: boolean;
  escalateTo?: string;
}

/** The days "this week" covers: the date and the six after it. */
export const WEEK_DAYS = 7;

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/g;
/** The same characters, for a test (a /g expression's test() keeps state between calls). */
const HAS_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * A copy of a value with every control character in its strings (C0 but tab and line breaks,
 * DEL, C1, the Unicode line and paragraph separators) replaced by a visible "\uXXXX" escape: the
 * site shows them, never passes them to the browser.
 */
export function neutralise<T>(value: T): T {
  if (typeof value === 'string')
    return (
      HAS_CONTROL.test(value)
        ? value.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
        : value
    ) as T;
  if (Array.isArray(value)) return value.map(neutralise) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = neutralise(v);
    return out as T;
  }
  return value;
}

/** Newest ARR recorded in the signals on or before a date. */
function arrOn(signals: Pick<HealthSignals, 'signals'> | undefined, date: IsoDate): number | null {
  let best: { date: string; value: number } | null = null;
  for (const s of signals?.signals ?? []) {
    const v = s.values?.arr_usd;
    if (typeof v === 'number' && isIsoDate(s.date) && s.date <= date && (!best || s.date >= best.date))
      best = { date: s.date, value: v };
  }
  return best?.value ?? null;
}

/** The account's dashboard row and its page. Throws (TypeError and the like) on a plan too malformed to read; the caller reports it. */
export function accountSite(input: AccountInput): { row: SiteRow; page: string } {
  const plan = input.planClean ? input.plan : neutralise(input.plan);
  const signals = input.signals ? neutralise(input.signals) : undefined;
  const { asOf } = input;
  const meta = plan.meta;
  const entry = planEntry(plan, asOf, input.minArrUsd);
  let score: HealthScore | null = null;
  if (signals) score = scoreHealth(signals, input.model, asOf);
  const renewal = plan.customer_context?.contract?.renewal_date;
  const renewalDays = isIsoDate(renewal) ? daysBetween(asOf, renewal) : null;
  const options = input.escalateTo ? { escalateTo: input.escalateTo } : {};
  const week = [...remindersFor(plan, asOf, options), ...upcomingReminders(plan, asOf, WEEK_DAYS - 1, options)];
  const then = arrOn(signals, addDaysIso(asOf, -365));
  const owner = meta.owner?.name ?? '';
  const row: SiteRow = {
    a: meta.account,
    n: meta.account_name ?? meta.account,
    o: owner,
    p: meta.phase,
    t: meta.plan_type,
    arr: entry.arrUsd,
    v: entry.verdict,
    s: score?.score ?? null,
    b: score?.band ?? null,
    r:
      renewalDays !== null && renewalDays >= 0 && renewalDays <= RENEWAL_WINDOW_DAYS
        ? [renewal as string, renewalDays]
        : null,
    m: entry.milestones.overdue.map((m) => [m.id, m.title, m.due, -m.days]),
    x: entry.proposalBlocked,
    // NOTE: the list shows the account in a column of its own; the subject's "[name] " prefix is left out.
    w: week.map((r) => [
      r.date,
      r.subject.startsWith(`[${r.accountName}] `) ? r.subject.slice(r.accountName.length + 3) : r.subject,
      r.to === owner ? '' : r.to,
      r.escalation ? 1 : 0,
    ]),
    y: then !== null ? [then, arrOn(signals, asOf) ?? 0] : null,
  };
  const provenance: Provenance = {
    generatedOn: asOf,
    version: input.snapshots[0]?.version ?? null,
    commit: input.commit,
    uncommitted: false,
    inGit: input.inGit,
  };
  const health = cspHealth(plan, asOf);
  const exported = renderHtml(buildView(plan, 'internal', provenance), 'csp site');
  const nav = `<nav class="site" aria-label="Site"><a href="../index.html">Portfolio dashboard</a> · <a href="../accounts.html">All accounts</a></nav>`;
  const verdictText: Record<string, string> = {
    healthy: 'Healthy',
    needs_attention: 'Needs attention',
    at_risk: 'At risk',
  };
  const reasons = health.reasons
    .map(
      (r) =>
        `<li><span class="pill ${r.level === 'at_risk' ? 'red' : r.level === 'attention' ? 'amber' : 'grey'}">${esc(r.level === 'at_risk' ? 'at risk' : r.level)}</span> ${esc(r.message)}</li>`,
    )
    .join('');
  const components = score
    ? `<table><caption>Customer health score ${score.score === null ? '-' : `${score.score}/100`}${score.band ? ` (${esc(score.band)})` : ''}${score.trend ? `, ${esc(score.trend)}` : ''}</caption><thead><tr><th scope="col">Component</th><th scope="col">Weight</th><th scope="col">Score</th><th scope="col">Trend</th></tr></thead><tbody>${score.components.map((c) => `<tr><td>${esc(c.name)}</td><td>${esc(pctText(c.weight))}</td><td>${c.score === null ? '-' : esc(c.score)}</td><td>${esc(c.trend ?? '-')}</td></tr>`).join('')}</tbody></table>${score.note ? `<p class="muted">${esc(score.note)}</p>` : ''}`
    : '<p class="muted">No health signals recorded (csp signal or csp signal import adds them).</p>';
  const history = [
    ...input.snapshots.map(
      (s) =>
        `<li><span class="nw">${esc(s.date)}</span> snapshot v${s.version} <span class="muted">(${esc(s.file)})</span></li>`,
    ),
    isIsoDate(meta.updated) ? `<li><span class="nw">${esc(meta.updated)}</span> plan last updated</li>` : '',
    isIsoDate(meta.created) ? `<li><span class="nw">${esc(meta.created)}</span> plan created</li>` : '',
  ].join('');
  const added = `<section id="site-health"><h2>Health</h2><p><strong>CSP health:</strong> ${esc(verdictText[health.verdict] ?? health.verdict)}, ${health.complete ? 'complete' : 'incomplete'}${health.staleDays !== null ? `, updated ${health.staleDays} days ago` : ''}</p>${reasons ? `<ul>${reasons}</ul>` : ''}${components}</section>
<section id="site-history"><h2>History</h2><ul>${history}</ul></section>`;
  const page = exported
    .replace('</style>', `${SITE_STYLE}</style>`)
    .replace(/<body([^>]*)>/, (m) => `${m}\n${nav}`)
    .replace('<main>', `<main>\n${added}`);
  return { row, page };
}

const SITE_STYLE = `
nav.site { margin: 0 0 12px; font-size: 13px; }
nav.site a { color: #1d4f9c; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
`;
