/** `csp add <kind>` in the pure core (src/domain/add.ts): every kind, ids, references, caps, errors naming the flag. */
import { describe, expect, it } from 'vitest';
import {
  ADD_KINDS,
  AddError,
  REQUIRED_FLAGS,
  measure,
  planAdd,
  planDecision,
  type AddInput,
  type AddKind,
} from '../../../src/domain/add.js';
import { applyEditsToData } from '../../../src/domain/edit.js';
import type { Plan } from '../../../src/domain/plan.js';
import { checkData } from '../../../src/validation/check.js';
import { validateSchema } from '../../../src/schema/validate.js';
import { ACCOUNT, plan } from '../helpers/plans.js';

function addError(run: () => unknown): AddError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AddError);
    return error as AddError;
  }
  throw new Error('no AddError');
}

/** Valid input for each kind, on plan('finalize'). */
const VALID: Record<AddKind, AddInput> = {
  stakeholder: {
    name: 'Lee Park',
    title: 'IT Director',
    role: 'Economic Buyer',
    side: 'Customer',
    engagement: 'h',
    'relationship-score': '61.6',
    assessment: 'Holds the budget',
    email: 'lee@example.com',
  },
  objective: { statement: 'Cut onboarding time to 2 weeks by 2027-04-30', owner: 'sarah chen' },
  'key-result': {
    objective: 'obj-2',
    metric: 'Onboarding days',
    unit: 'days',
    baseline: '30',
    target: '14',
    due: '2027-04-30',
    owner: 'sh-2',
  },
  criterion: {
    criterion: 'SSO works for all users',
    baseline: '0%',
    target: '100%',
    measurement: 'Login report',
    due: '2027-01-15',
  },
  phase: { name: 'Expansion', start: '2027-05-01', end: '2027-05-31', goal: 'Second team' },
  milestone: {
    phase: 'Adoption',
    title: 'Second team live',
    due: '2027-05-01',
    owner: 'Marcus Webb',
    status: 'in progress',
    deliverable: 'Usage report',
    major: true,
  },
  action: { what: 'Invite the second team', who: 'sh-3', when: '2027-02-01', 'depends-on': ['ac-1', 'ms-1'] },
  risk: {
    title: 'Budget freeze',
    probability: 'HIGH',
    impact: 'm',
    mitigation: 'Phase the rollout',
    analysis: 'CFO change',
    owner: 'sh-1',
    rag: 'amber',
  },
  metric: { name: 'Tickets per week', unit: 'count', baseline: '120', target: '80', 'linked-to': 'sc-1' },
  measurement: { metric: 'vm-2', value: '35.5', date: '2027-02-01', note: 'After training' },
  resource: { text: 'Data engineer (1 week)' },
  raci: { activity: 'Renewal prep', role: ['csm=A', 'customer_exec=C,ae=R'] },
};

