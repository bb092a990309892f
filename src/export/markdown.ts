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
  cadenceFacts,
  contextFacts,
  dateRange,
  documentTitle,
  evaluationFacts,
  exportedByText,
  handoffFacts,
  internalBanner,
  keyResultTable,
  criteriaTable,
  objectiveFacts,
  planFacts,
  RACI_LEGEND,
  reviewTable,
  riskRag,
  signOffText,
  stakeholderTable,
  type Fact,
  type TableSpec,
} from './sections.js';

/** Renders the markdown document. */
export function renderMarkdown(view: ExportView): string {
  const { plan } = view;
  const out: string[] = [];
  const push = (...blocks: Array<string | undefined | false>) => {
    for (const b of blocks) if (b) out.push(b);
  };

  push(`# ${md(documentTitle(view))}`, `${md(provenanceText(view.provenance))}`);
  if (view.audience === 'internal') push(`> **${md(internalBanner(view.plan.meta.account))}**`);
  push(factsList(planFacts(view)));

  const ctx = plan.customer_context;
  if (ctx) {
    push('## Customer context');
    push(factsList(contextFacts(ctx)));
    if (ctx.background) push(markdownParagraphs(ctx.background));
  }

  const stakeholders = plan.stakeholders ?? [];
  if (stakeholders.length) {
    push('## Stakeholders', table(stakeholderTable(view)));
  }

  const outcomes = plan.business_outcomes;
  if (outcomes) {
    push('## Business outcomes');
    if (outcomes.current_state) push(`**Current state:** ${md(outcomes.current_state)}`);
    for (const obj of outcomes.objectives ?? []) {
      push(`### ${md(obj.id)} · ${md(obj.statement)}`);
      push(factsList(objectiveFacts(view, obj)));
      push(table(keyResultTable(view, obj)));
    }
  }

  const criteria = plan.success_criteria ?? [];
  if (criteria.length) {
    push('## Success criteria');
    push(table(criteriaTable(view)));
  }

  const tech = plan.technical_evaluation;
  if (tech) {
    push('## Technical evaluation');
    push(factsList(evaluationFacts(tech)));
    if (tech.plan) push(`**Plan:** ${md(tech.plan)}`);
    if (tech.scope) push(`**Scope:** ${md(tech.scope)}`);
    if (tech.resources?.length) push('**Resources:**\n\n' + tech.resources.map((r) => `- ${md(r)}`).join('\n'));
  }

  const phases = plan.adoption_journey?.phases ?? [];
  if (phases.length) {
    push('## Adoption journey');
    const gantt = mermaidGantt(view.timeline);
    if (gantt) push(gantt);
    phases.forEach((phase) => {
      push(`### ${md(phase.name)}${phase.start || phase.end ? ` (${md(dateRange(phase.start, phase.end))})` : ''}`);
      if (phase.goal) push(`**Goal:** ${md(phase.goal)}`);
      if (phase.milestones?.length) {
        push(
          table(
            ['Milestone', 'Due', 'Owner', 'Status', 'Deliverable'],
            phase.milestones.map((m) => [
              `${m.id} ${m.title}`,
              m.due,
              view.person(m.owner),
              humanize(milestoneStatus(m, view.provenance.generatedOn)),
              m.deliverable,
            ]),
          ),
        );
      }
      if (phase.actions?.length) {
        push(
          table(
            ['Action', 'Who', 'When', 'Status', 'Depends on'],
            phase.actions.map((a) => [
              `${a.id} ${a.what}`,
              view.person(a.who),
              a.when,
              humanize(a.status),
              (a.depends_on ?? []).join(', '),
            ]),
          ),
        );
      }
    });
  }

  if (view.metrics.length || plan.value_tracking?.health_indicators?.length) {
    push('## Value tracking');
    if (view.metrics.length)
      push(
        table(
          ['Metric', 'Baseline', 'Target', 'Latest', 'Progress'],
          view.metrics.map((m) => [
            m.name,
            withUnit(m.baseline, m.unit),
            withUnit(m.target, m.unit),
            latestText(m),
            progressBar(m),
          ]),
        ),
      );
    const indicators = plan.value_tracking?.health_indicators ?? [];
    if (indicators.length)
      push(
        table(
          ['Health indicator', 'Status', 'Note'],
          indicators.map((h) => [h.name, humanize(h.status), h.note]),
        ),
      );
  }

  const risks = plan.risks ?? [];
  if (risks.length) {
    push('## Risks and mitigations');
    const analysed = risks.some((r) => r.analysis);
    push(
      table(
        [
          'Risk',
          'RAG',
          'Probability',
          'Impact',
          'Mitigation',
          'Owner',
          'Status',
          ...(analysed ? ['Internal analysis'] : []),
        ],
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
    );
  }

  const gov = plan.governance;
  if (view.raci.rows.length) {
    push('## Joint responsibilities (RACI)');
    push(
      table(
        ['Activity', ...view.raci.roles.map(roleLabel)],
        view.raci.rows.map((r) => [r.activity, ...r.cells]),
      ),
    );
    push(`_${md(RACI_LEGEND)}_`);
  }
  if (gov?.cadence || gov?.customer_reviews?.length) {
    push('## Meetings and reviews');
    const c = gov.cadence;
    if (c) push(factsList(cadenceFacts(c)));
    push(table(reviewTable(view)));
  }

  push('## Sign-off', md(signOffText(view)));

  const handoff = plan.handoff;
  if (handoff) {
    push('## Handoff (internal)');
    push(factsList(handoffFacts(handoff)));
    if (handoff.checklist?.length)
      push(handoff.checklist.map((c) => `- [${c.done ? 'x' : ' '}] ${md(c.item)}`).join('\n'));
    if (handoff.open_items?.length)
      push('**Open items:**\n\n' + handoff.open_items.map((i) => `- ${md(i)}`).join('\n'));
    if (handoff.notes) push(markdownParagraphs(handoff.notes));
  }
  const notes = plan.internal_notes;
  if (notes) {
    push('## Internal notes');
    if (notes.competitive_context) push(`**Competitive context:** ${md(notes.competitive_context)}`);
    if (notes.commercial_notes) push(`**Commercial notes:** ${md(notes.commercial_notes)}`);
  }

  push('---', `_${md(exportedByText(view))}_`);
  return out.join('\n\n') + '\n';
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
function table(spec: TableSpec | string[], rowsGiven: unknown[][] = []): string {
  const { headers, rows } = Array.isArray(spec) ? { headers: spec, rows: rowsGiven } : spec;
  if (rows.length === 0) return '';
  const line = (cells: unknown[]) => `| ${cells.map((c) => md(c ?? '') || ' ').join(' | ')} |`;
  return [line(headers), `|${headers.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

/** "- **Label:** value" lines for the facts that have a value. */
function factsList(facts: Fact[]): string {
  return facts
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `- **${md(k)}:** ${md(v)}`)
    .join('\n');
}
