/**
 * An independent fixture (tests/fixtures/cs-templates-claude-skills, MIT): someone else's health
 * calculator, its inputs and its output. Its model is not csp's (usage 30, engagement 25, support
 * 20, relationship 25), so it checks two things: that a health model written as data can express
 * it (weighted components, bands, trend labels), and that csp's default model, fed the signals
 * both share, orders the accounts the same way.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scoreHealth } from '../../../src/customer-health/score.js';
import { checkHealthModel, type HealthModel } from '../../../src/customer-health/model.js';
import { validateSchema } from '../../../src/schema/validate.js';
import { DEFAULT_MODEL, ROOT, signals } from './helpers.js';

const dir = `${ROOT}tests/fixtures/cs-templates-claude-skills/`;
const input = JSON.parse(readFileSync(`${dir}sample_customer_data.json`, 'utf8')) as { customers: any[] };
const expected = JSON.parse(readFileSync(`${dir}expected_output.json`, 'utf8')) as { customers: any[] };
const DIMENSIONS = ['usage', 'engagement', 'support', 'relationship'] as const;

/** Their model as a csp health model: each dimension's score is a team signal x_<dimension>. */
const THEIRS: HealthModel = {
  schema_version: 1,
  name: 'claude-skills customer-success-manager',
  stable_within: 5,
  bands: [
    { name: 'green', min: 70 },
    { name: 'yellow', min: 40 },
    { name: 'red', min: 0 },
  ],
  components: DIMENSIONS.map((id) => ({
    id,
    name: id,
    weight: Number(expected.customers[0].dimensions[id].weight.replace('%', '')),
    inputs: [
      {
        metric: `x_${id}`,
        weight: 1,
        points: [
          [0, 0],
          [100, 100],
        ] as [[number, number], [number, number]],
      },
    ],
  })) as unknown as HealthModel['components'],
};

describe('the claude-skills health fixture', () => {
  it('writes their model as a valid csp health model', async () => {
    expect(await validateSchema('health_model', THEIRS)).toEqual([]);
    expect(checkHealthModel(THEIRS)).toEqual([]);
  });

  it.each(expected.customers.map((c) => [c.name, c]))(
    'reproduces their overall score, bands and trends for %s',
    (_name, want) => {
      const given = input.customers.find((c) => c.customer_id === want.customer_id);
      const previous = Object.fromEntries(DIMENSIONS.map((d) => [`x_${d}`, given.previous_period[`${d}_score`]]));
      const current = Object.fromEntries(DIMENSIONS.map((d) => [`x_${d}`, want.dimensions[d].score]));
      const h = scoreHealth(
        signals({ date: '2026-10-01', values: previous }, { date: '2026-11-01', values: current }),
        THEIRS,
        '2026-11-01',
      );
      expect(h.score).toBeCloseTo(want.overall_score, 1);
      expect(h.band).toBe(want.classification);
      expect(h.trend).toBe(want.trends.overall);
      for (const d of DIMENSIONS) {
        const c = h.components.find((x) => x.id === d)!;
        expect([d, c.trend]).toEqual([d, want.trends[d]]);
        expect([d, THEIRS.bands.find((b) => c.score! >= b.min)!.name]).toEqual([d, want.dimensions[d].classification]);
      }
    },
  );

  it('ranks the four accounts in their order with the default model on the signals both models use', () => {
    const ours = input.customers.map((c) => {
      const values = {
        feature_adoption: c.usage.feature_adoption,
        tickets: c.engagement.support_ticket_volume,
        resolution_hours: c.support.avg_resolution_hours,
        nps: c.engagement.nps_score,
        csat: c.engagement.csat_score,
      };
      return {
        id: c.customer_id,
        score: scoreHealth(signals({ date: '2026-11-01', values }), DEFAULT_MODEL, '2026-11-01').score!,
      };
    });
    const order = (xs: Array<{ id: string; score: number }>) =>
      [...xs].sort((a, b) => b.score - a.score).map((x) => x.id);
    expect(order(ours)).toEqual(order(expected.customers.map((c) => ({ id: c.customer_id, score: c.overall_score }))));
  });
});
