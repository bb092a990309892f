/**
 * Phase gates (src/domain/gates.ts; SPEC "Lifecycle and gates"): a plan in phase P fails for what
 * P requires and sees the next phase's requirements as info gaps.
 */
import { describe, expect, it } from 'vitest';
import {
  REQUIREMENTS,
  byRequirementOrder,
  gateIssues,
  isProposalBlock,
  nextPhase,
  phaseCompleteness,
  proposalBlockers,
} from '../../../src/domain/gates.js';
import { REQUIREMENT_IDS } from '../../../src/domain/issue-codes.js';
import type { Plan } from '../../../src/domain/plan.js';
import { PHASES, type LifecyclePhase } from '../../../src/domain/stage.js';
import { ACCOUNT, plan } from '../helpers/plans.js';

/** The SPEC table, read as requirements: the first phase each must hold in. */
const SPEC_TABLE: Record<string, LifecyclePhase> = {
  // initiate -> develop: sections 1-3 (context, a customer stakeholder, 3-5 objectives, current state)
  'context-industry': 'develop',
  'context-use-case': 'develop',
  'context-background': 'develop',
  'stakeholder-customer': 'develop',
  'objectives-count': 'develop',
  'current-state': 'develop',
  // develop -> finalize: criteria, technical evaluation plan/resources/timeline, milestones; and,
  // because a finalize plan must be complete: dated phases, key results, risks with mitigations,
  // baselined value metrics, RACI
  'success-criteria': 'finalize',
  'tech-eval-plan': 'finalize',
  'tech-eval-resources': 'finalize',
  'tech-eval-timeline': 'finalize',
  milestones: 'finalize',
  'plan-dates': 'finalize',
  'adoption-phases': 'finalize',
  'objective-key-results': 'finalize',
  risks: 'finalize',
  'risk-mitigations': 'finalize',
  'value-metrics': 'finalize',
  'value-baselines': 'finalize',
  raci: 'finalize',
  // finalize -> execute: a customer review recorded, the handoff accepted
  'customer-review': 'execute',
  'handoff-accepted': 'execute',
};

/** How to break each requirement on a complete plan, and the pointers it then reports. */
const BREAK: Record<string, [(p: Plan) => void, string[]]> = {
  'context-industry': [(p) => void delete p.customer_context!.industry, ['/customer_context/industry']],
  'context-use-case': [(p) => void (p.customer_context!.primary_use_case = ''), ['/customer_context/primary_use_case']],
  'context-background': [(p) => void (p.customer_context!.background = '   '), ['/customer_context/background']],
  'stakeholder-customer': [(p) => p.stakeholders!.forEach((s) => (s.side = 'vendor')), ['/stakeholders']],
  'objectives-count': [(p) => void p.business_outcomes!.objectives!.pop(), ['/business_outcomes/objectives']],
  'current-state': [(p) => void delete p.business_outcomes!.current_state, ['/business_outcomes/current_state']],
  'success-criteria': [(p) => void (p.success_criteria = []), ['/success_criteria']],
  'tech-eval-plan': [(p) => void (p.technical_evaluation!.plan = ''), ['/technical_evaluation/plan']],
  'tech-eval-resources': [(p) => void (p.technical_evaluation!.resources = []), ['/technical_evaluation/resources']],
  'tech-eval-timeline': [
    (p) => void (p.technical_evaluation!.timeline = { start: '2026-10-01', end: null }),
    ['/technical_evaluation/timeline'],
  ],
  milestones: [(p) => p.adoption_journey!.phases!.forEach((ph) => (ph.milestones = [])), ['/adoption_journey']],
  'plan-dates': [(p) => void delete p.meta.plan_end, ['/meta']],
  'adoption-phases': [
    (p) => p.adoption_journey!.phases!.forEach((ph) => delete ph.start),
    ['/adoption_journey/phases'],
  ],
  'objective-key-results': [
    (p) => void (p.business_outcomes!.objectives![1].key_results = []),
    ['/business_outcomes/objectives/1'],
  ],
  risks: [(p) => void (p.risks = []), ['/risks']],
  'risk-mitigations': [(p) => void delete p.risks![1].mitigation, ['/risks/1']],
  'value-metrics': [(p) => void (p.value_tracking!.metrics = []), ['/value_tracking/metrics']],
  'value-baselines': [(p) => void (p.value_tracking!.metrics![1].baseline = 'n/a'), ['/value_tracking/metrics/1']],
  raci: [(p) => void delete p.governance!.raci, ['/governance/raci']],
  'customer-review': [
    (p) => void ((p.governance!.customer_reviews = []), (p.meta.last_customer_review = null)),
    ['/governance/customer_reviews'],
  ],
  'handoff-accepted': [(p) => void (p.handoff!.accepted = false), ['/handoff/accepted']],
};

