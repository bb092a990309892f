/** A small post-sales plan for rule tests, with overrides per test. */
import type { Plan } from '../../../src/domain/plan.js';

/** A plan in execute (handed off and accepted), updated 2026-11-01, contract from 2026-01-15 renewing 2027-01-15. */
export function executePlan(change: (p: Plan) => void = () => {}): Plan {
  const plan: Plan = {
    schema_version: 1,
    meta: {
      account: 'acme',
      account_name: 'Acme Corp',
      plan_type: 'onboarding',
      phase: 'execute',
      status: 'active',
      owner: { name: 'Carl Ortiz', role: 'CA' },
      created: '2025-12-01',
      updated: '2026-11-01',
      plan_start: '2026-01-15',
      plan_end: '2026-04-30',
      last_customer_review: '2026-11-01',
      customer_sign_off: { by: 'Sarah Chen', date: '2026-01-10' },
    },
    customer_context: {
      industry: 'Technology',
      primary_use_case: 'QBR automation',
      background: 'x',
      contract: { start: '2026-01-15', end: '2027-01-14', renewal_date: '2027-01-15' },
    },
    stakeholders: [
      { id: 'sh-1', name: 'Priya Natarajan', side: 'vendor', role: 'SA' },
      { id: 'sh-2', name: 'Sarah Chen', side: 'customer', role: 'champion', engagement: 'high' },
      { id: 'sh-3', name: 'Carl Ortiz', side: 'vendor', role: 'CA' },
    ],
    adoption_journey: {
      phases: [
        { id: 'ph-1', name: 'Implementation (weeks 1-4)', start: '2026-01-15', end: '2026-02-15', milestones: [] },
        { id: 'ph-2', name: 'Adoption', start: '2026-02-16', end: '2026-04-15', milestones: [] },
      ],
    },
    value_tracking: {
      metrics: [{ id: 'vm-1', name: 'QBR prep hours', unit: 'hours', baseline: 24, target: 4, measurements: [] }],
    },
    handoff: {
      from: 'Priya Natarajan',
      to: 'Carl Ortiz',
      date: '2026-01-12',
      accepted: true,
      accepted_by: 'Carl Ortiz',
      accepted_date: '2026-01-14',
    },
  };
  change(plan);
  return plan;
}

/** Adds a milestone to the plan's second phase. */
export function withMilestone(
  plan: Plan,
  milestone: {
    id: string;
    title: string;
    due: string;
    status?: 'not_started' | 'done' | 'in_progress';
    owner?: string;
    major?: boolean;
  },
): Plan {
  plan.adoption_journey!.phases![1].milestones!.push({ owner: 'sh-2', status: 'not_started', ...milestone });
  return plan;
}
