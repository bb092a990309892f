import { describe, expect, it } from 'vitest';
import { applyEditsToData } from '../../../src/domain/edit.js';
import type { Plan } from '../../../src/domain/plan.js';
import { fingerprint, planSync, writes, type FileItem, type SyncInput } from '../../../src/sync/plan.js';

const MS_FIELDS = ['title', 'owner', 'due', 'status', 'completed'];

function plan(milestones: Array<Record<string, unknown>>, risks: Array<Record<string, unknown>> = []): Plan {
  return {
    schema_version: 1,
    meta: { account: 'acme', owner: { name: 'Priya Natarajan', role: 'SA' } },
    stakeholders: [{ id: 'sh-1', name: 'Sarah Chen', side: 'customer', role: 'champion' }],
    adoption_journey: { phases: [{ id: 'ph-1', name: 'Foundation', milestones }] },
    risks,
  } as unknown as Plan;
}

const ms1 = { id: 'ms-1', title: 'Kickoff', due: '2026-12-02', owner: 'sh-1', status: 'not_started' };
const synced = (values: Record<string, unknown>, at = '2026-11-01'): FileItem => ({
  id: 'ms-1',
  ...values,
  source: 'csp#milestone/ms-1',
  sync: { hash: fingerprint(MS_FIELDS, values), at },
});
const base = { title: 'Kickoff', owner: 'Sarah Chen', due: '2026-12-02', status: 'not_started' };

function tracker(p: Plan, actions: FileItem[], extra: Partial<SyncInput> = {}) {
  const result = planSync({
    account: 'acme',
    plan: p,
    tracker: { actions },
    register: { risks: [] },
    today: '2026-11-22',
    ...extra,
  });
  return result.targets.find((t) => t.target === 'action_tracker')!;
}

