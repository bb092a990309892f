/**
 * Lifecycle transitions (src/domain/lifecycle.ts): develop, finalize, customer review, manager
 * approval, handoff and its acceptance, as edits; checked by applying them and validating.
 */
import { describe, expect, it } from 'vitest';
import {
  HANDOFF_CHECKLIST,
  TransitionError,
  fileOwnershipMoves,
  planAcceptHandoff,
  planApprove,
  planDevelop,
  planFinalize,
  planHandoff,
  planReview,
  statusAfter,
  type Transition,
} from '../../../src/domain/lifecycle.js';
import { applyEditsToData } from '../../../src/domain/edit.js';
import { milestonesOf, type Plan } from '../../../src/domain/plan.js';
import { checkData } from '../../../src/validation/check.js';
import { ACCOUNT, CA, CHAMPION, SA, plan, shippedPlaybook } from '../helpers/plans.js';

const onboarding = shippedPlaybook('onboarding');
const TODAY = '2026-11-22';
const apply = (p: Plan, t: Transition): Plan => applyEditsToData(p, t.edits);
const errorsOf = async (p: Plan, requireManagerApproval = false) =>
  (await checkData('csp', p, { requireManagerApproval })).filter((i) => i.severity === 'error');

function transitionError(run: () => unknown): TransitionError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TransitionError);
    return error as TransitionError;
  }
  throw new Error('no TransitionError');
}

describe('wrong phase -> TransitionError with a hint', () => {
  it.each([
    [
      'develop',
      'develop',
      () => planDevelop(plan('develop'), onboarding, TODAY),
      'csp develop moves a plan from initiate, but techcorp is in phase develop',
      `csp status ${ACCOUNT} shows where the plan stands`,
    ],
    [
      'develop',
      'finalize',
      () => planDevelop(plan('finalize'), onboarding, TODAY),
      'csp develop moves a plan from initiate, but techcorp is in phase finalize',
      `csp status ${ACCOUNT} shows where the plan stands`,
    ],
    [
      'finalize',
      'initiate',
      () => planFinalize(plan('initiate'), onboarding, TODAY),
      'csp finalize moves a plan from develop, but techcorp is in phase initiate',
      `run csp develop ${ACCOUNT} first`,
    ],
    [
      'finalize',
      'execute',
      () => planFinalize(plan('execute'), onboarding, TODAY),
      'csp finalize moves a plan from develop, but techcorp is in phase execute',
      `csp status ${ACCOUNT} shows where the plan stands`,
    ],
    [
      'handoff',
      'develop',
      () => planHandoff(plan('develop'), { to: CA, date: TODAY, openItems: [] }),
      'csp handoff moves a plan from finalize, but techcorp is in phase develop',
      `csp status ${ACCOUNT} shows where the plan stands`,
    ],
    [
      'approve',
      'initiate',
      () => planApprove(plan('initiate'), 'Morgan', TODAY),
      'a manager approves a finalized plan, and techcorp is in phase initiate',
      `run csp finalize ${ACCOUNT} first`,
    ],
    [
      'approve',
      'develop',
      () => planApprove(plan('develop'), 'Morgan', TODAY),
      'a manager approves a finalized plan, and techcorp is in phase develop',
      `run csp finalize ${ACCOUNT} first`,
    ],
    [
      'review --signed-off',
      'develop',
      () => planReview(plan('develop'), { customer: CHAMPION, signedOff: true, date: TODAY }, false),
      'the customer signs off a finalized plan, and techcorp is in phase develop',
      `record the review without --signed-off, or run csp finalize ${ACCOUNT} first`,
    ],
    [
      'handoff --accept',
      'finalize (nothing pending)',
      () => planAcceptHandoff(plan('finalize'), { date: TODAY }, false),
      'no handoff is pending for techcorp',
      `the SA starts it: csp handoff ${ACCOUNT} --to "<CA>"`,
    ],
  ])('%s of a plan in %s', (_, __, run, message, hint) => {
    const e = transitionError(run);
    expect(e.message).toBe(message);
    expect(e.hint).toBe(hint);
  });
});

