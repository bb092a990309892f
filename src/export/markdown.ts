/**
 * The plan as a markdown document (GitHub-flavoured: tables, and a Mermaid gantt chart that code
 * hosts render). Every plan value goes through escape.ts. Renders what the view holds: for the
 * customer that is the redacted plan, so nothing internal can appear. Pure.
 */
import { daysBetween } from '../domain/dates.js';
import { escapeMarkdown as md, markdownParagraphs, mermaidLabel } from './escape.js';
import {
  humanize,
  milestoneStatus,
  provenanceText,
  roleLabel,
  withUnit,
  type ExportView,
  type MetricProgress,
  type Timeline,
} from './view.js';
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

/** A block of the document; empty ones (undefined, false, '') are left out. */
type Block = string | undefined | false;

/** The title, provenance, internal banner and plan facts. */
function headerBlocks(view: ExportView): Block[] {
  return [
    `# ${md(documentTitle(view))}`,
    `${md(provenanceText(view.provenance))}`,
    view.audience === 'internal' && `> **${md(internalBanner(view.plan.meta.account))}**`,
    factsList(planFacts(view)),
  ];
}

/** The customer context section, when the plan has one. */
function contextBlocks({ plan }: ExportView): Block[] {
  const ctx = plan.customer_context;
  if (!ctx) return [];
  return ['## Customer context', factsList(contextFacts(ctx)), ctx.background && markdownParagraphs(ctx.background)];
}

/** The stakeholder table, when there are stakeholders. */
function stakeholderBlocks(view: ExportView): Block[] {
  return (view.plan.stakeholders ?? []).length ? ['## Stakeholders', table(stakeholderTable(view))] : [];
}

/** The business outcomes: the current state, then each objective with its facts and key results. */
function outcomeBlocks(view: ExportView): Block[] {
  const outcomes = view.plan.business_outcomes;
  if (!outcomes) return [];
  return [
    '## Business outcomes',
    outcomes.current_state && `**Current state:** ${md(outcomes.current_state)}`,
    ...(outcomes.objectives ?? []).flatMap((obj) => [
      `### ${md(obj.id)} · ${md(obj.statement)}`,
      factsList(objectiveFacts(view, obj)),
      table(keyResultTable(view, obj)),
    ]),
  ];
}

/** The success criteria table, when there are criteria. */
function criteriaBlocks(view: ExportView): Block[] {
  return (view.plan.success_criteria ?? []).length ? ['## Success criteria', table(criteriaTable(view))] : [];
}

/** The technical evaluation: its facts, plan, scope and resources. */
function evaluationBlocks({ plan }: ExportView): Block[] {
  const tech = plan.technical_evaluation;
  if (!tech) return [];
  return [
    '## Technical evaluation',
    factsList(evaluationFacts(tech)),
    tech.plan && `**Plan:** ${md(tech.plan)}`,
    tech.scope && `**Scope:** ${md(tech.scope)}`,
    !!tech.resources?.length && '**Resources:**\n\n' + tech.resources.map((r) => `- ${md(r)}`).join('\n'),
  ];
}

/** The adoption journey: the gantt chart, then each phase with its goal, milestones and actions. */
function journeyBlocks(view: ExportView): Block[] {
  const phases = view.plan.adoption_journey?.phases ?? [];
  if (!phases.length) return [];
  return [
    '## Adoption journey',
    mermaidGantt(view.timeline),
    ...phases.flatMap((phase) => [
      `### ${md(phase.name)}${phase.start || phase.end ? ` (${md(dateRange(phase.start, phase.end))})` : ''}`,
      phase.goal && `**Goal:** ${md(phase.goal)}`,
      !!phase.milestones?.length &&
        table(
          MILESTONE_COLUMNS,
          phase.milestones.map((m) => [
            `${m.id} ${m.title}`,
            m.due,
            view.person(m.owner),
            humanize(milestoneStatus(m, view.provenance.generatedOn)),
            m.deliverable,
          ]),
        ),
      !!phase.actions?.length &&
        table(
          ACTION_COLUMNS,
          phase.actions.map((a) => [
            `${a.id} ${a.what}`,
            view.person(a.who),
            a.when,
            humanize(a.status),
            (a.depends_on ?? []).join(', '),
          ]),
        ),
    ]),
  ];
}

