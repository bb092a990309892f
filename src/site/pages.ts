/**
 * The pages of `csp site` besides the account pages (account.ts): the index (the portfolio
 * dashboard of dashboard.ts, its four lists, and filters by owner, phase, plan type and health
 * band) and the list of all accounts. Self-contained HTML: inline CSS and SVG; the index's one
 * inline script (allowed by its hash in the Content-Security-Policy) filters the rows, which it
 * loads from site-data.js beside it on the first filter change; nothing leaves the site. Pure.
 */
import { createHash } from 'node:crypto';
import {
  accountHref,
  computeDashboard,
  dashboardMarkup,
  esc,
  listsMarkup,
  pctText,
  rangeOf,
  usdText,
  type SiteRow,
} from './dashboard.js';

/** Rows each list of the index shows at most (the count says how many there are). */
export const LIST_LIMIT = 100;

/** What the pages say about the build. */
export interface SiteInfo {
  asOf: string;
  /** csp's version. */
  version: string;
  /** HEAD's short hash, or null. */
  commit: string | null;
  /** Accounts whose plan could not be read into the site, and why. */
  unreadable: Array<{ account: string; reason: string }>;
}

const PHASES = ['initiate', 'develop', 'finalize', 'execute'];
const BANDS: Array<[string, string]> = [
  ['expand', 'Expand (80-100)'],
  ['monitor', 'Monitor (60-79)'],
  ['intervene', 'Intervene (40-59)'],
  ['save', 'Save (0-39)'],
  ['none', 'No score'],
];