describe('planDevelop: initiate -> develop', () => {
  const initiate = plan('initiate');
  const t = planDevelop(initiate, onboarding, TODAY);
  const developed = apply(initiate, t);

  it('moves the phase and raises the stage to Stage 3', () => {
    expect(developed.meta.phase).toBe('develop');
    expect(developed.meta.opportunity_stage).toBe('Stage 3');
    expect(developed.meta.status).toBe('draft');
  });

  it('does not lower a stage that is already further', () => {
    const t4 = planDevelop(
      plan('initiate', (p) => void (p.meta.opportunity_stage = 'Stage 4')),
      onboarding,
      TODAY,
    );
    expect(t4.edits.some((e) => e.path.join('.') === 'meta.opportunity_stage')).toBe(false);
  });

  it('scaffolds empty success criteria and the technical evaluation from the playbook (14 days from today)', () => {
    expect(developed.success_criteria).toEqual([]);
    expect(developed.technical_evaluation).toEqual({
      plan: '',
      scope: '',
      resources: ['1 SA (50%)', 'Customer admin (20%)', 'Integration engineer (as needed)'],
      timeline: { start: TODAY, end: '2026-12-06' },
      status: 'planned',
    });
  });

  it("scaffolds the playbook's dated phases from the plan start, milestones owned by the plan owner", () => {
    const phases = developed.adoption_journey!.phases!;
    expect(phases.map((p) => [p.id, p.name, p.start, p.end])).toEqual([
      ['ph-1', 'Foundation (week 1)', '2026-12-01', '2026-12-07'],
      ['ph-2', 'Implementation (weeks 2-4)', '2026-12-08', '2026-12-28'],
      ['ph-3', 'Adoption (weeks 5-8)', '2026-12-29', '2027-01-25'],
      ['ph-4', 'Success checkpoint (day 90)', '2027-01-26', '2027-03-01'],
    ]);
    const ms = milestonesOf(developed).map(({ milestone: m }) => [m.id, m.due, m.owner, m.status]);
    expect(ms).toHaveLength(7);
    expect(ms[0]).toEqual(['ms-1', '2026-12-02', SA, 'not_started']);
    expect(ms[6]).toEqual(['ms-7', '2027-03-01', SA, 'not_started']);
    expect(t.notes).toEqual([
      `scaffolded the technical evaluation: 14 days from ${TODAY}, resources from the onboarding playbook`,
      `scaffolded 4 phases and 7 milestones from the onboarding playbook (owner: ${SA})`,
    ]);
  });

  it('gives a valid develop plan (the scaffolded blanks are info gaps, not errors)', async () => {
    expect(await errorsOf(developed)).toEqual([]);
  });

  it('keeps what the plan already has', () => {
    const has = plan('initiate', (p) => {
      p.success_criteria = plan('develop').success_criteria;
      p.technical_evaluation = plan('develop').technical_evaluation;
      p.adoption_journey = plan('develop').adoption_journey;
    });
    expect(planDevelop(has, onboarding, TODAY)).toEqual({
      edits: [
        { op: 'set', path: ['meta', 'phase'], value: 'develop' },
        { op: 'set', path: ['meta', 'opportunity_stage'], value: 'Stage 3' },
      ],
      notes: [],
    });
  });

  it('uses today when the plan has no start date', () => {
    const noStart = plan('initiate', (p) => void delete p.meta.plan_start);
    const phases = apply(noStart, planDevelop(noStart, onboarding, TODAY)).adoption_journey!.phases!;
    expect(phases[0].start).toBe(TODAY);
  });

  it('anchors a renewal plan on the contract renewal date (T-120 ... T-0)', () => {
    const renewal = plan('initiate', (p) => {
      p.meta.plan_type = 'renewal';
      p.customer_context!.contract = { start: '2026-12-01', end: '2027-11-30', renewal_date: '2027-11-30' };
    });
    const dues = milestonesOf(apply(renewal, planDevelop(renewal, shippedPlaybook('renewal'), TODAY))).map(
      ({ milestone: m }) => m.due,
    );
    expect(dues).toEqual(['2027-08-02', '2027-09-01', '2027-10-01', '2027-10-31', '2027-11-30']);
  });
});

