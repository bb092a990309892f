import { describe, expect, it } from 'vitest';
import { scoreHealth, customerHealthBand, scaleScore } from '../../../src/customer-health/score.js';
import { bandOf, checkHealthModel, type HealthModel } from '../../../src/customer-health/model.js';
import { validateSchema } from '../../../src/schema/validate.js';
import { DEFAULT_MODEL, signals } from './helpers.js';

describe('the default health model', () => {
  it('is valid and has the SPEC weights 30/25/20/15/10', async () => {
    expect(await validateSchema('health_model', DEFAULT_MODEL)).toEqual([]);
    expect(checkHealthModel(DEFAULT_MODEL)).toEqual([]);
    expect(Object.fromEntries(DEFAULT_MODEL.components.map((c) => [c.id, c.weight]))).toEqual({
      usage: 30,
      engagement: 25,
      support: 20,
      satisfaction: 15,
      financial: 10,
    });
  });

  it.each([
    [100, 'green'],
    [80, 'green'],
    [79.9, 'yellow'],
    [60, 'yellow'],
    [59.9, 'red'],
    [0, 'red'],
  ])('puts a score of %s in the %s band', (score, band) => {
    expect(bandOf(DEFAULT_MODEL, score)).toBe(band);
  });

  it('scores the reference/002 example (85/100 active, 4.2 logins, 3 tickets, NPS 8, contact 5 days ago) with each input traced', () => {
    const h = scoreHealth(
      signals({
        date: '2026-11-20',
        source: 'csp signal',
        values: {
          active_users: 85,
          licensed_users: 100,
          logins_per_week: 4.2,
          tickets: 3,
          nps: 8,
          last_contact: '2026-11-17',
        },
      }),
      DEFAULT_MODEL,
      '2026-11-22',
    );
    const usage = h.components.find((c) => c.id === 'usage')!;
    // seat utilisation 85% -> 70 + 15/20 x 30 = 92.5; logins 4.2 -> 70 + 1.2/2 x 30 = 88; (30 x 92.5 + 20 x 88) / 50
    expect(usage.score).toBe(90.7);
    expect(usage.coverage).toBe(50);
    const seat = usage.inputs.find((i) => i.metric === 'seat_utilisation')!;
    expect(seat).toMatchObject({ value: 85, score: 92.5, unit: 'percent' });
    expect(seat.sources.map((s) => `${s.signal}=${s.value}@${s.date}`)).toEqual([
      'active_users=85@2026-11-20',
      'licensed_users=100@2026-11-20',
    ]);
    expect(h.components.find((c) => c.id === 'engagement')!.score).toBe(100); // 5 days since contact
    expect(h.components.find((c) => c.id === 'support')!.score).toBe(80); // 3 tickets a month
    expect(h.components.find((c) => c.id === 'satisfaction')!.score).toBe(80); // NPS 8
    expect(h.components.find((c) => c.id === 'financial')).toMatchObject({ score: null, coverage: 0 });
    // (30 x 90.7 + 25 x 100 + 20 x 80 + 15 x 80) / 90
    expect(h.score).toBe(89.1);
    expect(h.coverage).toBe(47.5);
    expect(h.band).toBe('green');
    expect(h.trend).toBeNull();
  });

  it('compares with the previous period and labels each trend', () => {
    const h = scoreHealth(
      signals(
        { date: '2026-09-20', values: { active_users: 90, licensed_users: 100, nps: 9 } },
        { date: '2026-10-20', values: { active_users: 80, licensed_users: 100, nps: 9 } },
        { date: '2026-11-20', values: { active_users: 50, licensed_users: 100, nps: 9 } },
      ),
      DEFAULT_MODEL,
      '2026-11-22',
    );
    expect(h.previous).toEqual({ date: '2026-10-23', score: expect.any(Number) });
    const usage = h.components.find((c) => c.id === 'usage')!;
    expect(usage.previous).toBeGreaterThan(usage.score!);
    expect(usage.trend).toBe('declining');
    expect(h.components.find((c) => c.id === 'satisfaction')!.trend).toBe('stable');
    const change = h.metrics.active_users_change;
    expect(change.value).toBe(-37.5); // 80 -> 50
    expect(change.sources.map((s) => s.date)).toEqual(['2026-11-20', '2026-10-20']);
  });

  it('takes the previous period as the one before the newest observation when the data is quarterly', () => {
    const h = scoreHealth(
      signals(
        { date: '2024-09-30', period_days: 92, values: { tickets: 3 } },
        { date: '2024-12-31', period_days: 92, values: { tickets: 12 } },
      ),
      DEFAULT_MODEL,
      '2024-12-31',
    );
    expect(h.previous?.date).toBe('2024-12-01');
    expect(h.metrics.tickets_per_month.value).toBe(3.9); // 12 x 30 / 92
    expect(h.components.find((c) => c.id === 'support')!.previous).toBe(95); // 3 x 30 / 92 = 1.0 a month
  });

  it('compares counts of unequal periods as rates (a partial quarter)', () => {
    const h = scoreHealth(
      signals(
        { date: '2024-09-30', period_days: 92, values: { usage_events: 920 } },
        { date: '2024-10-15', period_days: 15, values: { usage_events: 150 } },
      ),
      DEFAULT_MODEL,
      '2024-10-15',
    );
    expect(h.metrics.usage_change.value).toBe(0); // 10 a day both times
  });

  it('ignores signals older than max_age_days and says why there is no score', () => {
    const h = scoreHealth(signals({ date: '2026-01-01', values: { nps: 9 } }), DEFAULT_MODEL, '2026-11-22');
    expect(h.score).toBeNull();
    expect(h.band).toBeNull();
    expect(h.note).toBe('no signal newer than 180 days that the model uses (newest: 2026-01-01)');
    expect(customerHealthBand(undefined, DEFAULT_MODEL, '2026-11-22')).toBeNull();
  });

  it('gives no band under min_coverage', () => {
    const h = scoreHealth(signals({ date: '2026-11-20', values: { csat: 5 } }), DEFAULT_MODEL, '2026-11-22');
    expect(h.score).toBe(100);
    expect(h.coverage).toBe(7.5);
    expect(h.band).toBeNull();
    expect(h.note).toContain('only 7.5%');
  });

  it('uses the newest value of each signal, the later line winning on the same date', () => {
    const h = scoreHealth(
      signals(
        { date: '2026-11-01', values: { nps: 2 } },
        { date: '2026-11-20', values: { csat: 5 } },
        { date: '2026-11-20', values: { nps: 10 } },
      ),
      DEFAULT_MODEL,
      '2026-11-22',
    );
    expect(h.metrics.nps).toMatchObject({ value: 10 });
  });

  it('scores text and yes/no signals through map', () => {
    const h = scoreHealth(
      signals({ date: '2026-11-20', values: { payment: 'late', auto_renew: false } }),
      DEFAULT_MODEL,
      '2026-11-22',
    );
    const fin = h.components.find((c) => c.id === 'financial')!;
    expect(fin.inputs.map((i) => [i.metric, i.score])).toEqual([
      ['payment', 40],
      ['arr_change', null],
      ['auto_renew', 50],
    ]);
    expect(fin.score).toBe(42.9); // (50 x 40 + 20 x 50) / 70
  });
});

