/**
 * What the gates say (src/domain/gates.ts, issue 19): every requirement's message, pointer and hint
 * for an empty plan (each hint a command that runs once its placeholders are filled), the plain
 * "what" of each proposal blocker and backfill warning, and the per-item ones.
 */
import { describe, expect, it } from 'vitest';
import {
  REQUIREMENTS,
  gateIssues,
  isImportedBackfill,
  phaseCompleteness,
  proposalBlockers,
} from '../../../src/domain/gates.js';
import type { Plan } from '../../../src/domain/plan.js';
import { plan } from '../helpers/plans.js';

const blank = (meta: Record<string, unknown> = {}) =>
  ({
    schema_version: 1,
    meta: { account: 'acme', phase: 'initiate', owner: { name: 'O' }, ...meta },
  }) as unknown as Plan;

/** Every requirement an empty plan misses: code, pointer, message, hint. */
const EMPTY: Array<[string, string, string, string]> = [
  [
    'context-industry',
    '/customer_context/industry',
    'customer context: the industry is missing',
    'csp set acme customer_context.industry "Technology"',
  ],
  [
    'context-use-case',
    '/customer_context/primary_use_case',
    'customer context: the primary use case is missing',
    'csp set acme customer_context.primary_use_case "..."',
  ],
  [
    'context-background',
    '/customer_context/background',
    'customer context: the business background from discovery is missing',
    'csp set acme customer_context.background "..."',
  ],
  [
    'stakeholder-customer',
    '/stakeholders',
    'no customer stakeholder identified',
    'csp add stakeholder acme --name "..." --title "..." --role champion --side customer',
  ],
  [
    'objectives-count',
    '/business_outcomes/objectives',
    'business outcomes need 3-5 objectives once past initiate',
    'csp add objective acme --statement "..." (a plan holds 3 to 5)',
  ],
  [
    'current-state',
    '/business_outcomes/current_state',
    'the current-state assessment is missing',
    'csp set acme business_outcomes.current_state "..."',
  ],
  [
    'success-criteria',
    '/success_criteria',
    'no success criteria (1-5 are needed)',
    'csp add criterion acme --criterion "..." --baseline ... --target ... --measurement "..." --due YYYY-MM-DD',
  ],
  [
    'tech-eval-plan',
    '/technical_evaluation/plan',
    'the technical evaluation plan is missing',
    'csp set acme technical_evaluation.plan "..."',
  ],
  [
    'tech-eval-resources',
    '/technical_evaluation/resources',
    'the technical evaluation has no resource requirements',
    'csp add resource acme --text "1 SA (50%)"',
  ],
  [
    'tech-eval-timeline',
    '/technical_evaluation/timeline',
    'the technical evaluation timeline (start and end) is missing',
    'csp set acme technical_evaluation.timeline.start YYYY-MM-DD (and .end)',
  ],
  [
    'milestones',
    '/adoption_journey',
    'no milestones in the plan',
    'csp add phase acme --name "..." --start YYYY-MM-DD --end YYYY-MM-DD, then a milestone in it',
  ],
  [
    'plan-dates',
    '/meta',
    "the plan's timeline (meta.plan_start and meta.plan_end) is missing",
    'csp set acme meta.plan_start YYYY-MM-DD (and meta.plan_end)',
  ],
  [
    'adoption-phases',
    '/adoption_journey/phases',
    'the adoption journey has no dated phases',
    'csp add phase acme --name "..." --start YYYY-MM-DD --end YYYY-MM-DD',
  ],
  [
    'risks',
    '/risks',
    'no risks documented',
    'csp add risk acme --title "..." --probability medium --impact high --mitigation "..." --owner "<owner>"',
  ],
  [
    'value-metrics',
    '/value_tracking/metrics',
    'no value metrics to track',
    'csp add metric acme --name "..." --unit ... --baseline N --target N',
  ],
  [
    'raci',
    '/governance/raci',
    'governance: no RACI matrix',
    'csp add raci acme --activity "..." --role csm=R --role customer_exec=A',
  ],
  [
    'customer-review',
    '/governance/customer_reviews',
    'no customer review recorded',
    'csp review acme --customer "<customer stakeholder>"',
  ],
  [
    'handoff-accepted',
    '/handoff/accepted',
    'the handoff to the CA has not been accepted',
    'csp handoff acme --to "<CA>"; then, as the CA: csp handoff acme --accept',
  ],
];

