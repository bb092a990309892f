/** The SPEC guardrails (src/domain/rules.ts checkRules), one rule at a time, on a plan that passes every other check. */
import { describe, expect, it } from 'vitest';
import { checkRules, type RuleOptions } from '../../../src/domain/rules.js';
import { effectiveRag, type Plan } from '../../../src/domain/plan.js';
import { checkData } from '../../../src/validation/check.js';
import { ACCOUNT, CA, plan } from '../helpers/plans.js';

/** The rule issues of a changed finalize plan, as [code, severity, path]. */
function rules(
  mutate: (p: Plan) => void,
  options: RuleOptions = {},
  phase: Plan['meta']['phase'] = 'finalize',
): Array<[string, string, string]> {
  return checkRules(plan(phase, mutate), options).map((i) => [i.code, i.severity, i.path]);
}

const milestone = (p: Plan) => p.adoption_journey!.phases![1].milestones![1];

describe('the test plans', () => {
  it.each(['initiate', 'develop', 'finalize', 'execute'] as const)(
    'a %s plan breaks no rule and passes every check',
    async (phase) => {
      expect(checkRules(plan(phase))).toEqual([]);
      expect((await checkData('csp', plan(phase))).filter((i) => i.severity !== 'info')).toEqual([]);
    },
  );
});

describe('milestone dates inside the plan (plan 2026-12-01 to 2027-06-30)', () => {
  it.each([
    [
      'the day before the start',
      '2026-11-30',
      [['milestone-outside-plan', 'error', '/adoption_journey/phases/1/milestones/1/due']],
    ],
    ['the start day', '2026-12-01', []],
    ['a day inside', '2027-03-01', []],
    [
      'the last day (inside, but no contingency buffer)',
      '2027-06-30',
      [['contingency-buffer', 'warning', '/meta/plan_end']],
    ],
    [
      'the day after the end',
      '2027-07-01',
      [['milestone-outside-plan', 'error', '/adoption_journey/phases/1/milestones/1/due']],
    ],
  ])('a milestone due %s (%s)', (_, due, expected) => {
    expect(rules((p) => void (milestone(p).due = due))).toEqual(expected);
  });

  it('says where the timeline is and how to extend it', () => {
    const [issue] = checkRules(plan('finalize', (p) => void (milestone(p).due = '2027-07-01')));
    expect(issue.message).toBe(
      "milestone ms-3 is due 2027-07-01, outside the plan's timeline 2026-12-01 to 2027-06-30",
    );
    expect(issue.hint).toBe(
      `move the due date inside the plan, or extend meta.plan_end: csp set ${ACCOUNT} meta.plan_end YYYY-MM-DD`,
    );
  });

  it.each([
    ['no plan_start', (p: Plan) => void delete p.meta.plan_start],
    ['no plan_end', (p: Plan) => void delete p.meta.plan_end],
  ])('skips the check with %s', (_, mutate) => {
    expect(
      rules((p) => {
        mutate(p);
        milestone(p).due = '2030-01-01';
      }),
    ).toEqual([]);
  });

  it('reports a plan that ends before it starts, and then checks no milestone against it (its phases still run outside)', () => {
    expect(rules((p) => void (p.meta.plan_end = '2026-11-01'))).toEqual([
      ['plan-dates-order', 'error', '/meta/plan_end'],
      ['phase-outside-plan', 'warning', '/adoption_journey/phases/0'],
      ['phase-outside-plan', 'warning', '/adoption_journey/phases/1'],
    ]);
  });

  it.each([
    [
      'a phase that ends before it starts',
      (p: Plan) => void (p.adoption_journey!.phases![0].end = '2026-11-30'),
      [['phase-dates-order', 'error', '/adoption_journey/phases/0/end']],
    ],
    [
      'a phase that starts before the plan',
      (p: Plan) => void (p.adoption_journey!.phases![0].start = '2026-11-15'),
      [['phase-outside-plan', 'warning', '/adoption_journey/phases/0']],
    ],
    [
      'a phase that ends after the plan',
      (p: Plan) => void (p.adoption_journey!.phases![1].end = '2027-07-15'),
      [['phase-outside-plan', 'warning', '/adoption_journey/phases/1']],
    ],
  ])('%s', (_, mutate, expected) => {
    expect(rules(mutate)).toEqual(expected);
  });
});

