/**
 * The plan as one self-contained HTML page: inline CSS and SVG, no script, no font, image or
 * link to fetch, a Content-Security-Policy that forbids any of them anyway, and print CSS (A4,
 * page breaks kept out of tables and charts) so the browser's "Print to PDF" and `--format pdf`
 * give a document a customer can sign. All plan text goes through the auto-escaping html`...`
 * template. Pure.
 */
import { ganttSvg } from './gantt-svg.js';
import { html, raw, type SafeHtml } from './html-template.js';
import {
  ACTION_COLUMNS,
  cadenceFacts,
  contextFacts,
  dateRange,
  documentTitle,
  evaluationFacts,
  exportedByText,
  handoffFacts,
  HEALTH_INDICATOR_COLUMNS,
  internalBanner,
  keyResultTable,
  criteriaTable,
  MILESTONE_COLUMNS,
  objectiveFacts,
  planFacts,
  RACI_LEGEND,
  reviewTable,
  riskColumns,
  riskRag,
  signOffText,
  stakeholderTable,
  type Fact,
  type TableSpec,
} from './sections.js';
import {
  humanize,
  milestoneStatus,
  provenanceText,
  roleLabel,
  withUnit,
  type ExportView,
  type MetricProgress,
} from './view.js';

/** The page's Content-Security-Policy: inline styles only; nothing may load or run. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** Renders the HTML document. `generator` names the tool and version in a meta tag. */
export function renderHtml(view: ExportView, generator = 'csp'): string {
  const title = documentTitle(view);
  const body = SECTIONS.map((render) => render(view)).filter((s): s is SafeHtml => s !== undefined);
  return page(view, title, body, generator).html;
}

/** One section of the page from the view, or undefined when the plan has nothing for it. */
type SectionRenderer = (view: ExportView) => SafeHtml | undefined;

function contextSection({ plan }: ExportView): SafeHtml | undefined {
  const ctx = plan.customer_context;
  if (!ctx) return undefined;
  return section('Customer context', facts(contextFacts(ctx)), ctx.background ? paragraphs(ctx.background) : undefined);
}

function stakeholderSection(view: ExportView): SafeHtml | undefined {
  const stakeholders = view.plan.stakeholders ?? [];
  return stakeholders.length ? section('Stakeholders', table(stakeholderTable(view))) : undefined;
}

function outcomesSection(view: ExportView): SafeHtml | undefined {
  const outcomes = view.plan.business_outcomes;
  if (!outcomes) return undefined;
  return section(
    'Business outcomes',
    outcomes.current_state ? html`<p><strong>Current state:</strong> ${outcomes.current_state}</p>` : undefined,
    (outcomes.objectives ?? []).map(
      (obj) => html`<div class="objective"><h3><span class="id">${obj.id}</span> ${obj.statement}</h3>
${facts(objectiveFacts(view, obj))}
${obj.key_results?.length ? table(keyResultTable(view, obj)) : undefined}</div>`,
    ),
  );
}

function criteriaSection(view: ExportView): SafeHtml | undefined {
  const criteria = view.plan.success_criteria ?? [];
  return criteria.length ? section('Success criteria', table(criteriaTable(view))) : undefined;
}

function evaluationSection({ plan }: ExportView): SafeHtml | undefined {
  const tech = plan.technical_evaluation;
  if (!tech) return undefined;
  return section(
    'Technical evaluation',
    facts(evaluationFacts(tech)),
    tech.plan ? html`<p><strong>Plan:</strong> ${tech.plan}</p>` : undefined,
    tech.scope ? html`<p><strong>Scope:</strong> ${tech.scope}</p>` : undefined,
    tech.resources?.length
      ? html`<p><strong>Resources:</strong></p><ul>${tech.resources.map((r) => html`<li>${r}</li>`)}</ul>`
      : undefined,
  );
}

type Phase = NonNullable<NonNullable<ExportView['plan']['adoption_journey']>['phases']>[number];

function journeySection(view: ExportView): SafeHtml | undefined {
  const phases = view.plan.adoption_journey?.phases ?? [];
  if (!phases.length) return undefined;
  const chart = ganttSvg(view.timeline, view.provenance.generatedOn);
  return section(
    'Adoption journey',
    chart
      ? html`<figure class="chart">${chart}<figcaption>Phases (bars) and milestones (diamonds: grey not started, blue in progress, green done, red blocked, missed or overdue); the dashed line is the export date.</figcaption></figure>`
      : undefined,
    phases.map((phase) => phaseBlock(view, phase)),
  );
}