describe('planSync: milestones into the action tracker', () => {
  it('adds a new milestone with its source, the owner by name and a fingerprint', () => {
    const t = tracker(plan([ms1]), []);
    expect(t.ops).toEqual([expect.objectContaining({ action: 'add', id: 'ms-1', source: 'csp#milestone/ms-1' })]);
    const after = applyEditsToData({ actions: [] as FileItem[] }, t.edits);
    expect(after.actions[0]).toEqual({
      id: 'ms-1',
      ...base,
      source: 'csp#milestone/ms-1',
      sync: { hash: fingerprint(MS_FIELDS, base), at: '2026-11-22' },
    });
  });

  it('is idempotent: applying its own edits leaves nothing to do', () => {
    const p = plan([ms1, { id: 'ms-2', title: 'Go live', due: '2027-01-10' }]);
    const first = tracker(p, [{ id: 'act-1', title: 'Mine' }]);
    const after = applyEditsToData({ actions: [{ id: 'act-1', title: 'Mine' }] as FileItem[] }, first.edits);
    const second = tracker(p, after.actions);
    expect(second.ops).toEqual([]);
    expect(second.edits).toEqual([]);
  });

  it.each([
    ['the CSP changed a field: the file gets it', { ...ms1, due: '2026-12-05' }, base, 'update', { due: '2026-12-05' }],
    ['the file changed a field the CSP does not take back: it is kept', ms1, { ...base, owner: 'Sam Lee' }, 'kept', {}],
    [
      'the file changed a status: it is kept there and pulled into the CSP',
      ms1,
      { ...base, status: 'in_progress' },
      'pull',
      { status: 'in_progress' },
    ],
    [
      'both changed to the same value: only the fingerprint moves',
      { ...ms1, status: 'done' },
      { ...base, status: 'done' },
      'update',
      {},
    ],
    [
      'different fields changed on each side: both kept, no conflict',
      { ...ms1, due: '2026-12-05' },
      { ...base, status: 'in_progress' },
      'update',
      { due: '2026-12-05', status: 'in_progress' },
    ],
    [
      'the same field changed on both sides: a conflict, nothing written',
      { ...ms1, status: 'done' },
      { ...base, status: 'blocked' },
      'conflict',
      {},
    ],
  ])('%s', (_name, milestone, fileValues, action, expected) => {
    const item = { ...synced(base), ...fileValues };
    const t = tracker(plan([milestone]), [item]);
    expect(t.ops[0].action).toBe(action);
    const after = applyEditsToData({ actions: [item] }, t.edits).actions[0];
    expect(after).toMatchObject(expected);
    if (action === 'conflict') expect(t.edits).toEqual([]);
  });

  it('takes the CSP value on a conflict with force', () => {
    const item = { ...synced(base), status: 'blocked' };
    const t = tracker(plan([{ ...ms1, status: 'done' }]), [item], { force: true });
    expect(applyEditsToData({ actions: [item] }, t.edits).actions[0]).toMatchObject({
      status: 'done',
      sync: { at: '2026-11-22' },
    });
  });

  it('treats an item with no fingerprint as changed on both sides where the values differ', () => {
    const same = tracker(plan([ms1]), [{ id: 'ms-1', ...base, source: 'csp#milestone/ms-1' }]);
    expect(same.ops.map((o) => o.action)).toEqual(['update']);
    const differs = tracker(plan([ms1]), [{ id: 'ms-1', ...base, status: 'done', source: 'csp#milestone/ms-1' }]);
    expect(differs.ops[0]).toMatchObject({
      action: 'conflict',
      reason: expect.stringContaining('no sync fingerprint'),
    });
  });

  it('removes a field the CSP dropped, and never touches items without a source', () => {
    const hand = { id: 'act-1', title: 'Order laptops', status: 'open', budget: 'CS-14' };
    const item = synced(base);
    const t = tracker(plan([{ ...ms1, owner: undefined }]), [hand, item]);
    const after = applyEditsToData({ actions: [hand, item] }, t.edits).actions;
    expect(after[0]).toEqual(hand);
    expect(after[1]).not.toHaveProperty('owner');
  });

  it('marks an item whose milestone left the CSP as cancelled, once', () => {
    const item = synced(base);
    const t = tracker(plan([]), [item]);
    expect(t.ops).toEqual([expect.objectContaining({ action: 'retire', id: 'ms-1' })]);
    const after = applyEditsToData({ actions: [item] }, t.edits).actions;
    expect(after[0].status).toBe('cancelled');
    expect(tracker(plan([]), after).ops).toEqual([]);
    expect(tracker(plan([]), [{ ...item, status: 'done' }]).ops).toEqual([]);
  });

  it('reports an id taken by a hand-added item, and two items claiming one source, as conflicts', () => {
    expect(tracker(plan([ms1]), [{ id: 'ms-1', title: 'Mine' }]).ops[0]).toMatchObject({
      action: 'conflict',
      reason: expect.stringContaining('without source csp#milestone/ms-1'),
    });
    expect(tracker(plan([ms1]), [synced(base), synced(base)]).ops[0]).toMatchObject({
      action: 'conflict',
      reason: expect.stringContaining('2 items in the file claim'),
    });
  });
});

describe('planSync: risks into the risk register', () => {
  it('writes the derived RAG when the CSP has none, and creates the file when missing', () => {
    const result = planSync({
      account: 'acme',
      plan: plan(
        [],
        [{ id: 'rk-1', title: 'Budget', probability: 'high', impact: 'medium', owner: 'sh-1', status: 'open' }],
      ),
      today: '2026-11-22',
    });
    const register = result.targets.find((t) => t.target === 'risk_register')!;
    expect(register.create).toBe(true);
    const data = applyEditsToData(register.initial, register.edits) as { risks: FileItem[] };
    expect(data).toMatchObject({
      schema_version: 1,
      account: 'acme',
      risks: [{ id: 'rk-1', rag: 'red', owner: 'Sarah Chen', source: 'csp#risk/rk-1' }],
    });
    expect((data.risks[0].sync as { hash: string }).hash).toMatch(/^[0-9a-f]{56}$/);
    expect(result.targets.find((t) => t.target === 'action_tracker')!.ops).toEqual([]);
  });

  it('closes a register item whose risk left the CSP', () => {
    const result = planSync({
      account: 'acme',
      plan: plan([]),
      register: { risks: [{ id: 'rk-1', title: 'Budget', status: 'open', source: 'csp#risk/rk-1' }] },
      today: '2026-11-22',
    });
    const ops = result.targets.flatMap((t) => t.ops);
    expect(ops).toEqual([
      expect.objectContaining({
        action: 'retire',
        target: 'risk_register',
        fields: [{ field: 'status', file: 'open', csp: 'closed' }],
      }),
    ]);
    expect(ops.filter(writes)).toHaveLength(1);
  });
});

