/**
 * Opportunity stages and lifecycle phases (SPEC "Lifecycle and gates").
 *
 * A CSP phase follows the opportunity stage: Stage 2 initiate, Stage 3 develop, Stage 4 finalize,
 * Closed Won execute. Stage 1 and Closed Lost have no phase of their own.
 */

/** A normalised opportunity stage, as the schema's meta.opportunity_stage allows. */
export type OpportunityStage = 'Stage 1' | 'Stage 2' | 'Stage 3' | 'Stage 4' | 'Closed Won' | 'Closed Lost';

/** The lifecycle phases of a CSP, in order. */
export type LifecyclePhase = 'initiate' | 'develop' | 'finalize' | 'execute';

/** Every stage, in pipeline order (Closed Lost last). */
export const STAGES: readonly OpportunityStage[] = [
  'Stage 1',
  'Stage 2',
  'Stage 3',
  'Stage 4',
  'Closed Won',
  'Closed Lost',
];

/** Every phase, in lifecycle order. */
export const PHASES: readonly LifecyclePhase[] = ['initiate', 'develop', 'finalize', 'execute'];

/** The rank of a stage in the pipeline, 1 (Stage 1) to 5 (Closed Won); Closed Lost is 0. */
export function stageRank(stage: OpportunityStage): number {
  return stage === 'Closed Lost' ? 0 : STAGES.indexOf(stage) + 1;
}

/** Why the SPEC's trigger requires a CSP for an account. */
export type TriggerReason = 'arr' | 'sa-validated' | 'strategic';

/**
 * The SPEC's trigger ("When a CSP is created"): Stage 2 or later (Closed Won included, Closed
 * Lost not) with ARR in US dollars strictly above minArrUsd; or an SA-validated technical
 * evaluation; or a strategic account. Returns every reason that holds ([] = no plan required).
 */
export function triggerReasons(
  facts: { stage: OpportunityStage | null; arrUsd: number | null; saValidated: boolean; strategic: boolean },
  minArrUsd: number,
): TriggerReason[] {
  const reasons: TriggerReason[] = [];
  if (
    facts.stage !== null &&
    stageRank(facts.stage) >= stageRank('Stage 2') &&
    facts.arrUsd !== null &&
    facts.arrUsd > minArrUsd
  )
    reasons.push('arr');
  if (facts.saValidated) reasons.push('sa-validated');
  if (facts.strategic) reasons.push('strategic');
  return reasons;
}

/** The phase a stage implies (SPEC "Lifecycle and gates"); null for Stage 1 and Closed Lost. */
export function phaseForStage(stage: OpportunityStage): LifecyclePhase | null {
  switch (stage) {
    case 'Stage 2':
      return 'initiate';
    case 'Stage 3':
      return 'develop';
    case 'Stage 4':
      return 'finalize';
    case 'Closed Won':
      return 'execute';
    default:
      return null;
  }
}

/** True when the value is one of the normalised stages. */
export function isOpportunityStage(value: unknown): value is OpportunityStage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}