function phaseBlock(view: ExportView, phase: Phase): SafeHtml {
  return html`<div class="phase"><h3>${phase.name}${phase.start || phase.end ? html` <span class="dates">${dateRange(phase.start, phase.end)}</span>` : undefined}</h3>
${phase.goal ? html`<p><strong>Goal:</strong> ${phase.goal}</p>` : undefined}
${
  phase.milestones?.length
    ? table(
        MILESTONE_COLUMNS,
        phase.milestones.map((m) => [
          html`<span class="id">${m.id}</span> ${m.title}`,
          m.due,
          view.person(m.owner),
          status(milestoneStatus(m, view.provenance.generatedOn)),
          m.deliverable,
        ]),
      )
    : undefined
}
${
  phase.actions?.length
    ? table(
        ACTION_COLUMNS,
        phase.actions.map((a) => [
          html`<span class="id">${a.id}</span> ${a.what}`,
          view.person(a.who),
          a.when,
          humanize(a.status),
          (a.depends_on ?? []).join(', '),
        ]),
      )
    : undefined
}</div>`;
}

function valueSection(view: ExportView): SafeHtml | undefined {
  const indicators = view.plan.value_tracking?.health_indicators ?? [];
  if (!view.metrics.length && !indicators.length) return undefined;
  return section(
    'Value tracking',
    view.metrics.length ? html`<div class="metrics">${view.metrics.map(metricCard)}</div>` : undefined,
    indicators.length
      ? table(
          HEALTH_INDICATOR_COLUMNS,
          indicators.map((h) => [
            h.name,
            h.status
              ? html`<span class="${`pill ${INDICATOR_CLASS[h.status] ?? ''}`}">${humanize(h.status)}</span>`
              : '',
            h.note,
          ]),
        )
      : undefined,
  );
}

function riskSection(view: ExportView): SafeHtml | undefined {
  const risks = view.plan.risks ?? [];
  if (!risks.length) return undefined;
  const analysed = risks.some((r) => r.analysis);
  return section(
    'Risks and mitigations',
    table(
      riskColumns(analysed),
      risks.map((r) => {
        const rag = riskRag(r);
        return [
          html`<span class="id">${r.id}</span> ${r.title}`,
          rag ? html`<span class="${`pill ${RAG_CLASS[rag] ?? ''}`}">${rag}</span>` : '',
          humanize(r.probability),
          humanize(r.impact),
          r.mitigation,
          view.person(r.owner),
          humanize(r.status),
          ...(analysed ? [internalText(r.analysis)] : []),
        ];
      }),
    ),
  );
}

function raciSection(view: ExportView): SafeHtml | undefined {
  if (!view.raci.rows.length) return undefined;
  return section(
    'Joint responsibilities (RACI)',
    html`<table class="raci"><thead><tr><th>Activity</th>${view.raci.roles.map((r) => html`<th>${roleLabel(r)}</th>`)}</tr></thead>
<tbody>${view.raci.rows.map((row) => html`<tr><th scope="row">${row.activity}</th>${row.cells.map((c) => html`<td class="${raciClass(c)}">${c}</td>`)}</tr>`)}</tbody></table>
<p class="legend">${RACI_LEGEND}</p>`,
  );
}

function meetingsSection(view: ExportView): SafeHtml | undefined {
  const gov = view.plan.governance;
  if (!gov?.cadence && !gov?.customer_reviews?.length) return undefined;
  const c = gov.cadence;
  return section(
    'Meetings and reviews',
    c ? facts(cadenceFacts(c)) : undefined,
    gov.customer_reviews?.length ? table(reviewTable(view)) : undefined,
  );
}

function signOffSection(view: ExportView): SafeHtml {
  const { plan } = view;
  return section(
    'Sign-off',
    html`<p>${signOffText(view)}</p>`,
    plan.meta.customer_sign_off
      ? undefined
      : html`<div class="signature"><div>Customer: name, title, date</div><div>${plan.meta.owner?.name ?? 'Vendor'}: date</div></div>`,
  );
}

function handoffSection({ plan }: ExportView): SafeHtml | undefined {
  const handoff = plan.handoff;
  if (!handoff) return undefined;
  return section(
    'Handoff (internal)',
    facts(handoffFacts(handoff)),
    handoff.checklist?.length
      ? html`<ul class="checklist">${handoff.checklist.map((i) => html`<li>${i.done ? '☑' : '☐'} ${i.item}</li>`)}</ul>`
      : undefined,
    handoff.open_items?.length
      ? html`<p><strong>Open items:</strong></p><ul>${handoff.open_items.map((i) => html`<li>${i}</li>`)}</ul>`
      : undefined,
    handoff.notes ? paragraphs(handoff.notes) : undefined,
  );
}

