/**
 * Export polish (issue 16 section 3), pure: key-result Current and Owner filled from the linked
 * value metric's measurements and the objective's owner, overdue milestones shown as Overdue
 * (markdown, HTML, Gantt), no "to ?" for a missing end date, Gantt labels inside the chart, and a
 * Mermaid axis that names each month once.
 */
import { describe, expect, it } from 'vitest';
import { prepareExport, renderText } from '../../../src/export/document.js';
import { ganttSvg } from '../../../src/export/gantt-svg.js';
import { mermaidGantt } from '../../../src/export/markdown.js';
import { dateRange } from '../../../src/export/sections.js';
import { buildTimeline, type Provenance } from '../../../src/export/view.js';
import { loadSchema } from '../../../src/schema/schemas.js';
import { ROOT } from '../../helpers/cli.js';
import { exportPlan, FIXTURE_PLAN, type PlanSource } from '../../helpers/export-plan.js';

const provenance: Provenance = {
  generatedOn: '2026-11-22',
  version: 1,
  commit: 'abc1234',
  uncommitted: false,
  inGit: true,
};
const TEKLIST: PlanSource = {
  account: 'teklist-138',
  file: `${ROOT}infohub-example/teklist-138/success_plan/csp.yaml`,
};
const QUIRE: PlanSource = { account: 'quire-203', file: `${ROOT}infohub-example/quire-203/success_plan/csp.yaml` };
const schema = loadSchema('csp');
const md = (plan = exportPlan(TEKLIST), audience: 'customer' | 'internal' = 'customer') =>
  renderText(prepareExport(plan, schema, audience, provenance), 'md');
const html = (plan = exportPlan(TEKLIST)) => renderText(prepareExport(plan, schema, 'customer', provenance), 'html');
const row = (text: string, start: string) => text.split('\n').find((l) => l.startsWith(`| ${start}`)) ?? '';

describe('key results', () => {
  it('Current is the linked metric’s latest measurement by the export date, Owner the objective’s owner', () => {
    // kr-1 is measured by vm-1 (linked_to: kr-1): 22 on 2026-09-30, 41 on 2026-10-31; obj-1 is owned by Grace Lin.
    expect(
      row(md(), 'Orders placed in the portal')
        .split('|')
        .map((c) => c.trim()),
    ).toEqual([
      '',
      'Orders placed in the portal',
      '0 percent',
      '60 percent',
      '41 percent (2026-10-31)',
      '2026-11-30',
      'Grace Lin',
      '',
    ]);
    // obj-2 is owned by sh-2: the name is shown.
    expect(row(md(), 'Order error rate')).toContain('Kiah Moline');
    expect(html()).toContain('41 percent (2026-10-31)');
  });

  it('keeps a key result’s own current value and owner, and stays empty before the first measurement', () => {
    const plan = exportPlan(TEKLIST);
    const kr = plan.business_outcomes!.objectives![0].key_results![0];
    kr.current = 50;
    kr.owner = 'sh-1';
    expect(row(md(plan), 'Orders placed in the portal')).toMatch(/\| 50 percent \| 2026-11-30 \| Priya Natarajan \|$/);
    // kr-3 (vm-3) has no measurement yet.
    expect(row(md(), 'Median confirmation time')).toMatch(/\| 2 hours \| +\| 2026-10-15 \| Kiah Moline \|$/);
  });

  it('never takes a measurement dated after the export', () => {
    const plan = exportPlan(TEKLIST);
    plan.value_tracking!.metrics![0].measurements!.push({ date: '2026-12-31', value: 59 });
    expect(row(md(plan), 'Orders placed in the portal')).toContain('41 percent (2026-10-31)');
  });
});

describe('overdue milestones', () => {
  it('show "Overdue" (red), not "Not started", once their due date has passed; done and future ones keep their status', () => {
    const text = md();
    expect(row(text, 'ms-3 Core configuration complete')).toContain('| Overdue |');
    expect(row(text, 'ms-1 Kickoff held')).toContain('| Done |');
    expect(html()).toMatch(/<span class="pill red">Overdue<\/span>/);
    const future = exportPlan(TEKLIST);
    for (const p of future.adoption_journey!.phases!)
      for (const m of p.milestones ?? []) m.due = m.due.replace('2026', '2027');
    expect(md(future)).not.toContain('Overdue');
    expect(row(md(future), 'ms-3 Core configuration complete')).toContain('| Not started |');
  });

  it('are red in the Gantt chart', () => {
    const svg = ganttSvg(buildTimeline(exportPlan(TEKLIST), undefined, '2026-11-22'), '2026-11-22')!.html;
    const ms3 = svg.split('<g class="milestone">').find((g) => g.includes('Core configuration complete'))!;
    expect(ms3).toContain('fill="#c62828"');
    expect(ms3).toContain('overdue');
  });
});

describe('date ranges', () => {
  it('say "from" or "until" when one end is missing, never "to ?"', () => {
    expect(dateRange('2026-12-01', null)).toBe('from 2026-12-01');
    expect(dateRange(undefined, '2027-11-30')).toBe('until 2027-11-30');
    expect(dateRange('2026-12-01', '2027-11-30')).toBe('2026-12-01 to 2027-11-30');
    expect(dateRange(null, null)).toBeUndefined();
    const plan = exportPlan(FIXTURE_PLAN);
    plan.customer_context!.contract!.end = null as never;
    delete plan.meta.plan_end;
    plan.adoption_journey!.phases![0].end = undefined;
    for (const text of [md(plan, 'internal'), html(plan)]) {
      expect(text).not.toContain('to ?');
      expect(text).not.toMatch(/\? to/);
    }
    expect(md(plan)).toContain('**Contract:** from 2026-12-01');
  });
});

describe('the charts', () => {
  it('the Gantt chart draws no month label past its right edge', () => {
    for (const source of [QUIRE, TEKLIST, FIXTURE_PLAN]) {
      const svg = ganttSvg(buildTimeline(exportPlan(source)), '2026-11-22')!.html;
      const width = Number(/viewBox="0 0 (\d+) /.exec(svg)![1]);
      for (const m of svg.matchAll(
        /<text x="([\d.]+)"[^>]*>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}<\/text>/g,
      ))
        expect(Number(m[1]) + 45, source.account).toBeLessThanOrEqual(width);
    }
  });

  it('the Mermaid chart ticks once a month (weekly with day labels for a short plan), so no label repeats', () => {
    const long = mermaidGantt(buildTimeline(exportPlan(QUIRE)))!;
    expect(long).toContain('axisFormat %b %Y');
    expect(long).toContain('tickInterval 1month');
    const timeline = buildTimeline(exportPlan(FIXTURE_PLAN));
    const short = mermaidGantt({ ...timeline, range: { from: '2026-12-01', to: '2027-01-15' } })!;
    expect(short).toContain('tickInterval 1week');
    expect(short).toContain('axisFormat %d %b');
  });
});