/** Value tracking: the metrics with their progress, and the health indicators. */
function valueBlocks({ plan, metrics }: ExportView): Block[] {
  const indicators = plan.value_tracking?.health_indicators ?? [];
  if (!metrics.length && !indicators.length) return [];
  return [
    '## Value tracking',
    !!metrics.length &&
      table(
        ['Metric', 'Baseline', 'Target', 'Latest', 'Progress'],
        metrics.map((m) => [
          m.name,
          withUnit(m.baseline, m.unit),
          withUnit(m.target, m.unit),
          latestText(m),
          progressBar(m),
        ]),
      ),
    !!indicators.length &&
      table(
        HEALTH_INDICATOR_COLUMNS,
        indicators.map((h) => [h.name, humanize(h.status), h.note]),
      ),
  ];
}

/** The risk table, with an internal analysis column when any risk has one. */
function riskBlocks(view: ExportView): Block[] {
  const risks = view.plan.risks ?? [];
  if (!risks.length) return [];
  const analysed = risks.some((r) => r.analysis);
  return [
    '## Risks and mitigations',
    table(
      riskColumns(analysed),
      risks.map((r) => [
        `${r.id} ${r.title}`,
        riskRag(r),
        humanize(r.probability),
        humanize(r.impact),
        r.mitigation,
        view.person(r.owner),
        humanize(r.status),
        ...(analysed ? [r.analysis] : []),
      ]),
    ),
  ];
}

/** The RACI table and its legend, when there are rows. */
function raciBlocks({ raci }: ExportView): Block[] {
  if (!raci.rows.length) return [];
  return [
    '## Joint responsibilities (RACI)',
    table(
      ['Activity', ...raci.roles.map(roleLabel)],
      raci.rows.map((r) => [r.activity, ...r.cells]),
    ),
    `_${md(RACI_LEGEND)}_`,
  ];
}

/** The meeting cadence and the customer reviews. */
function meetingBlocks(view: ExportView): Block[] {
  const gov = view.plan.governance;
  if (!gov?.cadence && !gov?.customer_reviews?.length) return [];
  const c = gov.cadence;
  return ['## Meetings and reviews', c && factsList(cadenceFacts(c)), table(reviewTable(view))];
}

/** The sign-off. */
function signOffBlocks(view: ExportView): Block[] {
  return ['## Sign-off', md(signOffText(view))];
}

/** The internal handoff: its facts, checklist, open items and notes. */
function handoffBlocks({ plan }: ExportView): Block[] {
  const handoff = plan.handoff;
  if (!handoff) return [];
  return [
    '## Handoff (internal)',
    factsList(handoffFacts(handoff)),
    !!handoff.checklist?.length && handoff.checklist.map((c) => `- [${c.done ? 'x' : ' '}] ${md(c.item)}`).join('\n'),
    !!handoff.open_items?.length && '**Open items:**\n\n' + handoff.open_items.map((i) => `- ${md(i)}`).join('\n'),
    handoff.notes && markdownParagraphs(handoff.notes),
  ];
}

/** The internal notes: competitive context and commercial notes. */
function internalNoteBlocks({ plan }: ExportView): Block[] {
  const notes = plan.internal_notes;
  if (!notes) return [];
  return [
    '## Internal notes',
    notes.competitive_context && `**Competitive context:** ${md(notes.competitive_context)}`,
    notes.commercial_notes && `**Commercial notes:** ${md(notes.commercial_notes)}`,
  ];
}

/** The closing rule and who exported the document. */
function footerBlocks(view: ExportView): Block[] {
  return ['---', `_${md(exportedByText(view))}_`];
}