function internalNotesSection({ plan }: ExportView): SafeHtml | undefined {
  const notes = plan.internal_notes;
  if (!notes) return undefined;
  return section(
    'Internal notes',
    notes.competitive_context
      ? html`<p><strong>Competitive context:</strong> ${notes.competitive_context}</p>`
      : undefined,
    notes.commercial_notes ? html`<p><strong>Commercial notes:</strong> ${notes.commercial_notes}</p>` : undefined,
  );
}

/** The page's sections in document order. */
const SECTIONS: SectionRenderer[] = [
  contextSection,
  stakeholderSection,
  outcomesSection,
  criteriaSection,
  evaluationSection,
  journeySection,
  valueSection,
  riskSection,
  raciSection,
  meetingsSection,
  signOffSection,
  handoffSection,
  internalNotesSection,
];

/** The whole document around the rendered sections: head, style, header with the plan's facts, footer. */
function page(view: ExportView, title: string, body: SafeHtml[], generator: string): SafeHtml {
  const provenance = provenanceText(view.provenance);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${generator}">
<meta name="csp-audience" content="${view.audience}">
<title>${title}</title>
<style>${raw(STYLE)}</style>
</head>
<body class="${`audience-${view.audience}`}">
<header>
${view.audience === 'internal' ? html`<p class="banner">${internalBanner(view.plan.meta.account)}</p>` : undefined}
<h1>${title}</h1>
<p class="provenance">${provenance}</p>
${facts(planFacts(view), 'summary')}
</header>
<main>
${body}
</main>
<footer>${exportedByText(view)}</footer>
</body>
</html>
`;
}

// Dates and ids (2026-12-02, sc-1) never break across lines.
const NO_WRAP = /^(\d{4}-\d{2}-\d{2}|[a-z]{2,3}-\d+)$/;
const RAG_CLASS: Record<string, string> = { Red: 'red', Amber: 'amber', Green: 'green' };
const INDICATOR_CLASS: Record<string, string> = { red: 'red', yellow: 'amber', green: 'green' };

function raciClass(cell: string): string {
  const letter = cell.charAt(0);
  return ({ R: 'raci-r', A: 'raci-a', C: 'raci-c', I: 'raci-i' } as Record<string, string>)[letter] ?? '';
}

function status(value: string): SafeHtml {
  const cls =
    ({ done: 'green', in_progress: 'blue', blocked: 'red', missed: 'red', overdue: 'red' } as Record<string, string>)[
      value
    ] ?? 'grey';
  return html`<span class="${`pill ${cls}`}">${humanize(value)}</span>`;
}

function metricCard(m: MetricProgress): SafeHtml {
  const bar =
    m.percent === null
      ? html`<p class="muted">Progress needs a numeric baseline and target.</p>`
      : html`<div class="bar" role="img" aria-label="${`${m.percent}% of the way from baseline to target`}"><div class="fill" style="${`width:${m.percent}%`}"></div></div>`;
  return html`<div class="metric"><div class="metric-head"><strong>${m.name}</strong>${m.percent === null ? undefined : html`<span class="pct">${m.percent}%</span>`}</div>
${bar}
<div class="metric-scale"><span>Baseline ${withUnit(m.baseline, m.unit)}</span><span>Target ${withUnit(m.target, m.unit)}</span></div>
<p class="latest">${m.latest ? `Latest: ${withUnit(m.latest.value, m.unit)} on ${m.latest.date}${m.trend ? ` (${m.trend})` : ''}` : 'No measurement yet'}</p></div>`;
}

function section(heading: string, ...content: Array<SafeHtml | SafeHtml[] | undefined>): SafeHtml {
  const id = heading
    .toLowerCase()
    .replace(/[^a-z]+/g, '-')
    .replace(/^-|-$/g, '');
  return html`<section id="${id}"><h2>${heading}</h2>
${content}
</section>`;
}

function facts(list: Fact[], cls = 'facts'): SafeHtml | undefined {
  const shown = list.filter(([, v]) => v !== undefined && v !== null && v !== '');
  if (shown.length === 0) return undefined;
  return html`<dl class="${cls}">${shown.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`;
}

function table(spec: TableSpec | readonly string[], rowsGiven: unknown[][] = []): SafeHtml {
  const { headers, rows } = 'headers' in spec ? spec : { headers: spec, rows: rowsGiven };
  return html`<table><thead><tr>${headers.map((h) => html`<th>${h}</th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr>${r.map((c) => html`<td>${typeof c === 'string' && NO_WRAP.test(c) ? html`<span class="nw">${c}</span>` : c}</td>`)}</tr>`)}</tbody></table>`;
}

function paragraphs(text: string): SafeHtml[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => html`<p>${p}</p>`);
}

function internalText(value: string | undefined): SafeHtml | string {
  return value ? html`<span class="internal">${value}</span>` : '';
}

const STYLE = `
:root { --ink: #1f2933; --muted: #607080; --line: #d9e0e7; --accent: #2f5fb3; --soft: #f4f7fb; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 1000px; padding: 24px 32px 48px; color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 26px; margin: 0 0 4px; color: var(--accent); }
h2 { font-size: 19px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); break-after: avoid; page-break-after: avoid; }
h3 { font-size: 15px; margin: 16px 0 6px; break-after: avoid; page-break-after: avoid; }
p { margin: 6px 0; overflow-wrap: anywhere; }
.provenance { color: var(--muted); margin: 0 0 10px; }
.banner { background: #fdecea; border: 1px solid #c62828; color: #8e1b1b; padding: 8px 12px; font-weight: 600; border-radius: 4px; }
dl.summary, dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 4px 16px; margin: 8px 0; }
dl div { display: flex; flex-direction: column; }
dt { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
table { width: 100%; max-width: 100%; border-collapse: collapse; margin: 8px 0 12px; font-size: 13px; }
thead { display: table-header-group; }
th, td { border: 1px solid var(--line); padding: 5px 7px; text-align: left; vertical-align: top; overflow-wrap: anywhere; word-break: break-word; }
thead th { background: var(--soft); font-weight: 600; }
tr { break-inside: avoid; page-break-inside: avoid; }
.id { color: var(--muted); font-size: 11px; font-family: ui-monospace, Menlo, Consolas, monospace; white-space: nowrap; }
.dates { color: var(--muted); font-weight: normal; font-size: 13px; }
.pill { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 12px; background: #eceff1; white-space: nowrap; }
.nw { white-space: nowrap; }
.pill.red { background: #fdecea; color: #b71c1c; } .pill.amber { background: #fff4e0; color: #8a5300; } .pill.green { background: #e8f5e9; color: #1b5e20; }
.pill.blue { background: #e3f2fd; color: #0d47a1; } .pill.grey { background: #eceff1; color: #455a64; }
figure.chart { margin: 8px 0 16px; break-inside: avoid; page-break-inside: avoid; }
figure.chart svg { display: block; width: 100%; height: auto; border: 1px solid var(--line); }
figcaption { color: var(--muted); font-size: 12px; margin-top: 4px; }
.metrics { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px; }
.metric { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; break-inside: avoid; page-break-inside: avoid; }
.metric-head { display: flex; justify-content: space-between; gap: 8px; }
.pct { font-weight: 700; color: var(--accent); }
.bar { height: 12px; background: #e6ebf1; border-radius: 6px; overflow: hidden; margin: 6px 0; }
.fill { height: 100%; background: linear-gradient(90deg, #3f6fc6, #2e7d32); }
.metric-scale { display: flex; justify-content: space-between; gap: 8px; font-size: 12px; color: var(--muted); }
.muted { color: var(--muted); font-size: 12px; }
.latest { font-size: 12px; margin: 4px 0 0; }
table.raci th[scope=row] { width: 40%; }
table.raci td, table.raci thead th + th { text-align: center; }
table.raci td { font-weight: 700; }
table.raci th[scope=row] { font-weight: normal; background: none; }
td.raci-r { background: #e3f2fd; } td.raci-a { background: #fff4e0; } td.raci-c { background: #f3e5f5; } td.raci-i { background: #f1f8e9; }
.legend { color: var(--muted); font-size: 12px; }
.internal { color: #8e1b1b; }
.signature { display: grid; grid-template-columns: 1fr 1fr; gap: 32px; margin-top: 40px; }
.signature div { border-top: 1px solid var(--ink); padding-top: 4px; color: var(--muted); font-size: 12px; }
ul.checklist { list-style: none; padding-left: 0; }
#sign-off { break-inside: avoid; page-break-inside: avoid; break-before: avoid; page-break-before: avoid; }
h2 + table, h3 + table, h2 + dl, h2 + p, h3 + p, h3 + dl { break-before: avoid; page-break-before: avoid; }
thead tr, tbody tr:first-child { break-after: avoid; page-break-after: avoid; }
figure.chart, .gantt-wrap { max-width: 100%; }
footer { margin-top: 32px; padding-top: 8px; border-top: 1px solid var(--line); color: var(--muted); font-size: 11px; }
@page { size: A4; margin: 16mm 14mm 18mm; }
@media (max-width: 600px) {
  body { padding: 12px 10px 32px; font-size: 13px; }
  table { font-size: 12px; }
  th, td { padding: 4px 4px; }
  .nw, .pill, .id { white-space: normal; }
  .metrics { grid-template-columns: 1fr; }
  dl.summary, dl.facts { grid-template-columns: 1fr 1fr; }
  .signature { grid-template-columns: 1fr; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 12px; }
  h1 { font-size: 22px; }
  a { color: inherit; text-decoration: none; }
}
`;