describe('planFinalize: develop -> finalize', () => {
  const develop = plan('develop');
  const t = planFinalize(develop, onboarding, TODAY);
  const finalized = apply(develop, t);

  it('moves to finalize, status pending_review, Stage 4', () => {
    expect([finalized.meta.phase, finalized.meta.status, finalized.meta.opportunity_stage]).toEqual([
      'finalize',
      'pending_review',
      'Stage 4',
    ]);
  });

  it('derives value metrics from the key results with a numeric baseline, linked to them', () => {
    expect(finalized.value_tracking).toEqual({
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
        {
          id: 'vm-3',
          name: 'Legacy tools in use',
          unit: 'count',
          baseline: 3,
          target: 1,
          linked_to: 'kr-3',
          measurements: [],
        },
      ],
    });
  });

  it('skips key results without a numeric baseline', () => {
    const p = plan('develop', (x) => void (x.business_outcomes!.objectives![1].key_results![0].baseline = 'unknown'));
    expect(apply(p, planFinalize(p, onboarding, TODAY)).value_tracking!.metrics!.map((m) => m.linked_to)).toEqual([
      'kr-1',
      'kr-3',
    ]);
  });

  it("adds the playbook's RACI and cadence (kickoff day 1, QBR day 90 from the plan start), an empty risk list and review log", () => {
    expect(finalized.governance).toEqual({
      raci: onboarding.raci,
      cadence: {
        kickoff: '2026-12-02',
        weekly: 'Weekly check-in during implementation',
        monthly_review: 'Monthly value review after go-live',
        qbr: ['2027-03-01'],
      },
      customer_reviews: [],
    });
    expect(finalized.risks).toEqual([]);
  });

  it('tells the user what comes next', () => {
    expect(t.notes).toEqual([
      'scaffolded 3 value metrics from the key results with a numeric baseline',
      'scaffolded governance (raci, cadence) from the onboarding playbook',
      `the plan is pending the customer's review: csp review ${ACCOUNT} --customer "<name>" (add --signed-off once the customer signs it off)`,
    ]);
  });

  it('is refused by validation until a risk is documented', async () => {
    expect((await errorsOf(finalized)).map((i) => i.code)).toEqual(['gate-risks']);
    const withRisk = plan('develop', (p) => void (p.risks = plan('finalize').risks));
    expect(await errorsOf(apply(withRisk, planFinalize(withRisk, onboarding, TODAY)))).toEqual([]);
  });

  it('keeps the governance and metrics the plan already has', () => {
    const has = plan('develop', (p) => {
      p.value_tracking = plan('finalize').value_tracking;
      p.governance = plan('finalize').governance;
      p.risks = [];
    });
    expect(planFinalize(has, onboarding, TODAY).edits.map((e) => e.path.join('.'))).toEqual([
      'meta.phase',
      'meta.status',
      'meta.opportunity_stage',
    ]);
  });

  it('anchors a renewal cadence on the renewal date', () => {
    const p = plan('develop', (x) => void (x.meta.plan_type = 'renewal'));
    const g = apply(p, planFinalize(p, shippedPlaybook('renewal'), TODAY)).governance!;
    expect(g.cadence).toMatchObject({ kickoff: '2027-08-02', qbr: ['2027-09-01'] });
  });
});

describe('statusAfter', () => {
  it.each([
    ['draft', 'finalize', false, true, 'draft'],
    ['pending_review', 'finalize', false, true, 'pending_review'],
    ['pending_review', 'finalize', true, false, 'pending_review'],
    ['pending_review', 'finalize', true, true, 'approved'],
    ['pending_review', 'execute', true, true, 'active'],
    ['approved', 'execute', true, true, 'active'],
    ['active', 'execute', false, true, 'pending_review'],
  ] as const)('%s in %s, signed off %s, approved %s -> %s', (status, phase, signedOff, approved, expected) => {
    expect(
      statusAfter(
        plan(phase, (p) => void (p.meta.status = status)),
        signedOff,
        approved,
      ),
    ).toBe(expected);
  });
});