describe('contingency buffer: 10% of the timeline after the last milestone', () => {
  // A 100-day plan: 2027-01-01 to 2027-04-11.
  const hundredDays = (lastDue: string) => (p: Plan) => {
    p.meta.plan_start = '2027-01-01';
    p.meta.plan_end = '2027-04-11';
    p.adoption_journey!.phases = [
      {
        id: 'ph-1',
        name: 'All',
        start: '2027-01-01',
        end: '2027-04-11',
        milestones: [{ id: 'ms-1', title: 'Done', due: lastDue, owner: 'sh-1' }],
      },
    ];
  };

  it.each([
    ['10 days of 100 left (exactly 10%)', '2027-04-01', []],
    ['20 days left', '2027-03-22', []],
    ['9 days left', '2027-04-02', [['contingency-buffer', 'warning', '/meta/plan_end']]],
    ['none left', '2027-04-11', [['contingency-buffer', 'warning', '/meta/plan_end']]],
  ])('%s', (_, due, expected) => {
    expect(rules(hundredDays(due))).toEqual(expected);
  });

  it('says how many days to keep free, from reference/000', () => {
    const [issue] = checkRules(plan('finalize', hundredDays('2027-04-02')));
    expect(issue).toMatchObject({
      message: 'the last milestone (2027-04-02) leaves 9 of 100 days as contingency buffer, under 10% of the timeline',
      hint: 'keep 10-20% of the timeline free after the last milestone (about 10 days)',
      source: 'reference/000 "Guardrails"',
    });
  });

  it('uses the latest milestone, whatever its order in the document', () => {
    expect(rules((p) => void (p.adoption_journey!.phases![0].milestones![0].due = '2027-06-29'))).toEqual([
      ['contingency-buffer', 'warning', '/meta/plan_end'],
    ]);
  });

  it('is not checked without milestones', () => {
    expect(rules((p) => p.adoption_journey!.phases!.forEach((ph) => (ph.milestones = [])))).toEqual([]);
  });
});

describe("owners named among the plan's people", () => {
  it.each<[string, (p: Plan) => void, Array<[string, string, string]>]>([
    ['a milestone owner by stakeholder id', (p) => void (milestone(p).owner = 'sh-3'), []],
    ['a milestone owner by name', (p) => void (milestone(p).owner = 'Marcus Webb'), []],
    ['a milestone owner by name in other case and spacing', (p) => void (milestone(p).owner = '  marcus WEBB '), []],
    [
      'a milestone owner who is the plan owner only',
      (p) => {
        p.stakeholders = p.stakeholders!.filter((s) => s.id !== 'sh-1');
        p.adoption_journey!.phases![0].milestones![0].owner = 'priya natarajan';
        p.adoption_journey!.phases![0].actions![1].who = 'Priya Natarajan';
        p.risks![0].owner = 'Priya Natarajan';
      },
      [],
    ],
    [
      'a milestone owner nobody knows',
      (p) => void (milestone(p).owner = 'Jane Doe'),
      [['owner-unknown', 'error', '/adoption_journey/phases/1/milestones/1/owner']],
    ],
    [
      'a milestone owner by an unknown id',
      (p) => void (milestone(p).owner = 'sh-9'),
      [['owner-unknown', 'error', '/adoption_journey/phases/1/milestones/1/owner']],
    ],
    [
      'an id in other case (ids are exact)',
      (p) => void (milestone(p).owner = 'SH-2'),
      [['owner-unknown', 'error', '/adoption_journey/phases/1/milestones/1/owner']],
    ],
    [
      'a milestone with no owner (error)',
      (p) => void delete milestone(p).owner,
      [['owner-missing', 'error', '/adoption_journey/phases/1/milestones/1/owner']],
    ],
    [
      'a milestone owner of blanks (error)',
      (p) => void (milestone(p).owner = '   '),
      [['owner-missing', 'error', '/adoption_journey/phases/1/milestones/1/owner']],
    ],
    [
      'an action with no one (warning)',
      (p) => void delete p.adoption_journey!.phases![0].actions![0].who,
      [['owner-missing', 'warning', '/adoption_journey/phases/0/actions/0/who']],
    ],
    [
      'an action by someone unknown (error)',
      (p) => void (p.adoption_journey!.phases![0].actions![0].who = 'IT team'),
      [['owner-unknown', 'error', '/adoption_journey/phases/0/actions/0/who']],
    ],
    [
      'a risk with no owner (warning)',
      (p) => void delete p.risks![1].owner,
      [['owner-missing', 'warning', '/risks/1/owner']],
    ],
    [
      'a risk owned by someone unknown',
      (p) => void (p.risks![1].owner = 'Legal'),
      [['owner-unknown', 'error', '/risks/1/owner']],
    ],
    ['an objective with no owner (optional)', (p) => void delete p.business_outcomes!.objectives![0].owner, []],
    [
      'an objective owned by someone unknown',
      (p) => void (p.business_outcomes!.objectives![0].owner = 'Board'),
      [['owner-unknown', 'error', '/business_outcomes/objectives/0/owner']],
    ],
    [
      'a key result owned by someone unknown',
      (p) => void (p.business_outcomes!.objectives![0].key_results![0].owner = 'Board'),
      [['owner-unknown', 'error', '/business_outcomes/objectives/0/key_results/0/owner']],
    ],
    [
      'a customer review with someone unknown',
      (p) => void (p.governance!.customer_reviews![0].with = 'Someone'),
      [['owner-unknown', 'error', '/governance/customer_reviews/0/with']],
    ],
    [
      'a sign-off by someone unknown',
      (p) => void (p.meta.customer_sign_off = { by: 'Someone', date: '2026-11-20' }),
      [['owner-unknown', 'error', '/meta/customer_sign_off/by']],
    ],
  ])('%s', (_, mutate, expected) => {
    expect(rules(mutate)).toEqual(expected);
  });

  it('names the known people and the command to add one', () => {
    const [issue] = checkRules(plan('finalize', (p) => void (milestone(p).owner = 'Jane Doe')));
    expect(issue.message).toBe('milestone ms-3: "Jane Doe" is not one of the plan\'s people');
    expect(issue.hint).toBe(
      `use a stakeholder id or name, or the plan owner (known: Priya Natarajan (sh-1), Sarah Chen (sh-2), Marcus Webb (sh-3)); add them with csp add stakeholder ${ACCOUNT} --name "Jane Doe" --title "..." --role champion --side customer`,
    );
  });
});