describe('planAdd: every kind', () => {
  it.each<[AddKind, string, string, unknown]>([
    [
      'stakeholder',
      'sh-4',
      'stakeholders',
      {
        id: 'sh-4',
        name: 'Lee Park',
        title: 'IT Director',
        email: 'lee@example.com',
        side: 'customer',
        role: 'economic_buyer',
        engagement: 'high',
        relationship_score: 62,
        internal_assessment: 'Holds the budget',
      },
    ],
    [
      'objective',
      'obj-4',
      'business_outcomes.objectives',
      {
        id: 'obj-4',
        statement: 'Cut onboarding time to 2 weeks by 2027-04-30',
        owner: 'sarah chen',
        status: 'not_started',
        key_results: [],
      },
    ],
    [
      'key-result',
      'kr-4',
      'business_outcomes.objectives.1.key_results',
      {
        id: 'kr-4',
        metric: 'Onboarding days',
        unit: 'days',
        baseline: 30,
        target: 14,
        due: '2027-04-30',
        owner: 'sh-2',
      },
    ],
    [
      'criterion',
      'sc-3',
      'success_criteria',
      {
        id: 'sc-3',
        criterion: 'SSO works for all users',
        baseline: '0%',
        target: '100%',
        measurement: 'Login report',
        due: '2027-01-15',
        status: 'not_met',
      },
    ],
    [
      'phase',
      'ph-3',
      'adoption_journey.phases',
      {
        id: 'ph-3',
        name: 'Expansion',
        start: '2027-05-01',
        end: '2027-05-31',
        goal: 'Second team',
        milestones: [],
        actions: [],
      },
    ],
    [
      'milestone',
      'ms-4',
      'adoption_journey.phases.1.milestones',
      {
        id: 'ms-4',
        title: 'Second team live',
        due: '2027-05-01',
        owner: 'Marcus Webb',
        status: 'in_progress',
        deliverable: 'Usage report',
        major: true,
      },
    ],
    [
      'action',
      'ac-3',
      'adoption_journey.phases.1.actions',
      {
        id: 'ac-3',
        what: 'Invite the second team',
        who: 'sh-3',
        when: '2027-02-01',
        status: 'open',
        depends_on: ['ac-1', 'ms-1'],
      },
    ],
    [
      'risk',
      'rk-3',
      'risks',
      {
        id: 'rk-3',
        title: 'Budget freeze',
        probability: 'high',
        impact: 'medium',
        rag: 'amber',
        mitigation: 'Phase the rollout',
        analysis: 'CFO change',
        owner: 'sh-1',
        status: 'open',
      },
    ],
    [
      'metric',
      'vm-3',
      'value_tracking.metrics',
      {
        id: 'vm-3',
        name: 'Tickets per week',
        unit: 'count',
        baseline: 120,
        target: 80,
        linked_to: 'sc-1',
        measurements: [],
      },
    ],
    [
      'measurement',
      'vm-2',
      'value_tracking.metrics.1.measurements',
      { date: '2027-02-01', value: 35.5, note: 'After training' },
    ],
    ['resource', 'Data engineer (1 week)', 'technical_evaluation.resources', 'Data engineer (1 week)'],
    ['raci', 'Renewal prep', 'governance.raci', { activity: 'Renewal prep', csm: 'A', customer_exec: 'C', ae: 'R' }],
  ])('%s -> %s appended at %s', async (kind, id, path, item) => {
    // NOTE: an objective without key results is a gate error from finalize on (see domain/bugs.test.ts).
    const p = plan(kind === 'objective' ? 'develop' : 'finalize');
    const added = planAdd(p, kind, VALID[kind]);
    expect(added.id).toBe(id);
    expect(added.edits).toEqual([
      { op: 'append', path: path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)), value: item },
    ]);
    expect(added.summary.length).toBeGreaterThan(5);
    // the plan stays valid (no new error)
    const after = applyEditsToData(p, added.edits);
    expect((await checkData('csp', after)).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('has the kinds and required flags the SPEC names', () => {
    expect(ADD_KINDS).toEqual([
      'stakeholder',
      'objective',
      'key-result',
      'criterion',
      'phase',
      'milestone',
      'action',
      'risk',
      'metric',
      'measurement',
      'resource',
      'raci',
      'decision',
    ]);
    expect(REQUIRED_FLAGS.stakeholder).toEqual(['name', 'role', 'side']);
    expect(REQUIRED_FLAGS.criterion).toEqual(['criterion', 'baseline', 'target', 'measurement', 'due']);
    expect(REQUIRED_FLAGS.milestone).toEqual(['phase', 'title', 'due', 'owner']);
    expect(REQUIRED_FLAGS.risk).toEqual(['title', 'probability', 'impact']);
  });

  it.each<[AddKind, string, AddInput, unknown]>([
    [
      'risk',
      'minimal',
      { title: 'T', probability: 'low', impact: 'low' },
      { id: 'rk-3', title: 'T', probability: 'low', impact: 'low', status: 'open' },
    ],
    [
      'milestone',
      'by phase id, default status',
      { phase: 'ph-1', title: 'T', due: '2026-12-20', owner: 'sh-1' },
      { id: 'ms-4', title: 'T', due: '2026-12-20', owner: 'sh-1', status: 'not_started' },
    ],
    [
      'stakeholder',
      'minimal',
      { name: 'Kim', role: 'executive sponsor', side: 'vendor' },
      { id: 'sh-4', name: 'Kim', side: 'vendor', role: 'executive_sponsor' },
    ],
    [
      'metric',
      'text baseline',
      { name: 'Mood', baseline: 'low', target: 'high' },
      { id: 'vm-3', name: 'Mood', baseline: 'low', target: 'high', measurements: [] },
    ],
    [
      'raci',
      'roles as one comma list',
      { activity: 'A1', role: 'csm=R/A,ae=I' },
      { activity: 'A1', csm: 'R/A', ae: 'I' },
    ],
  ])('%s (%s)', (kind, _, input, item) => {
    expect(planAdd(plan('finalize'), kind, input).edits[0]).toMatchObject({ value: item });
  });

  it('puts an action without --phase in the phase whose dates hold its date, else the first', () => {
    const p = plan('finalize');
    expect(planAdd(p, 'action', { what: 'x', who: 'sh-1', when: '2027-03-01' }).edits[0].path).toEqual([
      'adoption_journey',
      'phases',
      1,
      'actions',
    ]);
    expect(planAdd(p, 'action', { what: 'x', who: 'sh-1', when: '2026-12-05' }).edits[0].path).toEqual([
      'adoption_journey',
      'phases',
      0,
      'actions',
    ]);
    expect(planAdd(p, 'action', { what: 'x', who: 'sh-1', when: '2030-01-01' }).edits[0].path).toEqual([
      'adoption_journey',
      'phases',
      0,
      'actions',
    ]);
  });

  it('a measurement without --date uses today', () => {
    expect(
      planAdd(plan('finalize'), 'measurement', { metric: 'Weekly active CSMs', value: '10', today: '2026-11-22' })
        .edits[0],
    ).toMatchObject({ value: { date: '2026-11-22', value: 10 } });
  });
});

describe('ids continue after the highest in use', () => {
  it.each<[string, (p: Plan) => void, AddKind, AddInput, string]>([
    [
      'gaps are not reused (sh-1, sh-7 -> sh-8)',
      (p) => void (p.stakeholders = [p.stakeholders![0], { ...p.stakeholders![1], id: 'sh-7' }]),
      'stakeholder',
      { name: 'N', role: 'admin', side: 'customer' },
      'sh-8',
    ],
    [
      'numbers, not text (ms-9, ms-10 -> ms-11)',
      (p) => {
        p.adoption_journey!.phases![0].milestones = [{ id: 'ms-9', title: 'a', due: '2026-12-02', owner: 'sh-1' }];
        p.adoption_journey!.phases![1].milestones = [{ id: 'ms-10', title: 'b', due: '2027-01-02', owner: 'sh-1' }];
      },
      'milestone',
      { phase: 'ph-1', title: 'T', due: '2026-12-20', owner: 'sh-1' },
      'ms-11',
    ],
    [
      'across objectives (kr-1..kr-3 -> kr-4 in obj-1)',
      () => undefined,
      'key-result',
      { objective: 'obj-1', metric: 'M' },
      'kr-4',
    ],
    [
      'the first of a kind is 1',
      (p) => void delete p.risks,
      'risk',
      { title: 'T', probability: 'low', impact: 'low' },
      'rk-1',
    ],
    [
      'the first phase of an empty journey',
      (p) => void (p.adoption_journey = { phases: [] }),
      'phase',
      { name: 'P' },
      'ph-1',
    ],
  ])('%s', (_, mutate, kind, input, id) => {
    expect(planAdd(plan('finalize', mutate), kind, input).id).toBe(id);
  });
});

describe('AddError names the flag', () => {
  it.each<[string, AddKind, AddInput, string, RegExp]>([
    [
      'a missing required flag',
      'risk',
      { title: 'T', probability: 'low' },
      'impact',
      /^--impact is required to add a risk$/,
    ],
    [
      'a blank required flag',
      'objective',
      { statement: '   ' },
      'statement',
      /^--statement is required to add a objective$/,
    ],
    ['an empty repeatable flag', 'raci', { activity: 'A', role: [] }, 'role', /^--role is required/],
    [
      'a bad level',
      'risk',
      { title: 'T', probability: 'very', impact: 'low' },
      'probability',
      /^--probability must be high, medium or low \(found "very"\)$/,
    ],
    [
      'a bad enum',
      'stakeholder',
      { name: 'N', role: 'boss', side: 'customer' },
      'role',
      /^--role must be one of executive_sponsor, champion, .* \(found "boss"\)$/,
    ],
    [
      'a bad side',
      'stakeholder',
      { name: 'N', role: 'admin', side: 'partner' },
      'side',
      /^--side must be one of customer, vendor \(found "partner"\)$/,
    ],
    [
      'a bad date',
      'criterion',
      { criterion: 'c', baseline: '1', target: '2', measurement: 'm', due: '2027-02-30' },
      'due',
      /^--due must be a real date written YYYY-MM-DD \(found "2027-02-30"\)$/,
    ],
    ['a date in another format', 'phase', { name: 'P', start: '01/02/2027' }, 'start', /^--start must be a real date/],
    [
      'a bad number',
      'measurement',
      { metric: 'vm-1', value: 'lots', date: '2027-01-01' },
      'value',
      /^--value must be a number \(found "lots"\)$/,
    ],
    [
      'a bad relationship score',
      'stakeholder',
      { name: 'N', role: 'admin', side: 'customer', 'relationship-score': 'high' },
      'relationship-score',
      /^--relationship-score must be a number/,
    ],
    [
      'an unknown owner',
      'milestone',
      { phase: 'ph-1', title: 'T', due: '2026-12-20', owner: 'Jane Doe' },
      'owner',
      /^--owner "Jane Doe" is not one of the plan's people$/,
    ],
    [
      'an unknown who',
      'action',
      { what: 'x', who: 'IT', when: '2027-01-01' },
      'who',
      /^--who "IT" is not one of the plan's people$/,
    ],
    [
      'an unknown phase',
      'milestone',
      { phase: 'ph-9', title: 'T', due: '2026-12-20', owner: 'sh-1' },
      'phase',
      /^--phase "ph-9" is not a phase of techcorp$/,
    ],
    [
      'an unknown objective',
      'key-result',
      { objective: 'obj-9', metric: 'M' },
      'objective',
      /^--objective "obj-9" is not a objective of techcorp$/,
    ],
    [
      'an unknown metric',
      'measurement',
      { metric: 'vm-9', value: '1' },
      'metric',
      /^--metric "vm-9" is not a value metric of techcorp$/,
    ],
    [
      'a RACI role without a letter',
      'raci',
      { activity: 'A', role: 'csm' },
      'role',
      /^--role must be written role=R\|A\|C\|I, e\.g\. --role csm=R \(found "csm"\)$/,
    ],
    ['a RACI role with a bad letter', 'raci', { activity: 'A', role: 'csm=X' }, 'role', /found "csm=X"/],
    [
      'a stakeholder who is already there (any case)',
      'stakeholder',
      { name: 'SARAH CHEN', role: 'admin', side: 'customer' },
      'name',
      /^SARAH CHEN is already a stakeholder of techcorp \(sh-2\)$/,
    ],
  ])('%s -> --%s', (_, kind, input, flag, message) => {
    const e = addError(() => planAdd(plan('finalize'), kind, input));
    expect(e.flag).toBe(flag);
    expect(e.message).toMatch(message);
  });

  it.each<[string, AddKind, AddInput, string]>([
    [
      'an unknown owner: the known people and the command to add them',
      'milestone',
      { phase: 'ph-1', title: 'T', due: '2026-12-20', owner: 'Jane Doe' },
      `known: Priya Natarajan (sh-1), Sarah Chen (sh-2), Marcus Webb (sh-3); add them with csp add stakeholder ${ACCOUNT} --name "Jane Doe" --title "..." --role champion --side customer`,
    ],
    [
      'an unknown stakeholder id: no person named "sh-9"',
      'milestone',
      { phase: 'ph-1', title: 'T', due: '2026-12-20', owner: 'sh-9' },
      `known: Priya Natarajan (sh-1), Sarah Chen (sh-2), Marcus Webb (sh-3); there is no stakeholder sh-9; add the person first: csp add stakeholder ${ACCOUNT} --name "<name>" --title "..." --role champion --side customer`,
    ],
    [
      'an unknown phase: the known phases',
      'milestone',
      { phase: 'Launch', title: 'T', due: '2026-12-20', owner: 'sh-1' },
      'known: ph-1 (Foundation), ph-2 (Adoption)',
    ],
    [
      'an existing stakeholder: how to change them',
      'stakeholder',
      { name: 'Sarah Chen', role: 'admin', side: 'customer' },
      `change them with csp set ${ACCOUNT} stakeholders.sh-2.<field> <value>`,
    ],
  ])('hint for %s', (_, kind, input, hint) => {
    expect(addError(() => planAdd(plan('finalize'), kind, input)).hint).toBe(hint);
  });

  it.each<[string, AddKind, AddInput]>([
    ['a milestone', 'milestone', { phase: 'ph-1', title: 'T', due: '2026-12-20', owner: 'sh-1' }],
    ['an action', 'action', { what: 'x', who: 'sh-1', when: '2027-01-01' }],
  ])('refuses %s when the plan has no phases, naming --phase and csp add phase', (_, kind, input) => {
    const e = addError(() => planAdd(plan('initiate'), kind, input));
    expect(e.flag).toBe('phase');
    expect(e.message).toBe(`${ACCOUNT} has no adoption phases yet`);
    expect(e.hint).toMatch(/^add one first: csp add phase techcorp --name "\.\.\."/);
  });
});

describe('caps: 5 objectives, 5 success criteria', () => {
  const objectives = (n: number) => (p: Plan) =>
    void (p.business_outcomes!.objectives = Array.from({ length: n }, (_, i) => ({
      id: `obj-${i + 1}`,
      statement: `s${i}`,
    })));
  const criteria = (n: number) => (p: Plan) =>
    void (p.success_criteria = Array.from({ length: n }, (_, i) => ({ id: `sc-${i + 1}`, criterion: `c${i}` })));

  it('adds the fifth objective and refuses the sixth', () => {
    expect(
      planAdd(plan('finalize', objectives(4)), 'objective', { statement: 'fifth', metric: 'Fifth metric' }).id,
    ).toBe('obj-5');
    const e = addError(() =>
      planAdd(plan('finalize', objectives(5)), 'objective', { statement: 'sixth', metric: 'Sixth metric' }),
    );
    expect([e.flag, e.message, e.hint]).toEqual([
      'statement',
      `${ACCOUNT} already has 5 objectives, the most a plan holds`,
      'merge two objectives, or replace one by editing csp.yaml',
    ]);
  });

  it('asks for the first key result with an objective from finalize on (--metric), and adds both', () => {
    const e = addError(() =>
      planAdd(plan('finalize'), 'objective', { statement: 'Cut onboarding to 2 weeks by 2027-04-30' }),
    );
    expect(e.flag).toBe('metric');
    expect(e.hint).toContain('--metric');
    const added = planAdd(plan('develop'), 'objective', {
      statement: 'Cut onboarding to 2 weeks by 2027-04-30',
      metric: 'Onboarding days',
      unit: 'days',
      baseline: '30',
      target: '14',
      due: '2027-04-30',
    });
    expect(added.edits[0]).toMatchObject({
      op: 'append',
      value: {
        key_results: [{ metric: 'Onboarding days', unit: 'days', baseline: 30, target: 14, due: '2027-04-30' }],
      },
    });
  });

  it('adds the fifth criterion and refuses the sixth', () => {
    const input = { criterion: 'c', baseline: '1', target: '2', measurement: 'm', due: '2027-01-01' };
    expect(planAdd(plan('finalize', criteria(4)), 'criterion', input).id).toBe('sc-5');
    const e = addError(() => planAdd(plan('finalize', criteria(5)), 'criterion', input));
    expect([e.flag, e.message]).toEqual([
      'criterion',
      `${ACCOUNT} already has 5 success criteria, the most a plan holds`,
    ]);
  });
});

describe('planDecision: decision_log.yaml, linked to an objective', () => {
  it.each<[string, AddInput, unknown[], unknown]>([
    [
      'linked to an objective, dated today',
      { decision: 'Use SSO via Okta', objective: 'obj-2', rationale: 'IT standard', 'decided-by': 'Marcus Webb' },
      [],
      {
        id: 'dec-1',
        date: '2026-11-22',
        decision: 'Use SSO via Okta',
        rationale: 'IT standard',
        decided_by: 'Marcus Webb',
        objective: 'obj-2',
        status: 'decided',
      },
    ],
    [
      'not linked, with a date, ids after the log',
      { decision: 'Pilot in EMEA', date: '2026-11-01' },
      [{ id: 'dec-1' }, { id: 'dec-4' }],
      { id: 'dec-5', date: '2026-11-01', decision: 'Pilot in EMEA', status: 'decided' },
    ],
  ])('%s', async (_, input, existing, item) => {
    const log = {
      schema_version: 1 as const,
      account: ACCOUNT,
      decisions: existing.map((d) => ({ ...(d as object), date: '2026-10-01', decision: 'x' })) as never,
    };
    const added = planDecision(plan('finalize'), log, input, '2026-11-22');
    expect(added.edits).toEqual([{ op: 'append', path: ['decisions'], value: item }]);
    expect(await validateSchema('decision_log', applyEditsToData(log, added.edits))).toEqual([]);
  });

  it('refuses an unknown objective, naming --objective and the known ones', () => {
    const e = addError(() =>
      planDecision(plan('finalize'), undefined, { decision: 'd', objective: 'obj-7' }, '2026-11-22'),
    );
    expect([e.flag, e.message, e.hint]).toEqual([
      'objective',
      `--objective obj-7 is not an objective of ${ACCOUNT}`,
      'known: obj-1, obj-2, obj-3',
    ]);
  });

  it('refuses a bad date, naming --date', () => {
    expect(
      addError(() => planDecision(plan('finalize'), undefined, { decision: 'd', date: '2026-13-01' }, '2026-11-22'))
        .flag,
    ).toBe('date');
  });
});

describe('measure', () => {
  it.each([
    ['3', 3],
    ['0.5', 0.5],
    ['-2', -2],
    [' 80 ', 80],
    ['80%', '80%'],
    ['manual', 'manual'],
    ['1,000', '1,000'],
    ['1e3', '1e3'],
    ['.5', '.5'],
  ])('%j -> %j', (text, value) => {
    expect(measure(text)).toBe(value);
  });
});