describe('planSync: the way back, from the tracker and register into the plan', () => {
  const planOf = (t: ReturnType<typeof tracker>, p: Plan) => applyEditsToData(p, t.planEdits);

  it('copies a status and completion date changed in the tracker only to the milestone, and agrees the fingerprint', () => {
    const p = plan([ms1]);
    const item = { ...synced(base), status: 'done', completed: '2026-11-20' };
    const t = tracker(p, [item]);
    expect(t.ops).toEqual([
      expect.objectContaining({
        action: 'pull',
        id: 'ms-1',
        fields: [
          { field: 'status', csp: 'not_started', file: 'done' },
          { field: 'completed', file: '2026-11-20' },
        ],
      }),
    ]);
    expect(writes(t.ops[0])).toBe(true);
    const after = planOf(t, p);
    expect(after.adoption_journey!.phases![0].milestones![0]).toMatchObject({
      status: 'done',
      completed: '2026-11-20',
    });
    // Both sides now agree: the next run has nothing to do.
    const file = applyEditsToData({ actions: [item] }, t.edits).actions;
    const again = tracker(after, file);
    expect(again.ops).toEqual([]);
    expect(again.planEdits).toEqual([]);
  });

  it('is a conflict when the plan changed the same field differently (force takes the CSP value)', () => {
    const p = plan([{ ...ms1, status: 'blocked' }]);
    const item = { ...synced(base), status: 'done' };
    const t = tracker(p, [item]);
    expect(t.ops.map((o) => o.action)).toEqual(['conflict']);
    expect(t.planEdits).toEqual([]);
    const forced = tracker(p, [item], { force: true });
    expect(forced.planEdits).toEqual([]);
    expect(applyEditsToData({ actions: [item] }, forced.edits).actions[0].status).toBe('blocked');
  });

  it('keeps in the file a status the plan cannot hold', () => {
    const t = tracker(plan([ms1]), [{ ...synced(base), status: 'open' }]);
    expect(t.ops).toEqual([
      expect.objectContaining({ action: 'kept', reason: expect.stringContaining('not a value') }),
    ]);
    expect(t.planEdits).toEqual([]);
  });

  it('reads a fingerprint written before completed was synced', () => {
    const old = {
      id: 'ms-1',
      ...base,
      source: 'csp#milestone/ms-1',
      sync: { hash: fingerprint(['title', 'owner', 'due', 'status'], base), at: '2026-11-01' },
    };
    const p = plan([{ ...ms1, status: 'done', completed: '2026-11-15' }]);
    const t = tracker(p, [old]);
    expect(t.ops).toEqual([
      expect.objectContaining({
        action: 'update',
        fields: [
          { field: 'status', csp: 'done', file: 'not_started' },
          { field: 'completed', csp: '2026-11-15' },
        ],
      }),
    ]);
    expect(t.planEdits).toEqual([]);
  });

  it('copies a risk status changed in the register only to the plan', () => {
    const risk = { id: 'rk-1', title: 'Budget', probability: 'low', impact: 'low', status: 'open' };
    const p = plan([], [risk]);
    const fields = ['title', 'probability', 'impact', 'rag', 'mitigation', 'owner', 'status'];
    const values = { title: 'Budget', probability: 'low', impact: 'low', rag: 'green', status: 'open' };
    const item = {
      id: 'rk-1',
      ...values,
      status: 'mitigating',
      source: 'csp#risk/rk-1',
      sync: { hash: fingerprint(fields, values), at: '2026-11-01' },
    };
    const result = planSync({
      account: 'acme',
      plan: p,
      tracker: { actions: [] },
      register: { risks: [item] },
      today: '2026-11-22',
    });
    const reg = result.targets.find((t) => t.target === 'risk_register')!;
    expect(reg.ops.map((o) => o.action)).toEqual(['pull']);
    expect(applyEditsToData(p, reg.planEdits).risks![0].status).toBe('mitigating');
  });
});