describe('scaleScore', () => {
  const input = {
    points: [
      [0, 0],
      [50, 40],
      [100, 100],
    ],
  };
  it.each([
    [-5, 0],
    [0, 0],
    [25, 20],
    [50, 40],
    [75, 70],
    [150, 100],
  ])('maps %s to %s', (value, score) => expect(scaleScore(input, value)).toBe(score));
  it('has no score for a value the map does not list', () =>
    expect(scaleScore({ map: { current: 100 } }, 'weird')).toBeNull());
});

describe('checkHealthModel', () => {
  it('reports an input without a scale, decreasing points, an unknown metric and no band at 0', () => {
    const bad: HealthModel = {
      schema_version: 1,
      name: 'bad',
      bands: [{ name: 'green', min: 50 }],
      components: [
        {
          id: 'usage',
          name: 'Usage',
          weight: 1,
          inputs: [
            { metric: 'nps', weight: 1 },
            {
              metric: 'csat',
              weight: 1,
              points: [
                [5, 100],
                [1, 0],
              ],
            },
            {
              metric: 'mood',
              weight: 1,
              points: [
                [0, 0],
                [1, 100],
              ],
            },
          ],
        },
      ],
    };
    expect(checkHealthModel(bad).map((i) => i.message)).toEqual([
      'input nps of component usage needs exactly one scale: points or map',
      'the points of input csat must have increasing values',
      'input mood of component usage is neither a metric of the model nor a signal',
      'no band starts at 0: some scores would have no band',
    ]);
  });
});