describe('no RED risk without a mitigation', () => {
  const risk = (fields: Partial<NonNullable<Plan['risks']>[number]>) => (p: Plan) =>
    void (p.risks![1] = {
      id: 'rk-2',
      title: 'Budget cut',
      probability: 'low',
      impact: 'low',
      owner: 'sh-3',
      status: 'open',
      ...fields,
    });
  const RED = [['risk-red-unmitigated', 'error', '/risks/1']];

  it.each<[string, Partial<NonNullable<Plan['risks']>[number]>, unknown[]]>([
    ['explicit rag red, no mitigation', { rag: 'red' }, RED],
    ['explicit rag red, blank mitigation', { rag: 'red', mitigation: '  ' }, RED],
    ['explicit rag red, mitigated', { rag: 'red', mitigation: 'Escalate' }, []],
    ['high x high (derived red)', { probability: 'high', impact: 'high' }, RED],
    ['high x medium (derived red)', { probability: 'high', impact: 'medium' }, RED],
    ['medium x high (derived red)', { probability: 'medium', impact: 'high' }, RED],
    ['medium x medium (amber)', { probability: 'medium', impact: 'medium' }, []],
    ['high x low (amber)', { probability: 'high', impact: 'low' }, []],
    ['high x high with an explicit amber rag', { probability: 'high', impact: 'high', rag: 'amber' }, []],
    ['low x low with an explicit red rag', { rag: 'red' }, RED],
    ['high x high but closed (exempt)', { probability: 'high', impact: 'high', status: 'closed' }, []],
    ['high x high, accepted (not exempt)', { probability: 'high', impact: 'high', status: 'accepted' }, RED],
    ['high x high, mitigating, no mitigation text', { probability: 'high', impact: 'high', status: 'mitigating' }, RED],
  ])('%s', (_, fields, expected) => {
    expect(rules(risk(fields))).toEqual(expected);
  });

  it('says why the risk is red and how to fix it', () => {
    const derived = checkRules(plan('finalize', risk({ probability: 'high', impact: 'medium' })))[0];
    expect(derived.message).toBe(
      'risk rk-2 "Budget cut" is RED (high probability x medium impact) and has no mitigation',
    );
    expect(derived.hint).toBe(`csp set ${ACCOUNT} risks.rk-2.mitigation "..."`);
    expect(checkRules(plan('finalize', risk({ rag: 'red' })))[0].message).toBe(
      'risk rk-2 "Budget cut" is RED (rag: red) and has no mitigation',
    );
  });

  it.each([
    ['high', 'high', 'red'],
    ['high', 'medium', 'red'],
    ['medium', 'high', 'red'],
    ['medium', 'medium', 'amber'],
    ['high', 'low', 'amber'],
    ['low', 'high', 'amber'],
    ['medium', 'low', 'green'],
    ['low', 'low', 'green'],
  ] as const)('effectiveRag: %s probability x %s impact is %s', (probability, impact, rag) => {
    expect(effectiveRag({ probability, impact })).toBe(rag);
  });
});

