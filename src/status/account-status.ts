/**
 * One account's status on a date (SPEC "Commands": csp status): the plan's health, the customer
 * health score with the save plays whose triggers fired and the recovery plan it suggests, the
 * reminders due, each objective with its decisions, and the value metrics' progress. An account
 * may have a plan, health signals, or both. Pure: documents in, status out.
 */
import type { DecisionLog } from '../domain/types.gen.js';
import { cspHealth, type CspHealth } from '../domain/plan-health.js';
import { proposalBlockers, type ProposalBlocker } from '../domain/gates.js';
import type { IsoDate } from '../domain/dates.js';
import { decisionsByObjective, type LinkedDecision, type ObjectiveDecisions } from '../domain/decisions.js';
import type { Plan } from '../domain/plan.js';
import { remindersFor, type Reminder, type ReminderOptions } from '../domain/reminders.js';
import { planValue, type ValueProgress } from '../domain/value.js';
import type { HealthModel } from '../customer-health/model.js';
import { scoreHealth, type HealthScore } from '../customer-health/score.js';
import type { HealthSignals } from '../customer-health/signals.js';
import {
  firedTriggers,
  recoverySuggestion,
  type FiredTrigger,
  type RecoverySuggestion,
  type SavePlay,
} from '../customer-health/triggers.js';

/** What the status is computed from. */
export interface AccountStatusInput {
  account: string;
  asOf: IsoDate;
  plan?: Plan;
  decisions?: Pick<DecisionLog, 'decisions'>;
  signals?: HealthSignals;
  model: HealthModel;
  savePlays: readonly SavePlay[];
  reminders?: ReminderOptions;
}

/** One account's status. */
export interface AccountStatus {
  account: string;
  name: string;
  asOf: IsoDate;
  plan: {
    planType: string;
    phase: string;
    status: string;
    owner: string;
    ownerRole: string;
    updated: string;
    renewalDate: string | null;
    stage: string | null;
  } | null;
  cspHealth: CspHealth | null;
  /** At Stage 4 or later with an incomplete plan: what blocks the proposal (gates.ts proposalBlockers); [] otherwise. */
  proposalBlocked: ProposalBlocker[];
  /** null when the account has no health signals. */
  customerHealth: HealthScore | null;
  triggers: FiredTrigger[];
  recovery: RecoverySuggestion | null;
  reminders: Reminder[];
  objectives: ObjectiveDecisions[];
  /** Decisions naming an objective the plan does not have. */
  unlinkedDecisions: Array<LinkedDecision & { objective: string }>;
  value: ValueProgress[];
}

/** Computes an account's status. */
export function accountStatus(input: AccountStatusInput): AccountStatus {
  const { plan, asOf } = input;
  const health = input.signals ? scoreHealth(input.signals, input.model, asOf) : null;
  const triggers = health ? firedTriggers(health, input.model, plan?.stakeholders ?? [], input.savePlays, asOf) : [];
  const linked = plan ? decisionsByObjective(plan, input.decisions, asOf) : { objectives: [], unknown: [] };
  return {
    account: input.account,
    name: plan?.meta.account_name ?? input.signals?.name ?? input.account,
    asOf,
    plan: plan
      ? {
          planType: plan.meta.plan_type,
          phase: plan.meta.phase,
          status: plan.meta.status,
          owner: plan.meta.owner.name,
          ownerRole: plan.meta.owner.role,
          updated: plan.meta.updated,
          renewalDate: plan.customer_context?.contract?.renewal_date ?? null,
          stage: plan.meta.opportunity_stage ?? null,
        }
      : null,
    cspHealth: plan ? cspHealth(plan, asOf) : null,
    proposalBlocked: plan ? proposalBlockers(plan) : [],
    customerHealth: health,
    triggers,
    recovery: health
      ? recoverySuggestion(input.account, health, triggers, input.savePlays, plan?.meta.plan_type)
      : null,
    reminders: plan ? remindersFor(plan, asOf, input.reminders) : [],
    objectives: linked.objectives,
    unlinkedDecisions: linked.unknown,
    value: plan ? planValue(plan, asOf) : [],
  };
}
