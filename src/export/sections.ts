/**
 * Wording shared by the markdown and HTML exports, so both say the same thing: the title, the
 * summary facts, the internal banner, the RACI legend, risk RAG and the sign-off line. Returns
 * plain (unescaped) text; each renderer escapes it for its format. Pure.
 */
import { effectiveRag, type Risk } from '../domain/plan.js';
import type { CustomerContext, Governance, Handoff, Objective, TechnicalEvaluation } from '../domain/types.gen.js';
import { formatNumber, humanize, provenanceText, withUnit, type ExportView } from './view.js';

/** A labelled value for a facts list; undefined or empty values are left out by the renderers. */
export type Fact = [label: string, value: string | number | undefined | null];

/** "Customer Success Plan: TechCorp Industries". */
export function documentTitle(view: ExportView): string {
  return `Customer Success Plan: ${view.plan.meta.account_name}`;
}

/** The warning an internal export of an account carries at its top, naming the command for the customer's export. */
export function internalBanner(account: string): string {
  return `INTERNAL: this export holds stakeholder assessments, risk analysis, handoff and commercial notes. Do not share it with the customer; share the customer export instead (csp export ${account} --audience customer).`;
}

/** The summary facts under the title. ARR and the stage are shown to the team, and to customers only where the team shows them (.csp.yaml customer_export.show): the redaction has removed them otherwise. */
export function planFacts(view: ExportView): Fact[] {
  const meta = view.plan.meta;
  const owner = meta.owner ? `${meta.owner.name}${meta.owner.role ? ` (${meta.owner.role})` : ''}` : undefined;
  return [
    ['Plan', `${humanize(meta.plan_type)} plan`],
    ['Phase', humanize(meta.phase)],
    ['Status', humanize(meta.status)],
    ['Plan period', dateRange(meta.plan_start, meta.plan_end)],
    ['Owner', owner],
    ['Last updated', meta.updated],
    ['Last customer review', meta.last_customer_review],
    ['Opportunity stage', meta.opportunity_stage],
    ['ARR', typeof meta.arr_usd === 'number' ? `$${formatNumber(meta.arr_usd)}` : undefined],
  ];
}

/** The RACI legend. */
export const RACI_LEGEND = 'R responsible · A accountable · C consulted · I informed';

/** A risk's RAG as a word (its own, else derived from probability x impact). */
export function riskRag(risk: Risk): string {
  return humanize(effectiveRag(risk));
}

/** Who signed the plan off and when, or that it awaits sign-off. */
export function signOffText(view: ExportView): string {
  const s = view.plan.meta.customer_sign_off;
  return s ? `Signed off by ${view.person(s.by)} on ${s.date}.` : 'Awaiting the customer’s sign-off.';
}

/** "2026-12-01 to 2026-12-07", "from 2026-12-01" or "until 2026-12-07" (never a "?"), or undefined when neither is known. */
export function dateRange(start: string | null | undefined, end: string | null | undefined): string | undefined {
  if (!start && !end) return undefined;
  if (!end) return `from ${start}`;
  if (!start) return `until ${end}`;
  return `${start} to ${end}`;
}

/** The customer context as facts (SPEC section 1). */
export function contextFacts(ctx: CustomerContext): Fact[] {
  return [
    ['Industry', ctx.industry],
    ['Segment', ctx.segment],
    ['Employees', ctx.employees],
    ['Region', ctx.region],
    ['Primary use case', ctx.primary_use_case],
    ['Contract', dateRange(ctx.contract?.start, ctx.contract?.end)],
    ['Renewal date', ctx.contract?.renewal_date],
  ];
}

/** An objective's owner and status. */
export function objectiveFacts(view: ExportView, obj: Objective): Fact[] {
  return [
    ['Owner', view.person(obj.owner)],
    ['Status', humanize(obj.status)],
  ];
}

/** The technical evaluation's timeline and status. */
export function evaluationFacts(tech: TechnicalEvaluation): Fact[] {
  return [
    ['Timeline', dateRange(tech.timeline?.start, tech.timeline?.end)],
    ['Status', humanize(tech.status)],
  ];
}

/** The meeting cadence (SPEC section 9). */
export function cadenceFacts(cadence: NonNullable<Governance['cadence']>): Fact[] {
  return [
    ['Kickoff', cadence.kickoff],
    ['Weekly', cadence.weekly],
    ['Monthly review', cadence.monthly_review],
    ['QBRs', (cadence.qbr ?? []).join(', ')],
  ];
}

/** The handoff's who, when and acceptance (internal view only: the section is internal). */
export function handoffFacts(h: Handoff): Fact[] {
  const accepted =
    h.accepted === undefined
      ? undefined
      : h.accepted
        ? `yes${h.accepted_by ? `, by ${h.accepted_by}` : ''}${h.accepted_date ? ` on ${h.accepted_date}` : ''}`
        : 'no';
  return [
    ['From', h.from],
    ['To', h.to],
    ['Date', h.date],
    ['Accepted', accepted],
  ];
}

