/** Plans for the pure tests of drafting and account plans: built the way csp init builds them. */
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { newPlan } from '../../../src/domain/scaffold.js';
import type { Plan } from '../../../src/domain/plan.js';
import type { Playbook } from '../../../src/domain/playbook.js';

/** A shipped playbook. */
export function playbook(type: 'onboarding' | 'expansion' | 'renewal' | 'recovery' = 'onboarding'): Playbook {
  return load(readFileSync(new URL(`../../../playbooks/${type}.yaml`, import.meta.url), 'utf8')) as Playbook;
}

/** A plan in initiate with its context, a customer champion and the current state: what an SA has before drafting. */
export function startedPlan(
  overrides: {
    account?: string;
    name?: string;
    arr?: number;
    industry?: string;
    planType?: Plan['meta']['plan_type'];
  } = {},
): Plan {
  const type = overrides.planType ?? 'onboarding';
  const plan = newPlan(
    {
      account: overrides.account ?? 'acme',
      accountName: overrides.name ?? 'Acme Corp',
      planType: type,
      owner: { name: 'Priya Natarajan' },
      arrUsd: overrides.arr ?? 250_000,
      industry: overrides.industry ?? 'Technology',
      useCase: 'customer success operations',
      background: 'Consolidating three support tools',
      planStart: '2026-12-01',
      today: '2026-11-22',
    },
    playbook(type),
  );
  plan.stakeholders!.push({
    id: 'sh-2',
    name: 'Sarah Chen',
    title: 'VP Product',
    side: 'customer',
    role: 'champion',
    engagement: 'high',
    relationship_score: 78,
    internal_assessment: 'Strong advocate',
  });
  plan.business_outcomes = { current_state: 'Three tools, no shared health view', objectives: [] };
  return plan;
}