describe('planReview', () => {
  it('records a review with the person named as the plan names them, and the date', () => {
    const p = plan('finalize');
    const t = planReview(p, { customer: 'sh-2', signedOff: false, notes: 'Walked through sc-1', date: TODAY }, false);
    expect(t.edits).toEqual([
      {
        op: 'append',
        path: ['governance', 'customer_reviews'],
        value: { date: TODAY, with: CHAMPION, notes: 'Walked through sc-1' },
      },
      { op: 'set', path: ['meta', 'last_customer_review'], value: TODAY },
    ]);
    expect(t.notes).toEqual([`recorded a customer review with ${CHAMPION} on ${TODAY}`]);
  });

  it.each(['initiate', 'develop'] as const)('records a review (without sign-off) in %s', (phase) => {
    expect(() =>
      planReview(plan(phase), { customer: 'sarah chen', signedOff: false, date: TODAY }, false),
    ).not.toThrow();
  });

  it("refuses a reviewer who is not one of the plan's people, naming the command to add them", () => {
    const e = transitionError(() =>
      planReview(plan('finalize'), { customer: 'Jane Doe', signedOff: false, date: TODAY }, false),
    );
    expect(e.message).toBe('"Jane Doe" is not one of the plan\'s people');
    expect(e.hint).toBe(
      `add them first: csp add stakeholder ${ACCOUNT} --name "Jane Doe" --title "..." --role champion --side customer`,
    );
  });

  it.each([
    [
      'finalize, no approval needed',
      'finalize',
      false,
      undefined,
      'approved',
      'customer sign-off recorded: status approved',
    ],
    [
      'finalize, approval needed and missing',
      'finalize',
      true,
      undefined,
      'pending_review',
      'customer sign-off recorded; a manager\'s approval is still needed: csp approve techcorp --by "<manager>"',
    ],
    [
      'finalize, approval needed and given',
      'finalize',
      true,
      { by: 'Morgan', date: '2026-11-20' },
      'approved',
      'customer sign-off recorded: status approved',
    ],
    [
      'execute (handed off before sign-off)',
      'execute',
      false,
      undefined,
      'active',
      'customer sign-off recorded: status active',
    ],
  ] as const)('sign-off in %s', async (_, phase, required, approval, status, note) => {
    const p = plan(phase, (x) => {
      x.meta.customer_sign_off = null;
      x.meta.status = 'pending_review';
      if (approval) x.meta.manager_approval = approval;
    });
    const t = planReview(p, { customer: CHAMPION, signedOff: true, date: TODAY }, required);
    const after = apply(p, t);
    expect(after.meta.customer_sign_off).toEqual({ by: CHAMPION, date: TODAY });
    expect(after.meta.status).toBe(status);
    expect(after.governance!.customer_reviews!.at(-1)).toEqual({ date: TODAY, with: CHAMPION, signed_off: true });
    expect(t.notes.at(-1)).toBe(note);
    expect(await errorsOf(after, required)).toEqual([]);
  });
});

describe('planApprove', () => {
  it.each([
    [
      'finalize, not signed off: stays pending_review',
      'finalize',
      null,
      'pending_review',
      `approved by Morgan Lee; the plan becomes approved once the customer signs off: csp review ${ACCOUNT} --customer "<name>" --signed-off`,
    ],
    [
      'finalize, signed off: approved',
      'finalize',
      { by: CHAMPION, date: '2026-11-20' },
      'approved',
      'approved by Morgan Lee: status approved',
    ],
    [
      'execute, signed off: active',
      'execute',
      { by: CHAMPION, date: '2026-11-20' },
      'active',
      'approved by Morgan Lee: status active',
    ],
  ] as const)('%s', async (_, phase, signOff, status, note) => {
    const p = plan(phase, (x) => {
      x.meta.customer_sign_off = signOff;
      x.meta.status = 'pending_review';
    });
    const t = planApprove(p, 'Morgan Lee', TODAY);
    const after = apply(p, t);
    expect(after.meta.manager_approval).toEqual({ by: 'Morgan Lee', date: TODAY });
    expect(after.meta.approvals).toEqual([{ by: 'Morgan Lee', date: TODAY }]);
    expect(after.meta.status).toBe(status);
    expect(t.notes).toEqual([note]);
    expect(await errorsOf(after, true)).toEqual([]);
  });
});