/** The stage each phase follows (SPEC "Lifecycle and gates"). */
const STAGE_OF = { initiate: 'Stage 2', develop: 'Stage 3', finalize: 'Stage 4', execute: 'Closed Won' } as const;

/** A complete plan (everything every phase requires), placed in the phase, at the stage the phase follows. */
const completeIn = (phase: LifecyclePhase, mutate?: (p: Plan) => void) =>
  plan('execute', (p) => {
    p.meta.phase = phase;
    p.meta.opportunity_stage = STAGE_OF[phase];
    mutate?.(p);
  });

describe('REQUIREMENTS', () => {
  it('is exactly the SPEC table, in the order a person fills a plan in', () => {
    expect(Object.fromEntries(REQUIREMENTS.map((r) => [r.id, r.requiredFrom]))).toEqual(SPEC_TABLE);
    expect(REQUIREMENTS.map((r) => r.id)).toEqual(Object.keys(SPEC_TABLE));
  });

  it('nothing is required to be in initiate', () => {
    expect(REQUIREMENTS.filter((r) => r.requiredFrom === 'initiate')).toEqual([]);
  });

  it.each(REQUIREMENTS.map((r) => [r.id, r] as const))(
    '%s: met by the complete plan, broken by its break, with a hint naming a csp command',
    (id, r) => {
      const complete = completeIn('execute');
      expect(r.offenders(complete)).toEqual([]);
      const [mutate, pointers] = BREAK[id];
      const broken = completeIn('execute', mutate);
      expect(r.offenders(broken).map((path) => '/' + path.join('/'))).toEqual(pointers);
      expect(r.hint(ACCOUNT)).toMatch(new RegExp(`^csp [a-z]+( [a-z-]+)? ${ACCOUNT}\\b`));
    },
  );
});