describe('unique ids and known references', () => {
  it.each<[string, (p: Plan) => void, Array<[string, string, string]>]>([
    [
      'two stakeholders sh-2',
      (p) => void p.stakeholders!.push({ id: 'sh-2', name: 'Lee Park', side: 'customer', role: 'admin' }),
      [['duplicate-id', 'error', '/stakeholders/3/id']],
    ],
    [
      'two milestones ms-1 in different phases',
      (p) => void (milestone(p).id = 'ms-1'),
      [['duplicate-id', 'error', '/adoption_journey/phases/1/milestones/1/id']],
    ],
    [
      'two key results kr-1 in different objectives',
      (p) => void (p.business_outcomes!.objectives![2].key_results![0].id = 'kr-1'),
      [['duplicate-id', 'error', '/business_outcomes/objectives/2/key_results/0/id']],
    ],
    [
      'an action depending on an unknown action',
      (p) => void (p.adoption_journey!.phases![0].actions![1].depends_on = ['ac-9']),
      [['reference-unknown', 'error', '/adoption_journey/phases/0/actions/1/depends_on/0']],
    ],
    [
      'an action depending on a milestone',
      (p) => void (p.adoption_journey!.phases![0].actions![1].depends_on = ['ac-1', 'ms-2']),
      [],
    ],
    [
      'an action depending on an unknown milestone (second item)',
      (p) => void (p.adoption_journey!.phases![0].actions![1].depends_on = ['ac-1', 'ms-7']),
      [['reference-unknown', 'error', '/adoption_journey/phases/0/actions/1/depends_on/1']],
    ],
    [
      'a metric linked to an unknown key result',
      (p) => void (p.value_tracking!.metrics![0].linked_to = 'kr-9'),
      [['reference-unknown', 'error', '/value_tracking/metrics/0/linked_to']],
    ],
    ['a metric linked to a success criterion', (p) => void (p.value_tracking!.metrics![0].linked_to = 'sc-2'), []],
    ['a metric linked to nothing', (p) => void delete p.value_tracking!.metrics![0].linked_to, []],
  ])('%s', (_, mutate, expected) => {
    expect(rules(mutate)).toEqual(expected);
  });

  it('names where the id was first used', () => {
    const [issue] = checkRules(
      plan(
        'finalize',
        (p) => void p.stakeholders!.push({ id: 'sh-2', name: 'Lee Park', side: 'customer', role: 'admin' }),
      ),
    );
    expect(issue.message).toBe('id sh-2 is used twice (first at /stakeholders/1)');
  });
});

