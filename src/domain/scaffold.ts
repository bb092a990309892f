/**
 * A new plan for `csp init` (SPEC "Commands"): phase initiate, status draft, sections 0-3 in
 * schema order, filled from flags or a CRM record, the timeline from the plan type's playbook.
 * The owner (the SA) is the first vendor stakeholder; CRM contacts become customer stakeholders.
 * Empty strings mark what the SA still has to write, so `csp validate` shows them as gaps.
 * Pure: inputs in, a plan out.
 */
import type { IsoDate } from './dates.js';
import type { Plan } from './plan.js';
import { playbookTimeline, type Playbook } from './playbook.js';
import type { OpportunityStage } from './stage.js';

/** What `csp init` knows about the new plan. Money in US dollars. */
export interface NewPlanInput {
  account: string;
  accountName: string;
  planType: Plan['meta']['plan_type'];
  owner: { name: string; email?: string };
  stage?: OpportunityStage;
  arrUsd?: number;
  strategic?: boolean;
  industry?: string;
  segment?: string;
  employees?: number;
  region?: string;
  useCase?: string;
  background?: string;
  planStart: IsoDate;
  renewalDate?: IsoDate;
  contractStart?: IsoDate;
  contractEnd?: IsoDate;
  crm?: NonNullable<Plan['meta']['crm']>;
  /** Customer contacts from the CRM (become stakeholders with role other until the SA knows better). */
  contacts?: Array<{ name: string; title?: string; email?: string; crmId?: string }>;
  stage2Date?: IsoDate;
  closedWonDate?: IsoDate;
  today: IsoDate;
}

/** Builds the plan document for a new account; keys are in schema order. */
export function newPlan(input: NewPlanInput, playbook: Playbook): Plan {
  const timeline = playbookTimeline(playbook, { planStart: input.planStart, renewalDate: input.renewalDate });
  const renewal = input.renewalDate ?? (playbook.timeline.anchor === 'renewal_date' ? timeline.anchor : undefined);
  const stakeholders: NonNullable<Plan['stakeholders']> = [
    {
      id: 'sh-1',
      name: input.owner.name,
      title: 'Solutions Architect',
      ...(input.owner.email ? { email: input.owner.email } : {}),
      side: 'vendor',
      role: 'SA',
    },
  ];
  for (const c of input.contacts ?? []) {
    if (stakeholders.some((s) => s.name.toLowerCase() === c.name.toLowerCase())) continue;
    stakeholders.push({
      id: `sh-${stakeholders.length + 1}`,
      name: c.name,
      ...(c.title ? { title: c.title } : {}),
      ...(c.email ? { email: c.email } : {}),
      side: 'customer',
      role: 'other',
      ...(c.crmId ? { crm_contact_id: c.crmId } : {}),
    });
  }
  const meta: Plan['meta'] = {
    account: input.account,
    account_name: input.accountName,
    plan_type: input.planType,
    phase: 'initiate',
    status: 'draft',
    owner: { name: input.owner.name, role: 'SA', ...(input.owner.email ? { email: input.owner.email } : {}) },
    opportunity_stage: input.stage ?? 'Stage 2',
    ...(input.arrUsd !== undefined ? { arr_usd: input.arrUsd } : {}),
    ...(input.strategic ? { strategic: true } : {}),
    created: input.today,
    updated: input.today,
    plan_start: timeline.start,
    plan_end: timeline.end,
    ...(input.stage2Date ? { stage2_date: input.stage2Date } : {}),
    ...(input.closedWonDate ? { closed_won_date: input.closedWonDate } : {}),
    last_customer_review: null,
    customer_sign_off: null,
    ...(input.crm ? { crm: input.crm } : {}),
  };
  return {
    schema_version: 1,
    meta,
    customer_context: {
      industry: input.industry ?? '',
      ...(input.segment ? { segment: input.segment } : {}),
      ...(input.employees !== undefined ? { employees: input.employees } : {}),
      ...(input.region ? { region: input.region } : {}),
      primary_use_case: input.useCase ?? '',
      background: input.background ?? '',
      contract: { start: input.contractStart ?? null, end: input.contractEnd ?? null, renewal_date: renewal ?? null },
    },
    stakeholders,
    business_outcomes: { current_state: '', objectives: [] },
  };
}
