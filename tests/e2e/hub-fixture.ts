/**
 * Small InfoHubs for the health and reminder end-to-end tests: plans built as data and written
 * as YAML, so each test says exactly which dates it depends on.
 */
import yaml from 'js-yaml';

/** What a test plan varies. */
export interface PlanSpec {
  account: string;
  name?: string;
  phase?: 'initiate' | 'develop' | 'finalize' | 'execute';
  updated: string;
  renewal?: string;
  contractStart?: string;
  lastReview?: string;
  lastRefresh?: string;
  milestones?: Array<{ id: string; title: string; due: string; status?: string; owner?: string; major?: boolean }>;
  stakeholders?: Array<Record<string, unknown>>;
  objectives?: Array<{ id: string; statement: string }>;
  measurements?: Array<{ date: string; value: number }>;
}

const OBJECTIVES = [
  { id: 'obj-1', statement: 'Cut QBR preparation from 3 days to half a day by 2026-06-30' },
  { id: 'obj-2', statement: 'Every account has a health score by 2026-03-31' },
  { id: 'obj-3', statement: 'Renewal forecasts from the plans by 2026-09-30' },
];

/** A complete plan for the spec: valid against the schema, the rules and its phase gate. */
export function planData(s: PlanSpec): Record<string, unknown> {
  const execute = (s.phase ?? 'execute') === 'execute';
  return {
    schema_version: 1,
    meta: {
      account: s.account,
      account_name: s.name ?? s.account.charAt(0).toUpperCase() + s.account.slice(1),
      plan_type: 'onboarding',
      phase: s.phase ?? 'execute',
      status: execute ? 'active' : 'draft',
      owner: { name: 'Carl Ortiz', role: execute ? 'CA' : 'SA' },
      opportunity_stage: execute ? 'Closed Won' : 'Stage 3',
      arr_usd: 250000,
      created: '2025-12-01',
      updated: s.updated,
      plan_start: '2026-01-15',
      plan_end: '2027-06-30',
      last_customer_review: s.lastReview ?? null,
      ...(s.lastRefresh ? { last_refresh: s.lastRefresh } : {}),
      customer_sign_off: execute ? { by: 'Sarah Chen', date: '2026-01-10' } : null,
    },
    customer_context: {
      industry: 'Technology',
      primary_use_case: 'QBR automation',
      background: 'Discovery notes.',
      contract: { start: s.contractStart ?? '2026-01-15', end: null, renewal_date: s.renewal ?? null },
    },
    stakeholders: s.stakeholders ?? [
      { id: 'sh-1', name: 'Carl Ortiz', side: 'vendor', role: 'CA' },
      { id: 'sh-2', name: 'Sarah Chen', side: 'customer', role: 'champion', engagement: 'high' },
    ],
    business_outcomes: {
      current_state: 'Manual QBRs.',
      objectives: (s.objectives ?? OBJECTIVES).map((o, i) => ({
        ...o,
        status: 'in_progress',
        key_results: [{ id: `kr-${i + 1}`, metric: `Key result ${i + 1}`, baseline: 0, target: 10 }],
      })),
    },
    success_criteria: [
      {
        id: 'sc-1',
        criterion: 'QBR prepared in half a day',
        baseline: '3 days',
        target: 'half a day',
        measurement: 'Time sheets',
        due: '2026-06-30',
        status: 'partially_met',
      },
    ],
    technical_evaluation: {
      plan: 'Pilot with two teams.',
      resources: ['1 SA (50%)'],
      timeline: { start: '2025-12-01', end: '2025-12-20' },
      status: 'passed',
    },
    adoption_journey: {
      phases: [
        { id: 'ph-1', name: 'Implementation', start: '2026-01-15', end: '2026-02-15', milestones: [] },
        {
          id: 'ph-2',
          name: 'Adoption',
          start: '2026-02-16',
          end: '2026-04-30',
          milestones: (s.milestones ?? []).map((m) => ({ owner: 'sh-2', status: 'not_started', ...m })),
        },
      ],
    },
    risks: [
      {
        id: 'rk-1',
        title: 'Single-threaded relationship',
        probability: 'medium',
        impact: 'high',
        mitigation: 'Monthly executive sponsor meeting',
        owner: 'sh-1',
        status: 'open',
      },
    ],
    value_tracking: {
      metrics: [
        {
          id: 'vm-1',
          name: 'QBR prep hours',
          unit: 'hours',
          baseline: 24,
          target: 4,
          linked_to: 'sc-1',
          measurements: s.measurements ?? [],
        },
      ],
    },
    governance: { raci: [{ activity: 'Value review', csm: 'R', customer_exec: 'A' }] },
    ...(execute
      ? {
          handoff: {
            from: 'Priya Natarajan',
            to: 'Carl Ortiz',
            date: '2026-01-12',
            accepted: true,
            accepted_by: 'Carl Ortiz',
            accepted_date: '2026-01-14',
          },
        }
      : {}),
  };
}

/** The files of an InfoHub holding these plans (paths relative to the repository). */
export function hubFiles(plans: PlanSpec[], extra: Record<string, unknown> = {}): Record<string, string> {
  const files: Record<string, string> = { 'infohub/.csp.yaml': 'schema_version: 1\n' };
  for (const p of plans)
    files[`infohub/${p.account}/success_plan/csp.yaml`] = yaml.dump(planData(p), { lineWidth: -1 });
  for (const [path, data] of Object.entries(extra))
    files[`infohub/${path}`] = typeof data === 'string' ? data : yaml.dump(data, { lineWidth: -1 });
  return files;
}
