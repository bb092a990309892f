/**
 * A notes proposal in detail (src/notes/proposal.ts, issue 19): the one-line summaries, the bounds,
 * the values each accepted item writes (owners matched by id, full or unique first name; the
 * generation record), and each kind of edit notesEditsOutside lets through or names.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_NOTES_ITEMS,
  MAX_NOTES_ITEMS_PER_KIND,
  notesEdits,
  notesEditsOutside,
  notesLimitProblem,
  proposeItems,
  type NotesChange,
} from '../../../src/notes/proposal.js';
import type { NotesFinding } from '../../../src/notes/extract.js';
import { append, remove, set, type Edit } from '../../../src/domain/edit.js';
import type { Plan } from '../../../src/domain/plan.js';

function plan(): Plan {
  return {
    schema_version: 1,
    meta: { account: 'acme', phase: 'develop', owner: { name: 'Priya Natarajan' } },
    stakeholders: [
      { id: 'sh-1', name: 'Sarah Chen', side: 'customer', role: 'champion', engagement: 'high' },
      { id: 'sh-2', name: 'Tom Baker', side: 'customer', role: 'user', left: '2026-10-01' },
      { id: 'sh-3', name: 'Tom Hardy', side: 'customer', role: 'user' },
    ],
    adoption_journey: {
      phases: [
        {
          id: 'ph-1',
          name: 'Start',
          milestones: [
            { id: 'ms-1', title: 'Kickoff' },
            { id: 'ms-2', title: 'Go live', status: 'in_progress' },
          ],
        },
      ],
    },
    risks: [{ id: 'rk-2', title: 'Old', probability: 'low', impact: 'low', mitigation: 'm' }],
  } as unknown as Plan;
}
const at = { turn: 1, speaker: null, evidence: 'quoted', confidence: 0.5 };
const source = {
  file: 'notes/2026-11-20.md',
  meetingDate: '2026-11-20',
  today: '2026-11-22',
  engine: 'offline' as const,
  model: null,
};
const values = (edits: readonly Edit[]) =>
  edits.flatMap((e) => (e.op === 'append' ? [e.value] : e.op === 'set' && Array.isArray(e.value) ? e.value : []));

describe('proposeItems summaries', () => {
  it('says what each item does', () => {
    const findings: NotesFinding[] = [
      { kind: 'action', ...at, what: 'Send slides' },
      { kind: 'action', ...at, what: 'Book room', when: '2026-12-01' },
      { kind: 'milestone', ...at, milestone: 'ms-1', status: 'in_progress' },
      { kind: 'milestone', ...at, milestone: 'ms-2', status: 'in_progress' },
      { kind: 'stakeholder', ...at, name: 'sarah', change: 'left' },
      { kind: 'stakeholder', ...at, name: 'SARAH CHEN', change: 'engagement', engagement: 'low' },
      { kind: 'stakeholder', ...at, name: 'Tom Baker', change: 'left' },
      { kind: 'stakeholder', ...at, name: 'Nina Park', change: 'added' },
      { kind: 'stakeholder', ...at, name: 'Nobody', change: 'engagement', engagement: 'low' },
    ];
    expect(proposeItems(findings, plan()).map((i) => [i.id, i.target, i.summary])).toEqual([
      ['n-1', 'action_tracker', 'action: Send slides (no owner named)'],
      ['n-2', 'action_tracker', 'action: Book room (no owner named, due 2026-12-01)'],
      ['n-3', 'csp', 'milestone ms-1 "Kickoff": not_started -> in_progress'],
      ['n-4', 'csp', 'stakeholder sh-1 Sarah Chen left'],
      ['n-5', 'csp', 'stakeholder sh-1 Sarah Chen: engagement high -> low'],
      ['n-6', 'csp', 'new stakeholder: Nina Park'],
    ]);
  });
});

describe('notesLimitProblem', () => {
  const many = (kind: 'decision' | 'risk', n: number): NotesFinding[] =>
    Array.from({ length: n }, (_, i) =>
      kind === 'decision'
        ? { kind, ...at, decision: `d${i}` }
        : { kind, ...at, title: `r${i}`, probability: 'low', impact: 'low' },
    );

  it('takes up to the bounds, and names the bound that is passed', () => {
    expect(MAX_NOTES_ITEMS_PER_KIND).toBe(100);
    expect(MAX_NOTES_ITEMS).toBe(200);
    expect(notesLimitProblem([...many('decision', 100), ...many('risk', 100)])).toBeNull();
    expect(notesLimitProblem(many('decision', 101))).toBe(
      '101 decision updates, more than the 100 of one kind csp notes takes at once',
    );
    expect(notesLimitProblem([...many('decision', 50), ...many('risk', 101)])).toBe(
      '101 risk updates, more than the 100 of one kind csp notes takes at once',
    );
    expect(notesLimitProblem([...many('decision', 100), ...many('risk', 100), ...many('risk', 1)])).toBe(
      '201 updates, more than the 200 csp notes takes at once',
    );
    expect(notesLimitProblem([])).toBeNull();
  });
});

describe('notesEdits values', () => {
  it('a decision: its rationale, who decided, the source and the rounded confidence', () => {
    const f: NotesFinding = {
      kind: 'decision',
      ...at,
      decision: 'Nightly sync',
      rationale: 'cheaper',
      decidedBy: 'Sarah Chen',
      confidence: 0.666,
    };
    const change = notesEdits(proposeItems([f], plan()), { plan: plan() }, source);
    expect(values(change.edits.decision_log)).toEqual([
      expect.objectContaining({
        id: 'dec-1',
        decision: 'Nightly sync',
        rationale: 'cheaper',
        source: 'notes notes/2026-11-20.md (2026-11-20)',
        ai_generated: true,
        ai_confidence: 0.67,
      }),
    ]);
    const plain = notesEdits(
      proposeItems([{ kind: 'decision', ...at, decision: 'X' }], plan()),
      { plan: plan() },
      source,
    );
    expect(values(plain.edits.decision_log)[0]).not.toHaveProperty('rationale');
    expect(change.created).toEqual({ 'n-1': 'dec-1' });
  });

  it('actions: owners by id, full name or unique first name, else as written; no due is null', () => {
    const findings: NotesFinding[] = [
      { kind: 'action', ...at, what: 'A', who: 'sh-1', when: '2026-12-01' },
      { kind: 'action', ...at, what: 'B', who: ' sarah ' },
      { kind: 'action', ...at, what: 'C', who: 'Tom' },
      { kind: 'action', ...at, what: 'D', who: 'priya' },
      { kind: 'action', ...at, what: 'E' },
    ];
    const tracker = {
      schema_version: 1 as const,
      account: 'acme',
      actions: [
        { id: 'act-2', title: 'x' },
        { id: 'ms-1', title: 'synced' },
      ],
    };
    const change = notesEdits(proposeItems(findings, plan()), { plan: plan(), tracker } as never, source);
    const acts = values(change.edits.action_tracker) as Array<Record<string, unknown>>;
    expect(acts.map((a) => [a.id, a.title, a.owner, a.due, a.status])).toEqual([
      ['act-3', 'A', 'Sarah Chen', '2026-12-01', 'open'],
      ['act-4', 'B', 'Sarah Chen', null, 'open'],
      ['act-5', 'C', 'Tom', null, 'open'],
      ['act-6', 'D', 'Priya Natarajan', null, 'open'],
      ['act-7', 'E', undefined, null, 'open'],
    ]);
    expect(acts[4]).not.toHaveProperty('owner');
    expect(acts[0].notes).toBe('From the meeting notes notes/2026-11-20.md (2026-11-20): "quoted"');
    // many appends to one list are one edit
    expect(change.edits.action_tracker).toHaveLength(5);
    expect(notesEdits(proposeItems(findings, plan()), { plan: plan() }, source).edits.action_tracker).toEqual([
      expect.objectContaining({ op: 'set', path: ['actions'] }),
    ]);
  });

  it('risks: the next id, the named owner or the plan owner, the mitigation given or asked for', () => {
    const findings: NotesFinding[] = [
      {
        kind: 'risk',
        ...at,
        title: 'Budget',
        probability: 'high',
        impact: 'medium',
        owner: 'Sarah',
        mitigation: 'Weekly review',
      },
      { kind: 'risk', ...at, title: 'Scope', probability: 'low', impact: 'high', owner: 'Someone' },
    ];
    const change = notesEdits(proposeItems(findings, plan()), { plan: plan() }, source);
    const risks = values(change.edits.csp).filter((v) => (v as { id?: string }).id?.startsWith('rk-')) as Array<
      Record<string, unknown>
    >;
    expect(risks).toEqual([
      {
        id: 'rk-3',
        title: 'Budget',
        probability: 'high',
        impact: 'medium',
        mitigation: 'Weekly review',
        analysis: 'Raised in the meeting notes notes/2026-11-20.md (2026-11-20): "quoted"',
        owner: 'Sarah Chen',
        status: 'open',
        ai_generated: true,
        ai_confidence: 0.5,
      },
      {
        id: 'rk-4',
        title: 'Scope',
        probability: 'low',
        impact: 'high',
        mitigation:
          'Priya Natarajan to propose a mitigation at the next check-in (raised in the meeting of 2026-11-20)',
        analysis: 'Raised in the meeting notes notes/2026-11-20.md (2026-11-20): "quoted"',
        owner: 'Priya Natarajan',
        status: 'open',
        ai_generated: true,
        ai_confidence: 0.5,
      },
    ]);
    expect(change.edits.csp.filter((e) => e.op === 'append' && e.path[0] === 'risks')).toHaveLength(2);
  });

  it('milestones: the status, and the completed date only when done; an unknown one changes nothing', () => {
    const items = proposeItems(
      [
        { kind: 'milestone', ...at, milestone: 'ms-1', status: 'in_progress' },
        { kind: 'milestone', ...at, milestone: 'ms-2', status: 'done' },
      ],
      plan(),
    );
    const unknown = {
      id: 'n-9',
      target: 'csp' as const,
      summary: 's',
      finding: { kind: 'milestone' as const, ...at, milestone: 'ms-9', status: 'done' as const },
    };
    const change = notesEdits([...items, unknown], { plan: plan() }, source);
    expect(change.edits.csp.filter((e) => e.path[0] === 'adoption_journey')).toEqual([
      set(['adoption_journey', 'phases', 0, 'milestones', 0, 'status'], 'in_progress'),
      set(['adoption_journey', 'phases', 0, 'milestones', 1, 'status'], 'done'),
      set(['adoption_journey', 'phases', 0, 'milestones', 1, 'completed'], '2026-11-20'),
    ]);
    expect(change.created).toEqual({ 'n-1': 'ms-1', 'n-2': 'ms-2' });
    expect(change.record!.items).toEqual(['ms-1', 'ms-2']);
  });

  it('stakeholders: a new one (customer side, role other unless named), a leaver, an engagement', () => {
    const findings: NotesFinding[] = [
      { kind: 'stakeholder', ...at, name: 'Nina Park', change: 'added', title: 'CTO', role: 'technical_buyer' },
      { kind: 'stakeholder', ...at, name: 'Omar Ali', change: 'added' },
      { kind: 'stakeholder', ...at, name: 'Tom Hardy', change: 'left' },
      { kind: 'stakeholder', ...at, name: 'sarah', change: 'engagement', engagement: 'low' },
    ];
    const change = notesEdits(proposeItems(findings, plan()), { plan: plan() }, source);
    expect(values(change.edits.csp).filter((v) => (v as { id?: string }).id?.startsWith('sh-'))).toEqual([
      {
        id: 'sh-4',
        name: 'Nina Park',
        title: 'CTO',
        side: 'customer',
        role: 'technical_buyer',
        ai_generated: true,
        ai_confidence: 0.5,
      },
      { id: 'sh-5', name: 'Omar Ali', side: 'customer', role: 'other', ai_generated: true, ai_confidence: 0.5 },
    ]);
    expect(
      change.edits.csp.filter((e) => e.op === 'set' && e.path[0] === 'stakeholders' && e.path.length === 3),
    ).toEqual([set(['stakeholders', 2, 'left'], '2026-11-20'), set(['stakeholders', 0, 'engagement'], 'low')]);
    expect(change.created).toEqual({ 'n-1': 'sh-4', 'n-2': 'sh-5', 'n-3': 'sh-3', 'n-4': 'sh-1' });
  });

  it('a stakeholder change for someone not in the plan changes nothing', () => {
    const item = {
      id: 'n-1',
      target: 'csp' as const,
      summary: 's',
      finding: { kind: 'stakeholder' as const, ...at, name: 'Nobody', change: 'left' as const },
    };
    const change = notesEdits([item], { plan: plan() }, source);
    expect(change.created).toEqual({});
    expect(change.edits.csp.filter((e) => e.path[0] === 'stakeholders')).toEqual([]);
  });

  it('the generation record: sections once, the mean confidence, the ids created; none without items', () => {
    const findings: NotesFinding[] = [
      { kind: 'action', ...at, what: 'A', confidence: 0.9 },
      { kind: 'action', ...at, what: 'B', confidence: 0.8 },
      { kind: 'decision', ...at, decision: 'D', confidence: 0.333 },
    ];
    const change = notesEdits(
      proposeItems(findings, plan()),
      { plan: plan() },
      { ...source, engine: 'anthropic', model: 'claude-x' },
    );
    expect(change.record).toEqual({
      date: '2026-11-22',
      command: 'notes',
      engine: 'anthropic',
      model: 'claude-x',
      sections: ['action', 'decision'],
      inputs: ['notes notes/2026-11-20.md'],
      confidence: 0.68,
      items: ['act-1', 'act-2', 'dec-1'],
      source: 'notes/2026-11-20.md',
    });
    expect(change.edits.csp).toEqual([set(['meta', 'generation'], [change.record])]);
    expect(notesEdits([], { plan: plan() }, source)).toEqual({
      edits: { csp: [], action_tracker: [], decision_log: [] },
      created: {},
      record: null,
    });
  });
});

describe('notesEditsOutside', () => {
  const change = (csp: Edit[], action_tracker: Edit[] = [], decision_log: Edit[] = []): NotesChange => ({
    edits: { csp, action_tracker, decision_log },
    created: {},
    record: null,
  });
  const outside = (c: NotesChange, docs = { plan: plan() }) =>
    notesEditsOutside(c, docs as never).map((o) => `${o.target}:${o.edit.op}:${o.edit.path.join('.')}`);
  const ms = (field: string) => set(['adoption_journey', 'phases', 0, 'milestones', 0, field], 'x');

  it("lets through a milestone's status and completed date, a stakeholder's left date and engagement", () => {
    expect(
      outside(
        change([
          ms('status'),
          ms('completed'),
          set(['stakeholders', 0, 'left'], 'x'),
          set(['stakeholders', 1, 'engagement'], 'low'),
        ]),
      ),
    ).toEqual([]);
  });

  it('names any other field of a milestone or a stakeholder, and other paths of that length', () => {
    expect(
      outside(
        change([
          ms('title'),
          ms('due'),
          set(['stakeholders', 0, 'name'], 'x'),
          set(['stakeholders', '0', 'left'] as never, 'x'),
          set(['adoption_journey', 'phases', 0, 'actions', 0, 'status'], 'x'),
          set(['adoption_journey', 'other', 0, 'milestones', 0, 'status'], 'x'),
          set(['x', 'phases', 0, 'milestones', 0, 'status'], 'x'),
          set(['risks', 0, 'left'], 'x'),
          set(['adoption_journey', 'phases', 0, 'milestones', 0], {}),
        ]),
      ),
    ).toEqual([
      'csp:set:adoption_journey.phases.0.milestones.0.title',
      'csp:set:adoption_journey.phases.0.milestones.0.due',
      'csp:set:stakeholders.0.name',
      'csp:set:stakeholders.0.left',
      'csp:set:adoption_journey.phases.0.actions.0.status',
      'csp:set:adoption_journey.other.0.milestones.0.status',
      'csp:set:x.phases.0.milestones.0.status',
      'csp:set:risks.0.left',
      'csp:set:adoption_journey.phases.0.milestones.0',
    ]);
  });

  it('lets appends to the lists through, and a whole list set only where it was empty or absent', () => {
    const empty = { ...plan(), risks: [] } as Plan;
    const noRisks = { ...plan() } as Plan;
    delete (noRisks as { risks?: unknown }).risks;
    expect(
      outside(
        change(
          [append(['risks'], {}), append(['stakeholders'], {}), append(['meta', 'generation'], {})],
          [append(['actions'], {})],
          [append(['decisions'], {})],
        ),
      ),
    ).toEqual([]);
    expect(outside(change([set(['risks'], [{}])]), { plan: empty })).toEqual([]);
    expect(outside(change([set(['risks'], [{}])]), { plan: noRisks })).toEqual([]);
    expect(outside(change([set(['risks'], [{}])]))).toEqual(['csp:set:risks']);
    expect(outside(change([set(['risks'], 'x')]), { plan: empty })).toEqual(['csp:set:risks']);
    expect(outside(change([set(['meta', 'generation'], [{}])]))).toEqual([]);
    expect(outside(change([], [set(['actions'], [{}])], [set(['decisions'], [{}])]))).toEqual([]);
    expect(
      outside(change([], [set(['actions'], [{}])]), { plan: plan(), tracker: { actions: [{ id: 'act-1' }] } } as never),
    ).toEqual(['action_tracker:set:actions']);
  });

  it('names appends elsewhere, removals, a list in the wrong file, and a deeper path', () => {
    expect(
      outside(
        change(
          [append(['meta'], {}), remove(['risks', 0]), append(['decisions'], {}), append(['risks', 0, 'x'], {})],
          [append(['risks'], {}), set(['actions', 0, 'status'], 'x')],
          [append(['actions'], {})],
        ),
      ),
    ).toEqual([
      'csp:append:meta',
      'csp:delete:risks.0',
      'csp:append:decisions',
      'csp:append:risks.0.x',
      'action_tracker:append:risks',
      'action_tracker:set:actions.0.status',
      'decision_log:append:actions',
    ]);
  });
});
