/**
 * The health band's minimum-coverage boundary (issue 19, a surviving mutant): a score whose
 * coverage is exactly min_coverage gets a band; one just under it gets none.
 */
import { describe, expect, it } from 'vitest';
import { customerHealthBand, scoreHealth } from '../../../src/customer-health/score.js';
import { DEFAULT_MODEL, signals } from './helpers.js';

describe('min_coverage is inclusive', () => {
  const only = signals({ date: '2026-11-20', values: { csat: 5 } });
  const coverage = scoreHealth(only, DEFAULT_MODEL, '2026-11-22').coverage;
  it('a band at exactly the minimum coverage', () => {
    const model = { ...DEFAULT_MODEL, min_coverage: coverage };
    expect(scoreHealth(only, model, '2026-11-22').band).not.toBeNull();
    expect(customerHealthBand(only, model, '2026-11-22')).not.toBeNull();
  });
  it('none just under it', () => {
    const model = { ...DEFAULT_MODEL, min_coverage: coverage + 0.1 };
    expect(scoreHealth(only, model, '2026-11-22').band).toBeNull();
    expect(customerHealthBand(only, model, '2026-11-22')).toBeNull();
  });
});
