/**
 * Plans for unit tests: `plan(phase)` gives a schema-valid plan that passes every check of that
 * phase (no errors, no warnings), so a test changes only what it is about:
 * `plan('finalize', (p) => { delete p.risks })`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import jsYaml from 'js-yaml';
import type { Plan } from '../../../src/domain/plan.js';
import type { Playbook } from '../../../src/domain/playbook.js';
import type { LifecyclePhase } from '../../../src/domain/stage.js';

/** The repository root (two levels above tests/unit/helpers). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The plan's account slug and people, for assertions. */
export const ACCOUNT = 'techcorp';
export const SA = 'Priya Natarajan';
export const CA = 'Dana Kim';
export const CHAMPION = 'Sarah Chen';

/** Everything a plan can hold, filled in: the content of an execute-phase plan, meta aside. */
function content(): Omit<Plan, 'meta' | 'schema_version'> {
  return {
    customer_context: {
      industry: 'Technology',
      segment: 'Enterprise',
      primary_use_case: 'Customer success operations at scale',
      background: '1,200-person software company consolidating three support tools.',
      contract: { start: '2026-12-01', end: '2027-11-30', renewal_date: '2027-11-30' },
    },
    stakeholders: [
      { id: 'sh-1', name: SA, title: 'Solutions Architect', side: 'vendor', role: 'SA' },
      {
        id: 'sh-2',
        name: CHAMPION,
        title: 'VP Product',
        side: 'customer',
        role: 'champion',
        engagement: 'high',
        relationship_score: 78,
      },
      {
        id: 'sh-3',
        name: 'Marcus Webb',
        title: 'CTO',
        side: 'customer',
        role: 'technical_buyer',
        engagement: 'medium',
      },
    ],
    business_outcomes: {
      current_state: 'Three tools, no shared health view; QBR prep takes 3 days per account.',
      objectives: [
        {
          id: 'obj-1',
          statement: 'Cut QBR preparation from 3 days to half a day by 2027-06-30',
          owner: 'sh-2',
          status: 'not_started',
          key_results: [
            {
              id: 'kr-1',
              metric: 'QBR prep time',
              unit: 'days',
              baseline: 3,
              target: 0.5,
              due: '2027-05-15',
              owner: 'sh-2',
            },
          ],
        },
        {
          id: 'obj-2',
          statement: 'Reach 80% weekly active use among 60 CSMs by 2027-03-31',
          owner: 'sh-2',
          status: 'not_started',
          key_results: [
            { id: 'kr-2', metric: 'Weekly active CSMs', unit: 'percent', baseline: 0, target: 80, due: '2027-03-31' },
          ],
        },
        {
          id: 'obj-3',
          statement: 'Retire two legacy tools before 2027-05-31',
          owner: 'sh-3',
          status: 'not_started',
          key_results: [
            { id: 'kr-3', metric: 'Legacy tools in use', unit: 'count', baseline: 3, target: 1, due: '2027-05-31' },
          ],
        },
      ],
    },
    success_criteria: [
      {
        id: 'sc-1',
        criterion: 'QBR deck generated from live data',
        baseline: 'manual',
        target: 'automatic',
        measurement: 'Pilot QBR with 5 accounts',
        due: '2027-02-28',
        status: 'not_met',
      },
      {
        id: 'sc-2',
        criterion: 'Health score visible for every account',
        baseline: '0%',
        target: '100%',
        measurement: 'Portfolio report',
        due: '2027-01-31',
        status: 'not_met',
      },
    ],
    technical_evaluation: {
      plan: 'Two-week sandbox with CRM sync and SSO.',
      scope: 'Sandbox only.',
      resources: ['1 SA (50%)', 'Customer admin (20%)'],
      timeline: { start: '2026-10-01', end: '2026-10-15' },
      status: 'planned',
    },
    adoption_journey: {
      phases: [
        {
          id: 'ph-1',
          name: 'Foundation',
          start: '2026-12-01',
          end: '2026-12-31',
          goal: 'Access, SSO and kickoff done',
          milestones: [
            {
              id: 'ms-1',
              title: 'Kickoff held',
              due: '2026-12-02',
              owner: 'sh-1',
              status: 'not_started',
              deliverable: 'Kickoff deck',
            },
          ],
          actions: [
            { id: 'ac-1', what: 'Provision SSO', who: 'sh-3', when: '2026-12-04', status: 'open', depends_on: [] },
            { id: 'ac-2', what: 'Map CRM fields', who: SA, when: '2026-12-10', status: 'open', depends_on: ['ac-1'] },
          ],
        },
        {
          id: 'ph-2',
          name: 'Adoption',
          start: '2027-01-01',
          end: '2027-05-31',
          goal: 'Everyone on the platform',
          milestones: [
            { id: 'ms-2', title: 'CRM sync live', due: '2027-01-20', owner: 'Marcus Webb', status: 'not_started' },
            {
              id: 'ms-3',
              title: 'QBR from live data',
              due: '2027-05-15',
              owner: 'sh-2',
              status: 'not_started',
              major: true,
            },
          ],
          actions: [],
        },
      ],
    },
    risks: [
      {
        id: 'rk-1',
        title: 'Single-threaded through the champion',
        probability: 'medium',
        impact: 'high',
        rag: 'amber',
        mitigation: 'Quarterly executive briefing with the CTO',
        analysis: 'CTO leans to the incumbent.',
        owner: 'sh-1',
        status: 'open',
      },
      {
        id: 'rk-2',
        title: 'Admin time not available',
        probability: 'low',
        impact: 'medium',
        mitigation: 'Agree hours at kickoff',
        owner: 'sh-3',
        status: 'open',
      },
    ],
    value_tracking: {
      metrics: [
        {
          id: 'vm-1',
          name: 'QBR prep time',
          unit: 'days',
          baseline: 3,
          target: 0.5,
          linked_to: 'kr-1',
          measurements: [],
        },
        {
          id: 'vm-2',
          name: 'Weekly active CSMs',
          unit: 'percent',
          baseline: 0,
          target: 80,
          linked_to: 'kr-2',
          measurements: [],
        },
      ],
    },
    governance: {
      raci: [
        { activity: 'CRM integration', customer_exec: 'I', customer_admin: 'R', csm: 'A', support: 'C' },
        { activity: 'QBR preparation', customer_exec: 'A', customer_admin: 'C', csm: 'R', support: 'I' },
      ],
      cadence: { kickoff: '2026-12-02', weekly: 'Tuesday 10:00', monthly_review: '1st Thursday', qbr: ['2027-03-15'] },
      customer_reviews: [{ date: '2026-10-28', with: 'sh-2', notes: 'Agreed sc-1 and sc-2' }],
    },
    internal_notes: {
      competitive_context: 'Incumbent offered a 30% discount.',
      commercial_notes: 'Multi-year option discussed.',
    },
  };
}