/** The document's sections in order; each renders what the view holds, or nothing. */
const SECTIONS: ReadonlyArray<(view: ExportView) => Block[]> = [
  headerBlocks,
  contextBlocks,
  stakeholderBlocks,
  outcomeBlocks,
  criteriaBlocks,
  evaluationBlocks,
  journeyBlocks,
  valueBlocks,
  riskBlocks,
  raciBlocks,
  meetingBlocks,
  signOffBlocks,
  handoffBlocks,
  internalNoteBlocks,
  footerBlocks,
];

/** Renders the markdown document. */
export function renderMarkdown(view: ExportView): string {
  const blocks = SECTIONS.flatMap((section) => section(view)).filter((b): b is string => !!b);
  return blocks.join('\n\n') + '\n';
}

/**
 * The timeline as a Mermaid gantt chart in a fenced code block, or undefined when nothing has a
 * date. Phases are bars (inclusive end dates), milestones are points; done milestones are
 * marked done, blocked or missed ones critical.
 */
export function mermaidGantt(timeline: Timeline): string | undefined {
  if (!timeline.range) return undefined;
  const lines = [
    '```mermaid',
    'gantt',
    '  dateFormat YYYY-MM-DD',
    ...mermaidAxis(timeline.range.from, timeline.range.to),
    '  inclusiveEndDates',
  ];
  const used = new Set<string>();
  const uid = (id: string) => {
    // Mermaid task ids: letters and digits only (ms-1 -> ms1), unique.
    const base = id.replace(/[^A-Za-z0-9]/g, '') || 'task';
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}x${n}`;
    used.add(name);
    return name;
  };
  for (const section of timeline.sections) {
    if (!section.bar && section.milestones.length === 0) continue;
    lines.push(`  section ${mermaidLabel(section.name, 60)}`);
    if (section.bar)
      lines.push(`  ${mermaidLabel(section.name, 60)} :${uid(section.id)}, ${section.bar.start}, ${section.bar.end}`);
    for (const m of section.milestones) {
      const tags = [
        'milestone',
        ...(m.status === 'done'
          ? ['done']
          : m.status === 'blocked' || m.status === 'missed' || m.status === 'overdue'
            ? ['crit']
            : m.status === 'in_progress'
              ? ['active']
              : []),
      ];
      lines.push(`  ${mermaidLabel(m.title)} :${tags.join(', ')}, ${uid(m.id)}, ${m.due}, 0d`);
    }
  }
  lines.push('```');
  return lines.join('\n');
}

/**
 * The axis of the Mermaid chart: one tick per month labelled "Dec 2026" (every three months past
 * two years); a range of two months or less gets weekly ticks labelled "07 Dec". Without an
 * explicit tickInterval Mermaid picks weekly ticks and a month label repeats at each one.
 */
export function mermaidAxis(from: string, to: string): string[] {
  const days = daysBetween(from, to);
  if (days <= 62) return ['  axisFormat %d %b', '  tickInterval 1week'];
  return ['  axisFormat %b %Y', `  tickInterval ${days > 730 ? 3 : 1}month`];
}

/** A text progress bar for markdown: "▓▓▓▓▓░░░░░ 50%". */
export function progressBar(m: MetricProgress, width = 10): string {
  if (m.percent === null) return 'not measurable (baseline and target must be numbers)';
  const filled = Math.round((m.percent / 100) * width);
  return `${'▓'.repeat(filled)}${'░'.repeat(width - filled)} ${m.percent}%`;
}

function latestText(m: MetricProgress): string {
  return m.latest ? `${withUnit(m.latest.value, m.unit)} (${m.latest.date})` : 'no measurement yet';
}

/** A markdown table; cells are escaped (pipes included); empty when there are no rows. */
function table(spec: TableSpec | readonly string[], rowsGiven: unknown[][] = []): string {
  const { headers, rows } = 'headers' in spec ? spec : { headers: spec, rows: rowsGiven };
  if (rows.length === 0) return '';
  const line = (cells: readonly unknown[]) => `| ${cells.map((c) => md(c ?? '') || ' ').join(' | ')} |`;
  return [line(headers), `|${headers.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

/** "- **Label:** value" lines for the facts that have a value. */
function factsList(facts: Fact[]): string {
  return facts
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `- **${md(k)}:** ${md(v)}`)
    .join('\n');
}