/** The plain "what" of each requirement due by the proposal, for backfill warnings and blockers. */
const WHAT: Record<string, string> = {
  'context-industry': 'the industry',
  'context-use-case': 'the primary use case',
  'context-background': 'the business background',
  'stakeholder-customer': 'a customer stakeholder',
  'objectives-count': '3-5 objectives',
  'current-state': 'the current-state assessment',
  'success-criteria': 'success criteria (1-5)',
  'tech-eval-plan': 'the technical evaluation plan',
  'tech-eval-resources': 'the technical evaluation resources',
  'tech-eval-timeline': 'the technical evaluation timeline',
  milestones: 'milestones',
  'plan-dates': "the plan's timeline",
  'adoption-phases': 'dated adoption phases',
  risks: 'risks',
  'value-metrics': 'value metrics',
  raci: 'the RACI matrix',
};

describe('an empty plan at the execute gate', () => {
  it('misses every whole-section requirement, each with its message, pointer and hint', () => {
    expect(
      gateIssues(blank(), 'execute').map((i) => [i.code, i.path, i.message, i.hint, i.severity, i.source]),
    ).toEqual(
      EMPTY.map(([id, path, message, hint]) => [
        `gate-${id}`,
        path,
        `${message} (needed to enter execute)`,
        hint,
        'error',
        'SPEC "Lifecycle and gates"',
      ]),
    );
  });

  it('names the account as <account> when the plan has none', () => {
    const p = blank();
    delete (p.meta as { account?: string }).account;
    expect(gateIssues(p, 'develop')[0].hint).toBe('csp set <account> customer_context.industry "Technology"');
  });

  it('an objective count of 3 to 5 passes, 2 and 6 do not', () => {
    for (const [n, ok] of [
      [2, false],
      [3, true],
      [5, true],
      [6, false],
    ] as const) {
      const p = blank({});
      (p as any).business_outcomes = { objectives: Array.from({ length: n }, (_, i) => ({ id: `obj-${i + 1}` })) };
      expect(gateIssues(p, 'develop').some((i) => i.code === 'gate-objectives-count')).toBe(!ok);
    }
  });
});

describe('the plain what of each requirement', () => {
  it('is what proposalBlockers gives for a plan at Stage 4 that has nothing', () => {
    expect(proposalBlockers(blank({ opportunity_stage: 'Stage 4' })).map((b) => [b.id, b.what])).toEqual(
      Object.entries(WHAT),
    );
    expect(proposalBlockers(blank({ opportunity_stage: 'Stage 4' }))[0].hint).toBe(
      'csp set acme customer_context.industry "Technology"',
    );
  });

  it('is what the backfill warnings of an imported plan say, after its stage', () => {
    const p = blank({ phase: 'execute', opportunity_stage: 'Closed Won', imported: { phase: 'execute' } });
    const warnings = phaseCompleteness(p).filter((i) => i.severity === 'warning');
    expect(warnings.map((i) => [i.code, i.message])).toEqual([
      ['backfill-customer-review', 'imported at Closed Won: a customer review still to be filled in'],
      ['backfill-handoff-accepted', 'imported at Closed Won: the accepted handoff to the CA still to be filled in'],
    ]);
    const atPhase = blank({ phase: 'develop', imported: { phase: 'develop' } });
    expect(phaseCompleteness(atPhase).find((i) => i.code === 'backfill-current-state')?.message).toBe(
      'imported at develop: the current-state assessment still to be filled in',
    );
  });

  it('of the per-item requirements names what each item lacks', () => {
    const p = plan('finalize', (x) => {
      x.business_outcomes!.objectives![0].key_results = [];
      delete x.risks![0].mitigation;
      x.value_tracking!.metrics![0].baseline = 'n/a' as never;
    });
    const blockers = proposalBlockers(p);
    expect(blockers.map((b) => [b.id, b.what])).toEqual([
      ['objective-key-results', 'key results for each objective'],
      ['risk-mitigations', 'a mitigation for each risk'],
      ['value-baselines', 'numeric baselines for the value metrics'],
    ]);
    expect(blockers.map((b) => b.hint)).toEqual([
      `csp add key-result ${p.meta.account} --objective ${p.business_outcomes!.objectives![0].id} --metric "..." --baseline ... --target ... --due YYYY-MM-DD`,
      `csp set ${p.meta.account} risks.${p.risks![0].id}.mitigation "..."`,
      `csp set ${p.meta.account} value_tracking.metrics.${p.value_tracking!.metrics![0].id}.baseline <number>`,
    ]);
  });
});