describe('planHandoff: SA to CA', () => {
  const finalize = plan('finalize');
  const t = planHandoff(finalize, {
    to: CA,
    date: TODAY,
    openItems: ['Confirm SSO owner'],
    notes: 'Champion prefers email',
  });
  const handed = apply(finalize, t);

  it('writes the handoff record with the checklist and the open items (given, open risks, milestones not done)', () => {
    expect(handed.handoff).toEqual({
      from: SA,
      to: CA,
      date: TODAY,
      checklist: HANDOFF_CHECKLIST.map((item) => ({ item, done: false })),
      open_items: [
        'Confirm SSO owner',
        'Risk rk-1: Single-threaded through the champion',
        'Risk rk-2: Admin time not available',
        'Milestone ms-1 due 2026-12-02: Kickoff held',
        'Milestone ms-2 due 2027-01-20: CRM sync live',
        'Milestone ms-3 due 2027-05-15: QBR from live data',
      ],
      notes: 'Champion prefers email',
      accepted: false,
      accepted_by: null,
      accepted_date: null,
    });
  });

  it('moves ownership to the CA, adds them as a vendor stakeholder, records Closed Won', () => {
    expect(handed.meta.owner).toEqual({ name: CA, role: 'CA' });
    expect(handed.meta.opportunity_stage).toBe('Closed Won');
    expect(handed.meta.closed_won_date).toBe(TODAY);
    expect(handed.stakeholders!.at(-1)).toEqual({
      id: 'sh-4',
      name: CA,
      title: 'Customer Success / Account Manager',
      side: 'vendor',
      role: 'CA',
    });
    expect(handed.meta.phase).toBe('finalize');
    expect(t.notes).toEqual([
      `handed off from ${SA} to ${CA} with 5 checklist items and 6 open items`,
      `${CA} confirms each checklist item with csp handoff ${ACCOUNT} --confirm <number> --by "${CA}", then accepts with: csp handoff ${ACCOUNT} --accept --by "${CA}"`,
    ]);
  });

  it('gives a valid plan', async () => {
    expect(await errorsOf(handed)).toEqual([]);
  });

  it.each([
    [
      'closed risks and done milestones are not open items; given items are not repeated',
      (p: Plan) => {
        p.risks![0].status = 'closed';
        p.adoption_journey!.phases!.forEach((ph) => ph.milestones!.forEach((m) => (m.status = 'done')));
      },
      ['Risk rk-2: Admin time not available'],
      ['Risk rk-2: Admin time not available'],
    ],
    [
      'at most five milestones',
      (p: Plan) => {
        p.adoption_journey!.phases![1].milestones!.push(
          ...[4, 5, 6, 7].map((n) => ({ id: `ms-${n}`, title: `M${n}`, due: '2027-05-01', owner: 'sh-1' })),
        );
        p.risks = [];
      },
      [],
      [
        'Milestone ms-1 due 2026-12-02: Kickoff held',
        'Milestone ms-2 due 2027-01-20: CRM sync live',
        'Milestone ms-3 due 2027-05-15: QBR from live data',
        'Milestone ms-4 due 2027-05-01: M4',
        'Milestone ms-5 due 2027-05-01: M5',
      ],
    ],
  ])('%s', (_, mutate, given, items) => {
    const p = plan('finalize', mutate);
    expect(apply(p, planHandoff(p, { to: CA, date: TODAY, openItems: given })).handoff!.open_items).toEqual(items);
  });

  it('does not add a CA who is already a stakeholder (by name, any case), and keeps an earlier closed-won date', () => {
    const p = plan('finalize', (x) => {
      x.stakeholders!.push({ id: 'sh-4', name: CA, side: 'vendor', role: 'CA' });
      x.meta.closed_won_date = '2026-11-01';
    });
    const paths = planHandoff(p, { to: 'dana kim', date: TODAY, openItems: [] }).edits.map(
      (e) => `${e.op} ${e.path.join('.')}`,
    );
    expect(paths).toEqual(['set handoff', 'set meta.owner', 'set meta.opportunity_stage']);
  });

  it('refuses a second handoff to someone else, and allows repeating it to the same CA', () => {
    const e = transitionError(() => planHandoff(handed, { to: 'Other CA', date: TODAY, openItems: [] }));
    expect(e.message).toBe(`${ACCOUNT} is already handed off to ${CA}`);
    expect(e.hint).toBe(`the CA accepts with csp handoff ${ACCOUNT} --accept`);
    expect(() => planHandoff(handed, { to: CA, date: TODAY, openItems: [] })).not.toThrow();
  });

  it('keeps the SA as "from" when a CA-owned plan is handed off again', () => {
    expect(apply(handed, planHandoff(handed, { to: CA, date: TODAY, openItems: [] })).handoff!.from).toBe(SA);
  });
});