/** The closing line: which file the export was made from, for whom, and its provenance. */
export function exportedByText(view: ExportView): string {
  return `Exported by csp from ${view.plan.meta.account}/success_plan/csp.yaml for the ${view.audience === 'customer' ? 'customer' : 'team (internal)'}: ${provenanceText(view.provenance)}`;
}

/** A table as data: headings and rows of plain values (each renderer escapes and lays it out). */
export interface TableSpec {
  headers: string[];
  rows: unknown[][];
}

/** The milestone table's columns (markdown.ts and html.ts lay out their own cells under them). */
export const MILESTONE_COLUMNS: readonly string[] = ['Milestone', 'Due', 'Owner', 'Status', 'Deliverable'];

/** The action table's columns (markdown.ts and html.ts lay out their own cells under them). */
export const ACTION_COLUMNS: readonly string[] = ['Action', 'Who', 'When', 'Status', 'Depends on'];

/** The health indicator table's columns (markdown.ts and html.ts lay out their own cells under them). */
export const HEALTH_INDICATOR_COLUMNS: readonly string[] = ['Health indicator', 'Status', 'Note'];

/**
 * The risk table's columns, with "Internal analysis" last when `analysed` (any risk has an
 * analysis: never, once redacted for the customer). Each renderer lays out its own cells.
 */
export function riskColumns(analysed: boolean): string[] {
  return [
    'Risk',
    'RAG',
    'Probability',
    'Impact',
    'Mitigation',
    'Owner',
    'Status',
    ...(analysed ? ['Internal analysis'] : []),
  ];
}

/** The stakeholders: engagement and relationship score for the team only; the assessment column when any is present (never, once redacted). */
export function stakeholderTable(view: ExportView): TableSpec {
  const stakeholders = view.plan.stakeholders ?? [];
  const internal = view.audience === 'internal';
  const assessed = stakeholders.some((s) => s.internal_assessment);
  return {
    headers: [
      'Name',
      'Title',
      'Side',
      'Role',
      ...(internal ? ['Engagement', 'Relationship'] : []),
      ...(assessed ? ['Internal assessment'] : []),
    ],
    rows: stakeholders.map((s) => [
      s.name,
      s.title,
      humanize(s.side),
      humanize(s.role),
      ...(internal ? [humanize(s.engagement), s.relationship_score] : []),
      ...(assessed ? [s.internal_assessment] : []),
    ]),
  };
}

/**
 * An objective's key results. Current: the key result's own value, else the latest measurement
 * (by the export date) of the value metric linked to it (linked_to: kr-N); Owner: its own, else the
 * objective's owner.
 */
export function keyResultTable(view: ExportView, obj: Objective): TableSpec {
  return {
    headers: ['Key result', 'Baseline', 'Target', 'Current', 'Due', 'Owner'],
    rows: (obj.key_results ?? []).map((kr) => [
      kr.metric,
      withUnit(kr.baseline, kr.unit),
      withUnit(kr.target, kr.unit),
      keyResultCurrent(view, kr),
      kr.due,
      view.person(kr.owner ?? obj.owner),
    ]),
  };
}

/** A key result's current value with its unit: its own `current`, else its linked metric's latest measurement ("41 percent (2026-10-31)"), else empty. */
export function keyResultCurrent(view: ExportView, kr: NonNullable<Objective['key_results']>[number]): string {
  if (kr.current !== undefined && kr.current !== null && kr.current !== '') return withUnit(kr.current, kr.unit);
  const metric = linkedMetric(view, kr.id);
  return metric?.latest ? `${withUnit(metric.latest.value, kr.unit ?? metric.unit)} (${metric.latest.date})` : '';
}

/** The value metric that measures a key result or success criterion (linked_to), as the view's progress. */
export function linkedMetric(view: ExportView, id: string): ExportView['metrics'][number] | undefined {
  const metrics = view.plan.value_tracking?.metrics ?? [];
  const i = metrics.findIndex((m) => m.linked_to === id);
  return i < 0 ? undefined : view.metrics[i];
}

/** The success criteria (SPEC section 4). */
export function criteriaTable(view: ExportView): TableSpec {
  return {
    headers: ['Id', 'Criterion', 'Baseline', 'Target', 'Measurement', 'Due', 'Status'],
    rows: (view.plan.success_criteria ?? []).map((c) => [
      c.id,
      c.criterion,
      c.baseline,
      c.target,
      c.measurement,
      c.due,
      humanize(c.status),
    ]),
  };
}

/** The customer review log. */
export function reviewTable(view: ExportView): TableSpec {
  return {
    headers: ['Review', 'With', 'Notes', 'Signed off'],
    rows: (view.plan.governance?.customer_reviews ?? []).map((r) => [
      r.date,
      view.person(r.with),
      r.notes,
      r.signed_off ? 'yes' : '',
    ]),
  };
}