describe('edges of the requirements', () => {
  const codesOf = (p: Plan, target: 'develop' | 'finalize' | 'execute' = 'execute') =>
    gateIssues(p, target).map((i) => i.code.replace('gate-', ''));

  it('names an item without an id by its path', () => {
    const p = plan('finalize', (x) => {
      delete (x.risks![0] as { id?: string }).id;
      delete x.risks![0].mitigation;
    });
    const issue = gateIssues(p, 'finalize').find((i) => i.code === 'gate-risk-mitigations')!;
    expect(issue.message).toBe('risk risks.0 has no mitigation (needed to enter finalize)');
    expect(issue.hint).toBe(`csp set ${p.meta.account} risks.risks.0.mitigation "..."`);
  });

  it("hints at the first phase's id for a plan with phases and no milestones", () => {
    const p = plan('finalize', (x) => x.adoption_journey!.phases!.forEach((ph) => (ph.milestones = [])));
    expect(gateIssues(p, 'finalize').find((i) => i.code === 'gate-milestones')!.hint).toBe(
      `csp add milestone ${p.meta.account} --phase ${p.adoption_journey!.phases![0].id} --title "..." --due YYYY-MM-DD --owner "<owner>"`,
    );
  });

  it('takes a last review date alone as a customer review; only accepted: true accepts the handoff', () => {
    const p = plan('execute', (x) => {
      x.governance!.customer_reviews = [];
      x.meta.last_customer_review = '2026-11-20';
      (x.handoff as { accepted: unknown }).accepted = 'true';
    });
    expect(codesOf(p)).toEqual(['handoff-accepted']);
  });

  it('needs both ends of the evaluation timeline and of some adoption phase, and a numeric baseline', () => {
    const p = plan('finalize', (x) => {
      x.technical_evaluation!.timeline = { start: '2026-10-01' } as never;
      x.adoption_journey!.phases!.forEach((ph) => delete ph.end);
      (x.value_tracking!.metrics![0] as { baseline: unknown }).baseline = '5';
      x.meta.plan_start = '';
    });
    expect(codesOf(p, 'finalize')).toEqual(['tech-eval-timeline', 'plan-dates', 'adoption-phases', 'value-baselines']);
  });

  it('a vendor stakeholder is not a customer one', () => {
    expect(
      codesOf(
        plan('develop', (x) => x.stakeholders!.forEach((s) => (s.side = 'vendor'))),
        'develop',
      ),
    ).toEqual(['stakeholder-customer']);
  });
});

describe('when the plan has reached its proposal', () => {
  it.each([
    ['Stage 3', 'develop', false],
    ['Stage 4', 'develop', true],
    ['Closed Won', 'initiate', true],
    ['Closed Lost', 'develop', false],
    ['Closed Lost', 'finalize', true],
    ['Stage 9', 'develop', false],
    [undefined, 'execute', true],
    [undefined, 'initiate', false],
  ] as const)('at %s in %s: %s', (stage, phase, blocked) => {
    const p = blank({ phase, ...(stage ? { opportunity_stage: stage } : {}) });
    expect(proposalBlockers(p).length > 0).toBe(blocked);
  });

  it('an unknown or missing phase has no completeness issues', () => {
    expect(phaseCompleteness(blank({ phase: 'later' }))).toEqual([]);
    const p = blank();
    delete (p.meta as { phase?: string }).phase;
    expect(phaseCompleteness(p)).toEqual([]);
  });
});