function page(title: string, body: string, scriptSources?: string): string {
  const policy = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; ${scriptSources ? `script-src ${scriptSources}; ` : ''}base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="csp site">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
${body}
</html>
`;
}

function select(name: string, label: string, options: Array<[string, string]>): string {
  return `<div class="filter"><label for="f-${name}">${label}</label><select id="f-${name}" name="${name}"><option value="">All</option>${options.map(([v, t]) => `<option value="${esc(v)}">${esc(t)}</option>`).join('')}</select></div>`;
}

const sorted = (values: Iterable<string>) =>
  [...new Set(values)].filter(Boolean).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** The file next to index.html that holds every row for the filters (loaded on the first filter change). */
export const DATA_FILE = 'site-data.js';

/** The filter script: the dashboard's own functions (their source) and the code that applies the form. */
function filterScript(): string {
  const functions = [esc, usdText, pctText, accountHref, rangeOf, computeDashboard, dashboardMarkup, listsMarkup]
    .map((f) => f.toString())
    .join('\n');
  return `${functions}
(function () {
  var form = document.getElementById('filters');
  var shown = document.getElementById('shown');
  var data = null;
  var loading = false;
  function apply() {
    if (data === null) {
      if (loading) return;
      loading = true;
      shown.textContent = 'Loading the accounts...';
      var script = document.createElement('script');
      script.src = '${DATA_FILE}';
      script.onload = function () { data = window.cspSiteData || []; apply(); };
      script.onerror = function () { loading = false; shown.textContent = 'The filters need ${DATA_FILE} beside index.html.'; };
      document.body.appendChild(script);
      return;
    }
    var f = { o: form.elements.owner.value, p: form.elements.phase.value, t: form.elements.type.value, g: form.elements.band.value };
    var rows = data.filter(function (r) {
      return (!f.o || r.o === f.o) && (!f.p || r.p === f.p) && (!f.t || r.t === f.t) && (!f.g || rangeOf(r.s) === f.g);
    });
    document.getElementById('dashboard').innerHTML = dashboardMarkup(computeDashboard(rows));
    document.getElementById('lists').innerHTML = listsMarkup(rows, ${LIST_LIMIT});
    shown.textContent = rows.length === data.length ? 'All ' + data.length.toLocaleString('en-US') + ' accounts' : rows.length.toLocaleString('en-US') + ' of ' + data.length.toLocaleString('en-US') + ' accounts';
  }
  form.addEventListener('change', apply);
  form.addEventListener('reset', function () { setTimeout(apply, 0); });
  form.addEventListener('submit', function (e) { e.preventDefault(); });
})();
`;
}

/**
 * The rows for the filters, as the script file DATA_FILE (window.cspSiteData = [...]), in chunks
 * so 10,000 rows are never one string. NOTE: the index stays small (it loads in well under a
 * second at 10,000 accounts); the rows are read only when a filter is used.
 */
export function* siteDataChunks(rows: readonly SiteRow[]): Generator<string> {
  yield 'window.cspSiteData = [\n';
  for (let at = 0; at < rows.length; at += 500) {
    yield rows
      .slice(at, at + 500)
      .map((r) => JSON.stringify(r))
      .join(',\n') + (at + 500 < rows.length ? ',\n' : '\n');
  }
  yield '];\n';
}

/** The index: dashboard, lists (each cut at LIST_LIMIT rows), filters. `rows` in account order. */
export function renderIndex(rows: readonly SiteRow[], info: SiteInfo): string {
  const script = filterScript();
  const hash = `sha256-${createHash('sha256').update(script).digest('base64')}`;
  const dashboard = computeDashboard(rows);
  const unreadable = info.unreadable.length
    ? `<section id="unreadable" aria-labelledby="unreadable-h"><h2 id="unreadable-h">Plans left out <span class="count">${info.unreadable.length}</span></h2><ul>${info.unreadable
        .slice(0, LIST_LIMIT)
        .map((u) => `<li><strong>${esc(u.account)}</strong>: ${esc(u.reason)} (csp validate lists every problem)</li>`)
        .join('')}</ul></section>`
    : '';
  const body = `<body>
<header><h1>Portfolio dashboard</h1>
<p class="muted">As of ${esc(info.asOf)} · ${rows.length.toLocaleString('en-US')} accounts · <a href="accounts.html">All accounts</a> · made by csp ${esc(info.version)}${info.commit ? ` from commit ${esc(info.commit)}` : ''}</p></header>
<main>
<form id="filters" class="filters" aria-label="Filters">
${select(
  'owner',
  'Owner',
  sorted(rows.map((r) => r.o)).map((o) => [o, o]),
)}
${select(
  'phase',
  'Phase',
  PHASES.filter((p) => rows.some((r) => r.p === p)).map((p) => [p, p]),
)}
${select(
  'type',
  'Plan type',
  sorted(rows.map((r) => r.t)).map((t) => [t, t]),
)}
${select('band', 'Health band', BANDS)}
<div class="filter"><button type="reset">Clear filters</button></div>
<p id="shown" class="muted" role="status">All ${rows.length.toLocaleString('en-US')} accounts</p>
</form>
<div id="dashboard">${dashboardMarkup(dashboard)}</div>
<div id="lists" class="lists">${listsMarkup(rows, LIST_LIMIT)}</div>
${unreadable}
</main>
<script>${script}</script>
</body>`;
  // NOTE: 'self' lets the page load site-data.js from its own site; file: the same when opened from disk.
  return page('Portfolio dashboard', body, `'${hash}' 'self' file:`);
}

/** Every account, with a link to its page. */
export function renderAccounts(rows: readonly SiteRow[], info: SiteInfo): string {
  const verdict: Record<string, string> = {
    healthy: 'Healthy',
    needs_attention: 'Needs attention',
    at_risk: 'At risk',
  };
  const body = `<body>
<header><nav class="site" aria-label="Site"><a href="index.html">Portfolio dashboard</a></nav><h1>All accounts</h1>
<p class="muted">As of ${esc(info.asOf)} · ${rows.length.toLocaleString('en-US')} accounts</p></header>
<main>
<table class="accounts"><thead><tr><th scope="col">Account</th><th scope="col">Owner</th><th scope="col">Phase</th><th scope="col">Plan type</th><th scope="col">ARR</th><th scope="col">CSP health</th><th scope="col">Health score</th><th scope="col">Renewal</th></tr></thead>
<tbody>${rows
    .map(
      (r) =>
        `<tr><td><a href="${esc(accountHref(r.a))}">${esc(r.n)}</a></td><td>${esc(r.o)}</td><td>${esc(r.p)}</td><td>${esc(r.t)}</td><td class="n">${usdText(r.arr)}</td><td>${esc(verdict[r.v] ?? r.v)}</td><td class="n">${r.s === null ? '-' : esc(r.s)}</td><td class="nw">${r.r ? esc(r.r[0]) : ''}</td></tr>`,
    )
    .join('\n')}</tbody></table>
</main>
</body>`;
  return page('All accounts', body);
}

const STYLE = `
:root { --ink: #1f2933; --muted: #4f5d6b; --line: #d9e0e7; --accent: #1d4f9c; --soft: #f4f7fb; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 20px 28px 48px; color: var(--ink); background: #fff; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 26px; margin: 0 0 4px; color: var(--accent); }
h2 { font-size: 18px; margin: 24px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); }
a { color: var(--accent); }
.muted { color: var(--muted); font-size: 12px; }
.nw { white-space: nowrap; }
.n { text-align: right; font-variant-numeric: tabular-nums; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.filters { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: end; padding: 10px 12px; background: var(--soft); border: 1px solid var(--line); border-radius: 6px; }
.filter { display: flex; flex-direction: column; font-size: 12px; }
.filter label { color: var(--muted); font-weight: 600; }
select, button { font: inherit; font-size: 13px; padding: 3px 6px; min-width: 120px; }
#shown { margin: 0 0 4px auto; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; }
.card, .kpi { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.shares { grid-column: span 2; }
.share { display: grid; grid-template-columns: 70px 1fr 56px 48px; gap: 8px; align-items: center; margin: 4px 0; }
.share .num { font-weight: 700; text-align: right; }
.kpi { display: flex; flex-direction: column; }
.kpi .label, .share .label { font-size: 12px; color: var(--muted); font-weight: 600; }
.kpi .big { font-size: 24px; font-weight: 700; color: var(--accent); }
svg.bar { width: 100%; height: 12px; display: block; }
svg .track { fill: #e6ebf1; }
svg .green, svg .range-expand { fill: #2e7d32; }
svg .yellow, svg .range-monitor { fill: #b7791f; }
svg .red { fill: #c62828; }
svg .range-intervene { fill: #dd6b20; }
svg .range-save { fill: #c62828; }
svg .range-none { fill: #90a4ae; }
table { width: 100%; border-collapse: collapse; margin: 8px 0 12px; font-size: 13px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid var(--line); padding: 4px 7px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
thead th { background: var(--soft); }
table.dist { max-width: 760px; }
table.dist td.chart { width: 35%; }
svg.hbar { width: 100%; height: 12px; display: block; }
.lists { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 0 24px; }
.lists section { min-width: 0; }
.count { display: inline-block; min-width: 24px; padding: 0 7px; border-radius: 9px; background: #e3ecf9; color: #123a73; font-size: 13px; text-align: center; }
.empty { color: var(--muted); }
nav.site { font-size: 13px; margin-bottom: 8px; }
@media (max-width: 600px) { body { padding: 12px; } .shares { grid-column: auto; } .lists { grid-template-columns: 1fr; } }
`;