describe('status, sign-off, approval and handoff', () => {
  const signOff = { by: 'Sarah Chen', date: '2026-11-20' };
  const approval = { by: 'Morgan Lee', date: '2026-11-21' };

  it.each<[string, Plan['meta']['phase'], (p: Plan) => void, RuleOptions, Array<[string, string, string]>]>([
    [
      'approved without sign-off',
      'finalize',
      (p) => void (p.meta.status = 'approved'),
      {},
      [['status-without-sign-off', 'error', '/meta/status']],
    ],
    [
      'approved with sign-off',
      'finalize',
      (p) => void ((p.meta.status = 'approved'), (p.meta.customer_sign_off = signOff)),
      {},
      [],
    ],
    [
      'approved with sign-off, approval required but missing',
      'finalize',
      (p) => void ((p.meta.status = 'approved'), (p.meta.customer_sign_off = signOff)),
      { requireManagerApproval: true },
      [['status-without-approval', 'error', '/meta/status']],
    ],
    [
      'approved with sign-off and approval',
      'finalize',
      (p) =>
        void ((p.meta.status = 'approved'), (p.meta.customer_sign_off = signOff), (p.meta.manager_approval = approval)),
      { requireManagerApproval: true },
      [],
    ],
    [
      'active in execute without sign-off',
      'execute',
      (p) => void (p.meta.customer_sign_off = null),
      {},
      [['status-without-sign-off', 'error', '/meta/status']],
    ],
    [
      'active in execute without the required approval',
      'execute',
      () => undefined,
      { requireManagerApproval: true },
      [['status-without-approval', 'error', '/meta/status']],
    ],
    [
      'active in finalize (before the handoff)',
      'finalize',
      (p) => void ((p.meta.status = 'active'), (p.meta.customer_sign_off = signOff)),
      {},
      [['status-phase', 'error', '/meta/status']],
    ],
    [
      'active in develop without sign-off',
      'develop',
      (p) => void (p.meta.status = 'active'),
      {},
      [
        ['status-without-sign-off', 'error', '/meta/status'],
        ['status-phase', 'error', '/meta/status'],
      ],
    ],
    ['pending_review without sign-off', 'finalize', () => undefined, { requireManagerApproval: true }, []],
    [
      'handoff accepted without a CA',
      'execute',
      (p) => void (p.handoff!.to = null),
      {},
      [['handoff-without-ca', 'error', '/handoff/to']],
    ],
    [
      'handoff accepted with a blank CA',
      'execute',
      (p) => void (p.handoff!.to = ' '),
      {},
      [['handoff-without-ca', 'error', '/handoff/to']],
    ],
    [
      'handoff not accepted, no CA yet',
      'finalize',
      (p) => void (p.handoff = { from: null, to: null, accepted: false }),
      {},
      [],
    ],
    [
      'updated before created (warning)',
      'finalize',
      (p) => void (p.meta.updated = '2026-09-01'),
      {},
      [['dates-order', 'warning', '/meta/updated']],
    ],
    [
      'meta.account differs from its folder',
      'finalize',
      () => undefined,
      { expectedAccount: 'other' },
      [['account-mismatch', 'error', '/meta/account']],
    ],
    ['meta.account matches its folder', 'finalize', () => undefined, { expectedAccount: ACCOUNT }, []],
  ])('%s', (_, phase, mutate, options, expected) => {
    expect(rules(mutate, options, phase)).toEqual(expected);
  });

  it('names the command that records what is missing', () => {
    const byCode = Object.fromEntries(
      checkRules(
        plan('develop', (p) => void (p.meta.status = 'active')),
        { requireManagerApproval: true },
      ).map((i) => [i.code, i.hint]),
    );
    expect(byCode).toEqual({
      'status-without-sign-off': `csp review ${ACCOUNT} --customer "<name>" --signed-off`,
      'status-without-approval': `csp approve ${ACCOUNT} --by "<manager>"`,
      'status-phase': `csp handoff ${ACCOUNT} --to "<CA>" and then --accept`,
    });
  });

  it('an execute plan owned by the CA is fine', () => {
    expect(plan('execute').meta.owner).toEqual({ name: CA, role: 'CA' });
  });
});

describe('RACI: exactly one Accountable per activity', () => {
  it.each<[string, Record<string, string>, number | null]>([
    ['one A', { activity: 'x', csm: 'A', customer_admin: 'R' }, null],
    ['one R/A', { activity: 'x', csm: 'R/A', customer_admin: 'C' }, null],
    ['one A/R', { activity: 'x', csm: 'A/R', customer_admin: 'I' }, null],
    ['no A', { activity: 'x', csm: 'R', customer_admin: 'C' }, 0],
    ['two A', { activity: 'x', csm: 'A', customer_exec: 'A' }, 2],
    ['A and R/A', { activity: 'x', csm: 'A', customer_exec: 'R/A' }, 2],
    ['an activity called "A" does not count', { activity: 'A', csm: 'A' }, null],
  ])('%s', (_, row, count) => {
    const issues = checkRules(plan('finalize', (p) => void (p.governance!.raci![1] = row as never)));
    if (count === null) expect(issues).toEqual([]);
    else {
      expect(issues.map((i) => [i.code, i.severity, i.path])).toEqual([
        ['raci-accountable', 'warning', '/governance/raci/1'],
      ]);
      expect(issues[0].message).toBe(
        `RACI activity "${row.activity}" has ${count} accountable roles (A); it should have exactly one`,
      );
    }
  });
});

describe('every rule issue', () => {
  it('has a code, a severity, a JSON pointer, a message and a source', () => {
    const broken = plan('develop', (p) => {
      p.meta.status = 'active';
      milestone(p).owner = 'Nobody';
      milestone(p).due = '2030-01-01';
      p.stakeholders![2].id = 'sh-2';
    });
    const issues = checkRules(broken, { requireManagerApproval: true, expectedAccount: 'x' });
    expect(issues.length).toBeGreaterThanOrEqual(6);
    for (const i of issues) {
      expect(i.code).toMatch(/^[a-z-]+$/);
      expect(['error', 'warning']).toContain(i.severity);
      expect(i.path).toMatch(/^(\/[^/]+)+$/);
      expect(i.message.length).toBeGreaterThan(10);
      expect(i.source).toBeTruthy();
    }
  });
});