describe('after the first mutation run (issue 19)', () => {
  it('the per-item requirements: where they point, what they say (csp status quotes it), their hint with a placeholder id', () => {
    const perItem = REQUIREMENTS.filter((r) => r.describe);
    expect(perItem.map((r) => [r.id, r.path, r.message, r.hint('acme')])).toEqual([
      [
        'objective-key-results',
        ['business_outcomes', 'objectives'],
        'an objective has no key result',
        'csp add key-result acme --objective obj-N --metric "..." --baseline ... --target ... --due YYYY-MM-DD',
      ],
      ['risk-mitigations', ['risks'], 'a risk has no mitigation', 'csp set acme risks.rk-N.mitigation "..."'],
      [
        'value-baselines',
        ['value_tracking', 'metrics'],
        'a value metric has no numeric baseline',
        'csp set acme value_tracking.metrics.vm-N.baseline <number>',
      ],
    ]);
  });

  it('one of each list is enough', () => {
    const p = plan('execute', (x) => {
      x.success_criteria = x.success_criteria!.slice(0, 1);
      x.technical_evaluation!.resources = x.technical_evaluation!.resources!.slice(0, 1);
      x.adoption_journey!.phases = x
        .adoption_journey!.phases!.slice(0, 1)
        .map((ph) => ({ ...ph, milestones: ph.milestones!.slice(0, 1) }));
      x.risks = x.risks!.slice(0, 1);
      x.value_tracking!.metrics = x.value_tracking!.metrics!.slice(0, 1);
      x.governance!.raci = x.governance!.raci!.slice(0, 1);
      x.governance!.customer_reviews = x.governance!.customer_reviews!.slice(0, 1);
      x.meta.last_customer_review = null;
    });
    expect(p.governance!.customer_reviews).toHaveLength(1);
    expect(gateIssues(p, 'execute')).toEqual([]);
  });

  it('sections that are there but empty are reported, not a crash', () => {
    const p = blank({ phase: 'execute' });
    Object.assign(p, {
      customer_context: {},
      business_outcomes: { objectives: [{ id: 'obj-1' }] },
      technical_evaluation: {},
      adoption_journey: {},
      value_tracking: {},
      governance: {},
      handoff: {},
    });
    expect(gateIssues(p, 'execute').map((i) => i.code.replace('gate-', ''))).toEqual([
      ...EMPTY.map(([id]) => id).slice(0, 13),
      'objective-key-results',
      ...EMPTY.map(([id]) => id).slice(13),
    ]);
  });

  it('a plan without meta: no crash, <account> in hints, no proposal, no completeness', () => {
    const p = { schema_version: 1 } as unknown as Plan;
    expect(gateIssues(p, 'develop')[0].hint).toBe('csp set <account> customer_context.industry "Technology"');
    expect(proposalBlockers(p)).toEqual([]);
    expect(phaseCompleteness(p)).toEqual([]);
    expect(isImportedBackfill(p)).toBe(false);
    expect(proposalBlockers(blank({ phase: 'finalize', account: undefined }))[0].hint).toBe(
      'csp set <account> customer_context.industry "Technology"',
    );
  });

  it('a plan imported in an earlier phase gets errors, not backfill warnings', () => {
    const p = blank({ phase: 'develop', imported: { phase: 'initiate' } });
    expect(isImportedBackfill(p)).toBe(false);
    expect(
      phaseCompleteness(p)
        .filter((i) => i.severity !== 'info')
        .map((i) => i.code)[0],
    ).toBe('gate-context-industry');
    expect(isImportedBackfill(blank({ phase: 'develop', imported: { phase: 'develop' } }))).toBe(true);
  });
});