describe('phaseCompleteness: errors for the phase, info gaps for the next', () => {
  it.each(PHASES)('a complete plan in %s has no issue', (phase) => {
    expect(phaseCompleteness(completeIn(phase))).toEqual([]);
  });

  const cases = REQUIREMENTS.flatMap((r) => PHASES.map((phase) => [r.id, phase] as const));
  it.each(cases)('%s broken, plan in %s', (id, phase) => {
    const r = REQUIREMENTS.find((x) => x.id === id)!;
    const [mutate, pointers] = BREAK[id];
    const issues = phaseCompleteness(completeIn(phase, mutate));
    const rank = (p: LifecyclePhase) => PHASES.indexOf(p);
    const expected =
      rank(r.requiredFrom) <= rank(phase) ? 'error' : r.requiredFrom === nextPhase(phase) ? 'info' : null;
    if (expected === null) {
      expect(issues).toEqual([]);
      return;
    }
    expect(issues.map((i) => [i.code, i.severity, i.path])).toEqual(pointers.map((p) => [`gate-${id}`, expected, p]));
    const why = expected === 'error' ? `(required in phase ${phase})` : `(needed before ${nextPhase(phase)})`;
    for (const i of issues) {
      expect(i.message.endsWith(why)).toBe(true);
      expect(i.source).toBe('SPEC "Lifecycle and gates"');
      expect(i.hint).toContain(`csp `);
    }
  });

  /**
   * What a bare plan fails, in requirement order: every requirement but the per-item ones, which
   * hold vacuously while there are no items (no phases to date, objectives, risks or metrics).
   */
  const VACUOUS_ON_BARE: readonly string[] = [
    'plan-dates',
    'objective-key-results',
    'risk-mitigations',
    'value-baselines',
  ];
  const bareFails = REQUIREMENT_IDS.filter((id) => !VACUOUS_ON_BARE.includes(id));
  const rank = (p: LifecyclePhase) => PHASES.indexOf(p);
  /** [phase, info gaps (required from the next phase), errors (required by the phase)], from SPEC_TABLE. */
  const bareCases = PHASES.map(
    (phase) =>
      [
        phase,
        bareFails.filter((id) => rank(SPEC_TABLE[id]) === rank(phase) + 1),
        bareFails.filter((id) => rank(SPEC_TABLE[id]) <= rank(phase)),
      ] as const,
  );
  it('the bare-plan cases: initiate sees sections 1-3 as info gaps and fails nothing, execute fails them all', () => {
    expect(bareCases[0].slice(1)).toEqual([bareFails.slice(0, 6), []]);
    expect(bareCases.at(-1)!.slice(1)).toEqual([[], bareFails]);
  });
  it.each(bareCases)('a bare plan (what csp init writes, nothing else) in %s', (phase, infos, errors) => {
    const bare: Plan = {
      schema_version: 1,
      meta: {
        account: ACCOUNT,
        account_name: 'T',
        plan_type: 'onboarding',
        phase,
        status: 'draft',
        owner: { name: 'Priya', role: 'SA' },
        created: '2026-11-01',
        updated: '2026-11-01',
        plan_start: '2026-12-01',
        plan_end: '2027-03-15',
      },
      customer_context: { industry: '', primary_use_case: '', background: '' },
      stakeholders: [{ id: 'sh-1', name: 'Priya', side: 'vendor', role: 'SA' }],
      business_outcomes: { current_state: '', objectives: [] },
    };
    const issues = phaseCompleteness(bare);
    expect(issues.filter((i) => i.severity === 'info').map((i) => i.code.slice(5))).toEqual(infos);
    expect(issues.filter((i) => i.severity === 'error').map((i) => i.code.slice(5))).toEqual(errors);
  });

  it('names the item in per-item requirements, in the message and the hint', () => {
    const issues = phaseCompleteness(
      completeIn('finalize', (p) => {
        p.business_outcomes!.objectives![2].key_results = [];
        delete p.risks![0].mitigation;
        p.value_tracking!.metrics![0].baseline = 'unknown';
      }),
    );
    expect(issues.map((i) => [i.message, i.hint])).toEqual([
      [
        'objective obj-3 has no key result (required in phase finalize)',
        `csp add key-result ${ACCOUNT} --objective obj-3 --metric "..." --baseline ... --target ... --due YYYY-MM-DD`,
      ],
      ['risk rk-1 has no mitigation (required in phase finalize)', `csp set ${ACCOUNT} risks.rk-1.mitigation "..."`],
      [
        'value metric vm-1 has no numeric baseline (required in phase finalize)',
        `csp set ${ACCOUNT} value_tracking.metrics.vm-1.baseline <number>`,
      ],
    ]);
  });

  it.each([
    [
      'a closed risk needs no mitigation',
      (p: Plan) => void ((p.risks![1].status = 'closed'), delete p.risks![1].mitigation),
      [],
    ],
    [
      'six objectives are too many',
      (p: Plan) =>
        p.business_outcomes!.objectives!.push(
          ...[4, 5, 6].map((n) => ({ id: `obj-${n}`, statement: 's', key_results: [{ id: `kr-${n}`, metric: 'm' }] })),
        ),
      ['gate-objectives-count'],
    ],
    [
      'five objectives are fine',
      (p: Plan) =>
        p.business_outcomes!.objectives!.push(
          ...[4, 5].map((n) => ({ id: `obj-${n}`, statement: 's', key_results: [{ id: `kr-${n}`, metric: 'm' }] })),
        ),
      [],
    ],
    ['a last customer review date counts as a review', (p: Plan) => void (p.governance!.customer_reviews = []), []],
    ['one dated phase among undated ones is enough', (p: Plan) => void delete p.adoption_journey!.phases![1].start, []],
    ['a customer stakeholder who left still counts', (p: Plan) => void (p.stakeholders![1].left = '2026-11-01'), []],
  ])('%s', (_, mutate, codes) => {
    expect(phaseCompleteness(completeIn('execute', mutate)).map((i) => i.code)).toEqual(codes);
  });

  it('offers the scaffolding command in the info hint of what csp finalize fills in', () => {
    const issues = phaseCompleteness(plan('develop'));
    expect(issues.map((i) => [i.code, i.severity, i.hint])).toEqual([
      [
        'gate-risks',
        'info',
        `csp add risk ${ACCOUNT} --title "..." --probability medium --impact high --mitigation "..." --owner "<owner>"`,
      ],
      [
        'gate-value-metrics',
        'info',
        `csp finalize ${ACCOUNT} derives them from key results with a numeric baseline, or: csp add metric ${ACCOUNT} --name "..." --unit ... --baseline N --target N`,
      ],
      [
        'gate-raci',
        'info',
        `csp finalize ${ACCOUNT} adds the playbook's RACI, or: csp add raci ${ACCOUNT} --activity "..." --role csm=R --role customer_exec=A`,
      ],
    ]);
  });

  it('names the CA who must accept once the handoff is under way, else how to start it', () => {
    const hintFor = (p: Plan) => gateIssues(p, 'execute').find((i) => i.code === 'gate-handoff-accepted')?.hint;
    const pending = completeIn(
      'finalize',
      (p) => void (p.handoff = { ...p.handoff, to: 'Carl Ortiz', accepted: false }),
    );
    expect(hintFor(pending)).toBe(
      `Carl Ortiz confirms the checklist and accepts with: csp handoff ${ACCOUNT} --accept --by "Carl Ortiz" --confirm <item>`,
    );
    const none = completeIn('finalize', (p) => void (p.handoff = { ...p.handoff, to: null, accepted: false }));
    expect(hintFor(none)).toBe(`csp handoff ${ACCOUNT} --to "<CA>"; then, as the CA: csp handoff ${ACCOUNT} --accept`);
  });

  it('returns nothing for a plan whose phase is unknown (the schema reports it)', () => {
    expect(
      phaseCompleteness(completeIn('execute', (p) => void ((p.meta as { phase: string }).phase = 'done'))),
    ).toEqual([]);
  });
});

