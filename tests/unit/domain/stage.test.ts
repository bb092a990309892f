/** Opportunity stages and lifecycle phases (src/domain/stage.ts; SPEC "Lifecycle and gates"). */
import { describe, expect, it } from 'vitest';
import { PHASES, STAGES, isOpportunityStage, phaseForStage, stageRank } from '../../../src/domain/stage.js';

describe('stages and phases', () => {
  it('lists them in order', () => {
    expect(STAGES).toEqual(['Stage 1', 'Stage 2', 'Stage 3', 'Stage 4', 'Closed Won', 'Closed Lost']);
    expect(PHASES).toEqual(['initiate', 'develop', 'finalize', 'execute']);
  });

  it.each([
    ['Stage 1', 1, null],
    ['Stage 2', 2, 'initiate'],
    ['Stage 3', 3, 'develop'],
    ['Stage 4', 4, 'finalize'],
    ['Closed Won', 5, 'execute'],
    ['Closed Lost', 0, null],
  ] as const)('%s: rank %i, phase %s', (stage, rank, phase) => {
    expect(stageRank(stage)).toBe(rank);
    expect(phaseForStage(stage)).toBe(phase);
  });

  it.each([
    ['Stage 2', true],
    ['Closed Won', true],
    ['stage 2', false],
    ['Stage 5', false],
    ['Won', false],
    ['', false],
    [2, false],
    [null, false],
  ])('isOpportunityStage(%j) is %s', (value, ok) => {
    expect(isOpportunityStage(value)).toBe(ok);
  });
});
