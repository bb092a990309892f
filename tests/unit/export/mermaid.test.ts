import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mermaidLabel } from '../../../src/export/escape.js';
import { mermaidGantt } from '../../../src/export/markdown.js';
import { buildTimeline, type Timeline } from '../../../src/export/view.js';
import { exportPlan, FIXTURE_PLAN } from '../../helpers/export-plan.js';
import { mermaidBlocks, parseGantt } from '../../helpers/mermaid.js';

describe('the Mermaid gantt chart', () => {
  it('is read by Mermaid as the plan says: phases from start to end, milestones on their due date', async () => {
    const plan = exportPlan(FIXTURE_PLAN);
    plan.adoption_journey!.phases![0].milestones![0].status = 'done';
    plan.adoption_journey!.phases![1].milestones![0].status = 'blocked';
    const [chart] = mermaidBlocks(mermaidGantt(buildTimeline(plan))!);
    const tasks = await parseGantt(chart);
    const expected = plan.adoption_journey!.phases!.flatMap((p) => [
      { task: p.name, section: p.name, start: p.start, milestone: false },
      ...(p.milestones ?? []).map((m) => ({
        task: m.title.replace(':', ' -'),
        section: p.name,
        start: m.due,
        end: m.due,
        milestone: true,
      })),
    ]);
    expect(tasks).toMatchObject(expected);
    expect(tasks[0].end).toBe('2026-12-08'); // inclusive end date 2026-12-07, exclusive in Mermaid
    expect(tasks.find((t) => t.id === 'ms1')!.tags).toEqual(['done']);
    expect(tasks.find((t) => t.id === 'ms2')!.tags).toEqual(['crit']);
  });

  it('stays one valid chart with one task per item whatever the labels hold', { timeout: 60_000 }, async () => {
    const label = fc.oneof(
      fc.string({ minLength: 0, maxLength: 40, unit: 'grapheme' }),
      fc.string({ maxLength: 30, unit: fc.constantFrom(...'ab :;#%`<>"\'()[]{}\n\t-_|\\&'.split('')) }),
      fc.constantFrom(
        'section x',
        'title t',
        'click ms1 href "x"',
        '2026-01-01 start',
        'dateFormat X',
        'excludes weekends',
        '%%{init: {}}%%',
        'gantt',
        'accTitle: a',
      ),
    );
    const timeline = fc
      .array(fc.record({ name: label, titles: fc.array(label, { minLength: 0, maxLength: 3 }) }), {
        minLength: 1,
        maxLength: 4,
      })
      .map(
        (sections): Timeline => ({
          sections: sections.map((s, i) => ({
            id: `ph-${i + 1}`,
            name: s.name,
            bar: { start: '2027-01-01', end: '2027-01-10' },
            milestones: s.titles.map((t, j) => ({
              id: `ms-${i * 10 + j}`,
              title: t,
              due: '2027-01-05',
              status: 'not_started',
            })),
          })),
          range: { from: '2027-01-01', to: '2027-01-10' },
        }),
      );
    await fc.assert(
      fc.asyncProperty(timeline, async (t) => {
        const tasks = await parseGantt(mermaidBlocks(mermaidGantt(t)!)[0]);
        const expected = t.sections.flatMap((s) => [
          mermaidLabel(s.name, 60),
          ...s.milestones.map((m) => mermaidLabel(m.title)),
        ]);
        expect(tasks.map((x) => x.task)).toEqual(expected.map((e) => e.trim()));
        expect(new Set(tasks.map((x) => x.section))).toEqual(new Set(t.sections.map((s) => mermaidLabel(s.name, 60))));
      }),
      { numRuns: 150 },
    );
  });
});
