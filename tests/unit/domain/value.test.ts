/** Value-metric progress (src/domain/value.ts), and the export's progress bar derived from it (src/export/view.ts). */
import { describe, expect, it } from 'vitest';
import { progressText, valueProgress, type ValueMetric } from '../../../src/domain/value.js';
import { metricProgress } from '../../../src/export/view.js';

const metric = (fields: Partial<ValueMetric>): ValueMetric => ({ id: 'vm-1', name: 'Hours', ...fields });

describe('valueProgress', () => {
  it.each<[string, Partial<ValueMetric>, number | null, number | null]>([
    [
      'half way down to a lower target',
      { baseline: 24, target: 4, measurements: [{ date: '2026-11-01', value: 14 }] },
      50,
      50,
    ],
    [
      'past the target: over 100, the bar full',
      { baseline: 24, target: 4, measurements: [{ date: '2026-11-01', value: 2 }] },
      110,
      100,
    ],
    [
      'worse than the baseline: under 0, the bar empty',
      { baseline: 10, target: 20, measurements: [{ date: '2026-11-01', value: 5 }] },
      -50,
      0,
    ],
    [
      'one decimal, the bar a whole number',
      { baseline: 0, target: 3, measurements: [{ date: '2026-11-01', value: 1 }] },
      33.3,
      33,
    ],
    ['not measured yet: no share, the bar at the baseline', { baseline: 24, target: 4 }, null, 0],
    [
      'target is the baseline, at it',
      { baseline: 5, target: 5, measurements: [{ date: '2026-11-01', value: 5 }] },
      100,
      100,
    ],
    [
      'target is the baseline, off it',
      { baseline: 5, target: 5, measurements: [{ date: '2026-11-01', value: 6 }] },
      0,
      0,
    ],
    [
      'a text target: no share',
      { baseline: 3, target: 'low', measurements: [{ date: '2026-11-01', value: 2 }] },
      null,
      null,
    ],
  ])('%s', (_, fields, progress, percent) => {
    expect(valueProgress(metric(fields)).progress).toBe(progress);
    expect(metricProgress(metric(fields)).percent).toBe(percent);
  });

  it('skips measurements without a real date or a finite number, and keeps the latest note', () => {
    const m = metric({
      baseline: 0,
      target: 10,
      measurements: [
        { date: '2026-10-01', value: 4, note: 'after training' },
        { date: '2026-13-01', value: 9 },
        { date: '2026-11-01', value: Number.NaN },
        { date: '2026-09-01', value: 2 },
      ],
    });
    expect(valueProgress(m)).toMatchObject({
      latest: { date: '2026-10-01', value: 4, note: 'after training' },
      progress: 40,
      trend: 'improving',
      measurements: 2,
    });
    expect(metricProgress(m)).toMatchObject({
      latest: { date: '2026-10-01', value: 4, note: 'after training' },
      percent: 40,
      trend: 'improving',
    });
  });

  it('says the share of the way only once measured', () => {
    expect(progressText(valueProgress(metric({ unit: 'hours', baseline: 24, target: 4 })))).toBe(
      'vm-1 Hours: 24 -> not measured yet (target 4 hours)',
    );
    expect(
      progressText(
        valueProgress(
          metric({ unit: 'hours', baseline: 24, target: 4, measurements: [{ date: '2026-11-01', value: 14 }] }),
        ),
      ),
    ).toBe('vm-1 Hours: 24 -> 14 hours on 2026-11-01 (target 4 hours): 50% of the way, improving');
  });
});

describe('the trend of a metric with a measurement that does not count', () => {
  it('is the same for the value progress and the health rules (a bad date is skipped by both)', async () => {
    const { metricTrend } = await import('../../../src/domain/plan-health.js');
    const m = metric({
      baseline: 0,
      target: 10,
      measurements: [
        { date: '2026-10-01', value: 8 },
        { date: '2026-13-01', value: 2 },
      ],
    });
    expect(valueProgress(m).trend).toBe('improving');
    expect(metricTrend(m)).toBe('improving');
  });
});
