import { describe, expect, it } from 'vitest';
import {
  evaluate,
  fitWeights,
  rocAuc,
  splitHalves,
  verdict,
  type Labelled,
} from '../../../src/customer-health/backtest.js';
import { scoreHealth } from '../../../src/customer-health/score.js';
import { DEFAULT_MODEL, signals } from './helpers.js';

describe('rocAuc', () => {
  it.each([
    [
      'perfect separation',
      [
        [90, false],
        [80, false],
        [20, true],
        [10, true],
      ],
      1,
    ],
    [
      'reversed',
      [
        [10, false],
        [90, true],
      ],
      0,
    ],
    [
      'all tied',
      [
        [50, false],
        [50, true],
        [50, false],
      ],
      0.5,
    ],
    [
      'one inversion of four pairs',
      [
        [90, false],
        [30, false],
        [40, true],
        [10, true],
      ],
      0.75,
    ],
  ] as const)('%s', (_name, rows, auc) => {
    expect(rocAuc(rows.map(([value, churned]) => ({ value, churned }))).auc).toBe(auc);
  });
  it('has no AUC when nobody churned', () => expect(rocAuc([{ value: 1, churned: false }]).auc).toBeNull());
  it('gives an interval that narrows with more accounts', () => {
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ value: i % 10, churned: i % 10 < 3 === (i % 7 !== 0) }));
    const small = rocAuc(rows(40));
    const large = rocAuc(rows(400));
    expect(large.high! - large.low!).toBeLessThan(small.high! - small.low!);
    expect(verdict({ auc: 0.52, low: 0.45, high: 0.59, accounts: 100, churned: 20 })).toBe(
      'no better than chance (AUC 0.52, 95% interval 0.45-0.59 holds 0.5)',
    );
    expect(verdict({ auc: 0.8, low: 0.72, high: 0.88, accounts: 100, churned: 20 })).toBe(
      'useful (AUC 0.8, 95% interval 0.72-0.88)',
    );
  });
});

describe('splitHalves', () => {
  it('splits the same way whatever the order', () => {
    const ids = Array.from({ length: 11 }, (_, i) => ({ account: `acct-${i}` }));
    const a = splitHalves(ids);
    const b = splitHalves([...ids].reverse());
    expect(a.train.map((x) => x.account)).toEqual(b.train.map((x) => x.account));
    expect(a.train).toHaveLength(6);
    expect(a.test).toHaveLength(5);
  });
});

/** Accounts whose satisfaction predicts churn and whose usage does not. */
function labelled(): Labelled[] {
  return Array.from({ length: 40 }, (_, i) => {
    const churned = i % 4 === 0;
    const values = { nps: churned ? 3 + (i % 3) : 7 + (i % 3), active_users: 40 + ((i * 7) % 50), licensed_users: 100 };
    return {
      account: `a-${i}`,
      churned,
      score: scoreHealth(signals({ date: '2026-11-01', values }), DEFAULT_MODEL, '2026-11-01'),
    };
  });
}

describe('evaluate and fitWeights', () => {
  it('measures each component and the churn rate per band', () => {
    const e = evaluate('default', labelled());
    expect(e.components.find((c) => c.id === 'satisfaction')!.auc.auc).toBe(1);
    expect(e.components.find((c) => c.id === 'engagement')!.auc.auc).toBeNull();
    expect(e.bands.reduce((n, b) => n + b.accounts, 0)).toBe(40);
    expect(e.bands.reduce((n, b) => n + b.churned, 0)).toBe(10);
  });
  it('moves the weight to the components that separate churn on the training accounts', () => {
    const fit = fitWeights(DEFAULT_MODEL, labelled());
    expect(fit.kept).toBe(false);
    const w = Object.fromEntries(fit.weights.map((x) => [x.id, x.after]));
    expect(w.satisfaction).toBeGreaterThan(w.usage);
    expect(w.engagement).toBe(0);
    expect(fit.model.components.map((c) => c.id)).not.toContain('engagement');
    expect(fit.weights.reduce((n, x) => n + x.after, 0)).toBeCloseTo(100, 0);
  });
  it('keeps the weights when no component beats chance', () => {
    const same = scoreHealth(
      signals({ date: '2026-11-01', values: { nps: 8, tickets: 2 } }),
      DEFAULT_MODEL,
      '2026-11-01',
    );
    const fit = fitWeights(
      DEFAULT_MODEL,
      Array.from({ length: 10 }, (_, i) => ({ account: `a-${i}`, churned: i < 3, score: same })),
    );
    expect(fit.kept).toBe(true);
    expect(fit.model).toBe(DEFAULT_MODEL);
  });
});