describe('planAcceptHandoff', () => {
  const handedOff = (mutate?: (p: Plan) => void) => {
    const p = plan('finalize', mutate);
    return apply(p, planHandoff(p, { to: CA, date: '2026-11-20', openItems: [] }));
  };

  it.each([
    [
      'signed off, no approval needed: active',
      { by: CHAMPION, date: '2026-11-15' },
      false,
      'active',
      [`${CA} accepted the handoff: phase execute, status active`],
    ],
    [
      'not signed off: pending_review until the customer signs',
      null,
      false,
      'pending_review',
      [
        `${CA} accepted the handoff: phase execute, status pending_review`,
        `the plan becomes active once the customer signs off: csp review ${ACCOUNT} --customer "<name>" --signed-off`,
      ],
    ],
    [
      'signed off, approval needed and missing: pending_review',
      { by: CHAMPION, date: '2026-11-15' },
      true,
      'pending_review',
      [
        `${CA} accepted the handoff: phase execute, status pending_review`,
        `the customer has signed off; the plan becomes active once a manager approves it: csp approve ${ACCOUNT} --by "<manager>"`,
      ],
    ],
  ] as const)('%s', async (_, signOff, required, status, notes) => {
    const p = handedOff((x) => void (x.meta.customer_sign_off = signOff));
    const t = planAcceptHandoff(p, { date: TODAY, confirm: ['all'] }, required);
    const after = apply(p, t);
    expect(after.meta.phase).toBe('execute');
    expect(after.meta.status).toBe(status);
    expect(after.handoff).toMatchObject({ accepted: true, accepted_by: CA, accepted_date: TODAY });
    expect(after.handoff!.checklist!.every((c) => c.done)).toBe(true);
    expect(t.notes.filter((n) => !n.startsWith('moved to'))).toEqual(notes);
    expect(t.notes).toContain(
      `moved to ${CA} what ${SA} held: ms-1, ac-2, rk-1 (--keep-owners leaves them; csp sync carries the milestones and risks into the tracker and register)`,
    );
    expect(after.handoff!.owners_moved).toEqual(['ms-1', 'ac-2', 'rk-1']);
    expect(await errorsOf(after, required)).toEqual([]);
  });

  it('accepts when the CA gives their name in any case', () => {
    expect(() =>
      planAcceptHandoff(handedOff(), { by: '  DANA kim ', date: TODAY, confirm: ['all'] }, false),
    ).not.toThrow();
  });

  it('refuses someone else, and a second acceptance', () => {
    const other = transitionError(() => planAcceptHandoff(handedOff(), { by: 'Lee Park', date: TODAY }, false));
    expect(other.message).toBe(`the handoff is to ${CA}, not Lee Park`);
    expect(other.hint).toBe(`${CA} accepts it, or the SA hands it off again: csp handoff ${ACCOUNT} --to "Lee Park"`);
    const twice = transitionError(() => planAcceptHandoff(plan('execute'), { date: TODAY }, false));
    expect(twice.message).toBe(`the handoff of ${ACCOUNT} was already accepted by ${CA}`);
  });
});