describe('gateIssues: what blocks entering a phase', () => {
  it.each([
    // per-item requirements (key results, mitigations, baselines) have no item to fault in an empty plan
    ['develop', 6],
    ['finalize', 16],
    ['execute', 18],
  ] as const)('entering %s checks every requirement due by then (%i unmet on an empty plan)', (target, count) => {
    const issues = gateIssues({ schema_version: 1, meta: { account: ACCOUNT } } as unknown as Plan, target);
    expect(issues).toHaveLength(count);
    expect(new Set(issues.map((i) => i.severity))).toEqual(new Set(['error']));
    expect(issues.every((i) => i.message.endsWith(`(needed to enter ${target})`))).toBe(true);
  });

  it('is empty for a plan that meets the gate, whatever its phase', () => {
    expect(gateIssues(plan('initiate'), 'develop')).toEqual([]);
    expect(gateIssues(plan('finalize'), 'finalize')).toEqual([]);
  });

  it('lists only what is missing for the target', () => {
    expect(gateIssues(plan('initiate'), 'finalize').map((i) => i.code)).toEqual([
      'gate-success-criteria',
      'gate-tech-eval-plan',
      'gate-tech-eval-resources',
      'gate-tech-eval-timeline',
      'gate-milestones',
      'gate-adoption-phases',
      'gate-risks',
      'gate-value-metrics',
      'gate-raci',
    ]);
  });
});

describe('helpers', () => {
  it.each([
    ['initiate', 'develop'],
    ['develop', 'finalize'],
    ['finalize', 'execute'],
    ['execute', null],
  ] as const)('nextPhase(%s) is %s', (phase, next) => {
    expect(nextPhase(phase)).toBe(next);
  });

  it('byRequirementOrder sorts gaps the way a person fills a plan in, others last in their order', () => {
    const issues = [
      { code: 'gate-raci' },
      { code: 'x-1' },
      { code: 'gate-context-industry' },
      { code: 'x-2' },
      { code: 'gate-risks' },
    ];
    expect(byRequirementOrder(issues).map((i) => i.code)).toEqual([
      'gate-context-industry',
      'gate-risks',
      'gate-raci',
      'x-1',
      'x-2',
    ]);
  });
});

describe('issue 15: an incomplete plan at Stage 4 or later blocks the proposal', () => {
  const early = REQUIREMENTS.filter((r) => r.requiredFrom === 'develop' || r.requiredFrom === 'finalize');
  it.each([
    ['initiate', 'Stage 4'],
    ['develop', 'Stage 4'],
    ['initiate', 'Closed Won'],
  ] as const)('a plan in %s at %s: each requirement due by finalize is a proposal-blocked error', (phase, stage) => {
    for (const r of early) {
      const [mutate, pointers] = BREAK[r.id];
      const p = completeIn(phase, (x) => {
        x.meta.opportunity_stage = stage;
        mutate(x);
      });
      const issues = phaseCompleteness(p);
      // what the phase itself requires stays a gate error; what only Stage 4 requires blocks the proposal
      const own = PHASES.indexOf(r.requiredFrom) <= PHASES.indexOf(phase);
      expect(issues.map((i) => [i.code, i.severity, i.path])).toEqual(
        pointers.map((ptr) => [own ? `gate-${r.id}` : `proposal-blocked-${r.id}`, 'error', ptr]),
      );
      if (!own)
        expect(issues.every((i) => isProposalBlock(i.code) && i.message.includes(`required at ${stage}`))).toBe(true);
      expect(proposalBlockers(p).map((b) => b.id)).toEqual([r.id]);
    }
  });

  it('an imported plan at Stage 4 or Closed Won gets errors, not backfill warnings, for what finalize requires', () => {
    const p = completeIn('execute', (x) => {
      x.meta.imported = { source: 'maven', date: '2026-11-22', phase: 'execute' };
      x.business_outcomes!.current_state = '';
      x.governance!.customer_reviews = [];
      x.meta.last_customer_review = null;
    });
    const codes = phaseCompleteness(p).map((i) => `${i.code}:${i.severity}`);
    expect(codes).toEqual(['proposal-blocked-current-state:error', 'backfill-customer-review:warning']);
  });

  it('a complete plan, or one before Stage 4, has no blocker', () => {
    expect(proposalBlockers(completeIn('finalize'))).toEqual([]);
    expect(proposalBlockers(completeIn('develop', BREAK.raci[0]))).toEqual([]);
    expect(proposalBlockers(completeIn('finalize', (x) => (x.meta.opportunity_stage = 'Closed Lost')))).toHaveLength(0);
  });
});