const STAGE: Record<LifecyclePhase, NonNullable<Plan['meta']['opportunity_stage']>> = {
  initiate: 'Stage 2',
  develop: 'Stage 3',
  finalize: 'Stage 4',
  execute: 'Closed Won',
};

/**
 * A plan in the phase that meets every requirement and guardrail of that phase: in initiate and
 * develop a draft with sections 0-3 (develop: also criteria, technical evaluation and the
 * adoption journey), in finalize every section and status pending_review, in execute handed off,
 * accepted, signed off and active. `mutate` changes the copy before it is returned.
 */
export function plan(phase: LifecyclePhase = 'finalize', mutate?: (p: Plan) => void): Plan {
  const all = content();
  const p: Plan = {
    schema_version: 1,
    meta: {
      account: ACCOUNT,
      account_name: 'TechCorp Industries',
      plan_type: 'onboarding',
      phase,
      status: phase === 'execute' ? 'active' : phase === 'finalize' ? 'pending_review' : 'draft',
      owner: phase === 'execute' ? { name: CA, role: 'CA' } : { name: SA, role: 'SA' },
      opportunity_stage: STAGE[phase],
      arr_usd: 250000,
      created: '2026-09-14',
      updated: '2026-11-02',
      plan_start: '2026-12-01',
      plan_end: '2027-06-30',
      last_customer_review: phase === 'finalize' || phase === 'execute' ? '2026-10-28' : null,
      customer_sign_off: phase === 'execute' ? { by: 'sh-2', date: '2026-11-05' } : null,
      ...(phase === 'execute' ? { closed_won_date: '2026-11-10' } : {}),
    },
    customer_context: all.customer_context,
    stakeholders: all.stakeholders,
    business_outcomes: all.business_outcomes,
  };
  if (phase !== 'initiate') {
    p.success_criteria = all.success_criteria;
    p.technical_evaluation = all.technical_evaluation;
    p.adoption_journey = all.adoption_journey;
  }
  if (phase === 'finalize' || phase === 'execute') {
    p.risks = all.risks;
    p.value_tracking = all.value_tracking;
    p.governance = all.governance;
    p.internal_notes = all.internal_notes;
  }
  if (phase === 'execute') {
    p.stakeholders!.push({ id: 'sh-4', name: CA, title: 'Customer Success Manager', side: 'vendor', role: 'CA' });
    p.handoff = {
      from: SA,
      to: CA,
      date: '2026-11-10',
      checklist: [{ item: 'Stakeholders introduced', done: true }],
      open_items: [],
      accepted: true,
      accepted_by: CA,
      accepted_date: '2026-11-12',
    };
  }
  mutate?.(p);
  return p;
}

/** A shipped playbook (playbooks/<type>.yaml), parsed. */
export function shippedPlaybook(type: 'onboarding' | 'expansion' | 'renewal' | 'recovery'): Playbook {
  return jsYaml.load(readFileSync(`${REPO_ROOT}playbooks/${type}.yaml`, 'utf8'), {
    schema: jsYaml.CORE_SCHEMA,
  }) as Playbook;
}

/** The RawIssue codes of a list, for compact assertions. */
export function codes(issues: ReadonlyArray<{ code: string }>): string[] {
  return issues.map((i) => i.code);
}