describe('the whole lifecycle, in the pure core', () => {
  it('initiate -> develop -> finalize -> review -> approve -> handoff -> accept: valid at every step, active at the end', async () => {
    const required = true;
    let p = plan('initiate');
    p = apply(p, planDevelop(p, onboarding, '2026-10-01'));
    expect(await errorsOf(p, required)).toEqual([]);
    // the SA fills in what develop scaffolded blank, and documents the risks
    p = applyEditsToData(p, [
      { op: 'set', path: ['technical_evaluation', 'plan'], value: 'Two-week sandbox' },
      {
        op: 'append',
        path: ['success_criteria'],
        value: {
          id: 'sc-1',
          criterion: 'Pilot QBR',
          baseline: 'manual',
          target: 'automatic',
          measurement: 'QBR',
          due: '2026-12-20',
        },
      },
      { op: 'set', path: ['risks'], value: plan('finalize').risks },
    ]);
    p = apply(p, planFinalize(p, onboarding, '2026-10-20'));
    expect(await errorsOf(p, required)).toEqual([]);
    p = apply(p, planReview(p, { customer: CHAMPION, signedOff: true, date: '2026-10-28' }, required));
    expect(p.meta.status).toBe('pending_review');
    p = apply(p, planApprove(p, 'Morgan Lee', '2026-10-29'));
    expect(p.meta.status).toBe('approved');
    p = apply(p, planHandoff(p, { to: CA, date: '2026-11-10', openItems: [] }));
    p = apply(p, planAcceptHandoff(p, { by: CA, date: '2026-11-12', confirm: ['all'] }, required));
    expect([p.meta.phase, p.meta.status, p.meta.owner.role]).toEqual(['execute', 'active', 'CA']);
    expect(await checkData('csp', p, { requireManagerApproval: required })).toEqual([]);
  });
});

describe('fileOwnershipMoves', () => {
  const p = plan(
    'execute',
    (x) => void (x.stakeholders ??= []).push({ id: 'sh-9', name: SA, side: 'vendor', role: 'SA' } as never),
  );
  it('moves open hand-added items the outgoing owner held (by name or stakeholder id) and synced items whose plan item moved', () => {
    const items = [
      { id: 'act-1', owner: SA, status: 'open' },
      { id: 'act-2', owner: 'sh-9' },
      { id: 'act-3', owner: SA, status: 'done' },
      { id: 'act-4', owner: SA, status: 'cancelled' },
      { id: 'act-5', owner: 'Someone Else' },
      { id: 'ms-1', owner: SA, source: 'csp#milestone/ms-1' },
      { id: 'ms-2', owner: SA, source: 'csp#milestone/ms-2' },
      { id: 'act-6', title: 'no owner' },
    ];
    const moves = fileOwnershipMoves(p, 'action_tracker', items, SA, CA, ['ms-1']);
    expect(moves.ids).toEqual(['act-1', 'act-2', 'ms-1']);
    expect(moves.edits.map((e) => e.path)).toEqual([
      ['actions', 0, 'owner'],
      ['actions', 1, 'owner'],
      ['actions', 5, 'owner'],
    ]);
  });
  it('in the risk register only closed risks stay; nothing moves without an outgoing owner', () => {
    const risks = [
      { id: 'rr-1', owner: SA, status: 'accepted' },
      { id: 'rr-2', owner: SA, status: 'closed' },
    ];
    expect(fileOwnershipMoves(p, 'risk_register', risks, SA, CA, []).ids).toEqual(['rr-1']);
    expect(fileOwnershipMoves(p, 'risk_register', risks, undefined, CA, []).ids).toEqual([]);
  });
});
