/**
 * What a sync plan says and when it trusts a fingerprint (src/sync/plan.ts, issue 19): the reasons
 * a person reads for each operation, fingerprints that are not csp's, entries that are not maps,
 * retiring items with odd fields, and which operations write.
 */
import { describe, expect, it } from 'vitest';
import { applyEditsToData } from '../../../src/domain/edit.js';
import type { Plan } from '../../../src/domain/plan.js';
import {
  fingerprint,
  planSync,
  writes,
  type FileItem,
  type SyncAction,
  type SyncInput,
} from '../../../src/sync/plan.js';

const MS_FIELDS = ['title', 'owner', 'due', 'status', 'completed'];
const RISK_FIELDS = ['title', 'probability', 'impact', 'rag', 'mitigation', 'owner', 'status'];

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
const base = { title: 'Kickoff', owner: 'Sarah Chen', due: '2026-12-02', status: 'not_started' };
const synced = (
  values: Record<string, unknown>,
  sync: Record<string, unknown> = { hash: fingerprint(MS_FIELDS, values), at: '2026-11-01' },
): FileItem => ({ id: 'ms-1', ...values, source: 'csp#milestone/ms-1', sync });

function targets(input: Partial<SyncInput> & { plan: Plan }) {
  const result = planSync({ account: 'acme', today: '2026-11-22', ...input });
  return {
    tracker: result.targets.find((t) => t.target === 'action_tracker')!,
    register: result.targets.find((t) => t.target === 'risk_register')!,
    result,
  };
}
const tracker = (p: Plan, actions: unknown[], extra: Partial<SyncInput> = {}) =>
  targets({ plan: p, tracker: { actions: actions as FileItem[] }, register: { risks: [] }, ...extra }).tracker;

describe('the reasons a person reads', () => {
  it('for an add, an update, a pull, a kept value and a retire', () => {
    expect(tracker(plan([ms1]), []).ops[0].reason).toBe('new milestone in the CSP');
    expect(tracker(plan([{ ...ms1, due: '2026-12-05' }]), [synced(base)]).ops[0].reason).toBe('changed in the CSP');
    expect(
      tracker(
        plan([{ ...ms1, status: 'done' }]),
        [synced(base, { hash: fingerprint(MS_FIELDS, base), at: '2026-11-01' })].map((i) => ({ ...i, status: 'done' })),
      ).ops[0],
    ).toMatchObject({ action: 'update', fields: [], reason: 'fingerprint brought up to date (both sides agree)' });
    expect(tracker(plan([ms1]), [{ ...synced(base), status: 'in_progress' }]).ops[0].reason).toBe(
      "changed in the file: copied to the CSP's milestone",
    );
    expect(tracker(plan([ms1]), [{ ...synced(base), owner: 'Sam Lee' }]).ops[0]).toMatchObject({
      action: 'kept',
      reason: 'changed in the file only: kept',
    });
    expect(tracker(plan([ms1]), [{ ...synced(base), status: 'open' }]).ops[0].reason).toBe(
      "changed in the file only: kept (not a value the CSP's milestone can hold)",
    );
    expect(tracker(plan([]), [synced(base)]).ops[0].reason).toBe(
      'no longer in the CSP: marked cancelled (remove its source line to keep it as your own item)',
    );
  });

  it('for the conflicts: the items that claim one source, an id taken, both sides changed', () => {
    const other = { id: 'x', title: 'Other' };
    expect(tracker(plan([ms1]), [synced(base), other, synced(base)]).ops[0].reason).toBe(
      '2 items in the file claim csp#milestone/ms-1 (items 1, 3): keep one, or remove source from the others',
    );
    expect(tracker(plan([ms1]), [other, { id: 'ms-1', title: 'Mine' }]).ops[0].reason).toBe(
      "item 2 already uses the id ms-1 without source csp#milestone/ms-1: add that source line to link it to the CSP's milestone, or give it another id",
    );
    const both = tracker(plan([{ ...ms1, status: 'done' }]), [{ ...synced(base), status: 'blocked' }]).ops[0];
    expect(both).toMatchObject({
      action: 'conflict',
      title: 'Kickoff',
      reason: 'changed in the CSP and in the file since the last sync (2026-11-01)',
      fields: [{ field: 'status', csp: 'done', file: 'blocked' }],
    });
    const none = tracker(plan([{ ...ms1, status: 'done' }]), [{ id: 'ms-1', ...base, source: 'csp#milestone/ms-1' }])
      .ops[0];
    expect(none.reason).toBe(
      'changed in the CSP and in the file (it has no sync fingerprint to tell which side changed)',
    );
  });

  it("names a milestone without a title by its id, and a risk's add by its noun", () => {
    expect(tracker(plan([{ id: 'ms-7' }]), []).ops[0]).toMatchObject({ id: 'ms-7', title: 'ms-7' });
    const r = targets({ plan: plan([], [{ id: 'rk-1', title: 'Budget' }]), register: { risks: [] } }).register;
    expect(r.ops[0]).toMatchObject({ action: 'add', reason: 'new risk in the CSP', source: 'csp#risk/rk-1' });
    expect(
      targets({ plan: plan([], [{ id: 'rk-1', title: 'Budget' }]), register: { risks: [{ id: 'rk-1' }] } }).register
        .ops[0].reason,
    ).toBe(
      "item 1 already uses the id rk-1 without source csp#risk/rk-1: add that source line to link it to the CSP's risk, or give it another id",
    );
  });
});

describe('fingerprints that are not csp fingerprints of these fields', () => {
  it.each([
    ['a number', 12345678],
    ['an empty string', ''],
    ['upper-case hex', fingerprint(MS_FIELDS, base).toUpperCase()],
    ['a cut digest', fingerprint(MS_FIELDS, base).slice(0, 12)],
    ['one digest too many', fingerprint(MS_FIELDS, base) + '0123abcd'],
    ['not hex', 'zzzzzzzz'.repeat(5)],
  ])('%s: every differing field is a conflict', (_what, hash) => {
    const t = tracker(plan([{ ...ms1, status: 'done' }]), [
      synced({ ...base, status: 'blocked' }, { hash, at: '2026-11-01' }),
    ]);
    expect(t.ops.map((o) => o.action)).toEqual(['conflict']);
  });

  it('a fingerprint of fewer fields counts the others as never synced', () => {
    const hash = fingerprint(['title', 'owner', 'due'], base);
    const t = tracker(plan([{ ...ms1, status: 'done' }]), [
      synced({ ...base, status: 'not_started' }, { hash, at: '2026-11-01' }),
    ]);
    // status was never synced: both sides differ from "nothing", so a differing value is a conflict
    expect(t.ops.map((o) => o.action)).toEqual(['conflict']);
    const fresh = tracker(plan([{ ...ms1, completed: '2026-11-20' }]), [
      synced(base, { hash: fingerprint(['title', 'owner', 'due', 'status'], base), at: '2026-11-01' }),
    ]);
    expect(fresh.ops).toEqual([
      expect.objectContaining({ action: 'update', fields: [{ field: 'completed', csp: '2026-11-20' }] }),
    ]);
  });

  it('the fingerprint is one 8-hex digest per field, and empty, null and absent are one value', () => {
    expect(fingerprint(MS_FIELDS, base)).toMatch(/^[0-9a-f]{40}$/);
    expect(fingerprint(['a'], { a: '' })).toBe(fingerprint(['a'], {}));
    expect(fingerprint(['a'], { a: null })).toBe(fingerprint(['a'], {}));
    expect(fingerprint(['a'], { a: 0 })).not.toBe(fingerprint(['a'], {}));
    expect(fingerprint(['a', 'b'], { a: 1, b: 2 })).toBe(fingerprint(['a'], { a: 1 }) + fingerprint(['b'], { b: 2 }));
  });

  it('an empty value on one side and none on the other is no change', () => {
    const t = tracker(plan([{ ...ms1, completed: '' }]), [synced(base)]);
    expect(t.ops).toEqual([]);
  });
});

describe('file entries', () => {
  it('keeps entries that are not maps in place, so that edits point at the right index', () => {
    const t = tracker(plan([{ ...ms1, due: '2026-12-05' }]), ['a string', null, [1], synced(base)]);
    expect(t.edits[0]).toMatchObject({ op: 'set', path: ['actions', 3, 'due'], value: '2026-12-05' });
  });

  it('a file whose list is not a list has no items', () => {
    const t = targets({ plan: plan([ms1]), tracker: { actions: 'none' as never } }).tracker;
    expect(t.ops.map((o) => o.action)).toEqual(['add']);
    expect(t.create).toBe(false);
  });

  it('retires an item without an id or title by its source; skips other sources and non-string ones', () => {
    const items = [
      { source: 'csp#milestone/ms-9', status: 'open' },
      { id: 'x', source: 'csp#risk/rk-1', status: 'open' },
      { id: 'y', source: 42, status: 'open' },
      { id: 'z', source: 'csp#milestone/ms-8' },
    ];
    const t = tracker(plan([]), items);
    expect(t.ops.map((o) => [o.action, o.id, o.title])).toEqual([
      ['retire', 'ms-9', ''],
      ['retire', 'z', ''],
    ]);
    expect(t.ops[1].fields).toEqual([{ field: 'status', file: undefined, csp: 'cancelled' }]);
    const after = applyEditsToData({ actions: items }, t.edits).actions as FileItem[];
    expect(after.map((i) => [i.status, (i.sync as { at?: string } | undefined)?.at])).toEqual([
      ['cancelled', '2026-11-22'],
      ['open', undefined],
      ['open', undefined],
      ['cancelled', '2026-11-22'],
    ]);
  });

  it('the risk register is created from its initial document', () => {
    const { register } = targets({ plan: plan([]) });
    expect(register).toMatchObject({
      create: true,
      initial: { schema_version: 1, account: 'acme', risks: [] },
      ops: [],
      edits: [],
      planEdits: [],
    });
    const { tracker: tr } = targets({ plan: plan([]), tracker: { actions: [] } });
    expect(tr).toMatchObject({ create: false, initial: { schema_version: 1, account: 'acme', actions: [] } });
  });
});

describe('risks', () => {
  it('derives the RAG only from both probability and impact; keeps an owner not in the plan as written', () => {
    const add = (r: Record<string, unknown>) =>
      applyEditsToData(
        { risks: [] as FileItem[] },
        targets({ plan: plan([], [r]), register: { risks: [] } }).register.edits,
      ).risks[0];
    expect(add({ id: 'rk-1', title: 'B', probability: 'high' })).not.toHaveProperty('rag');
    expect(add({ id: 'rk-1', title: 'B', impact: 'high' })).not.toHaveProperty('rag');
    expect(add({ id: 'rk-1', title: 'B', probability: 'low', impact: 'low', rag: 'red' }).rag).toBe('red');
    expect(add({ id: 'rk-1', title: 'B', owner: 'Someone Else' }).owner).toBe('Someone Else');
    expect((add({ id: 'rk-1', title: 'B', status: 'open' }).sync as { hash: string }).hash).toHaveLength(
      RISK_FIELDS.length * 8,
    );
  });

  it('pulls only statuses a risk can hold', () => {
    const values = { title: 'B', status: 'open' };
    const item = {
      id: 'rk-1',
      ...values,
      source: 'csp#risk/rk-1',
      sync: { hash: fingerprint(RISK_FIELDS, values), at: '2026-11-01' },
    };
    for (const [status, action] of [
      ['accepted', 'pull'],
      ['closed', 'pull'],
      ['mitigating', 'pull'],
      ['done', 'kept'],
    ] as const) {
      const r = targets({
        plan: plan([], [{ id: 'rk-1', title: 'B', status: 'open' }]),
        register: { risks: [{ ...item, status }] },
      }).register;
      expect(r.ops.map((o) => o.action)).toEqual([action]);
    }
  });

  it('pulls a milestone completed date only when it is a date or nothing', () => {
    for (const [completed, action] of [
      ['2026-11-20', 'pull'],
      ['soon', 'kept'],
      [7, 'kept'],
    ] as const) {
      const t = tracker(plan([ms1]), [{ ...synced(base), completed }]);
      expect(t.ops.map((o) => o.action)).toEqual([action]);
    }
    const withDate = { ...base, completed: '2026-11-20' };
    const cleared = tracker(plan([{ ...ms1, completed: '2026-11-20' }]), [{ ...synced(withDate), completed: null }]);
    expect(cleared.ops.map((o) => o.action)).toEqual(['pull']);
    expect(cleared.planEdits).toEqual([
      { op: 'delete', path: ['adoption_journey', 'phases', 0, 'milestones', 0, 'completed'] },
    ]);
  });
});

describe('writes', () => {
  it('is true for the operations that change a file', () => {
    const all: SyncAction[] = ['add', 'update', 'retire', 'pull', 'kept', 'conflict'];
    expect(
      all.filter((action) =>
        writes({ target: 'action_tracker', action, id: 'x', source: 's', title: 't', reason: 'r' }),
      ),
    ).toEqual(['add', 'update', 'retire', 'pull']);
  });
});

describe('after the first mutation run (issue 19)', () => {
  const statusItem = (status: string) => [{ ...synced(base), status }];

  it('pulls every milestone status a plan can hold', () => {
    for (const status of ['not_started', 'in_progress', 'done', 'blocked', 'missed']) {
      const p = plan([{ ...ms1, status: status === 'not_started' ? 'in_progress' : 'not_started' }]);
      const from = status === 'not_started' ? { ...base, status: 'in_progress' } : base;
      const t = tracker(p, [{ ...synced(from), status }]);
      expect(
        t.ops.map((o) => o.action),
        status,
      ).toEqual(['pull']);
    }
    expect(tracker(plan([ms1]), statusItem('cancelled')).ops.map((o) => o.action)).toEqual(['kept']);
  });

  it('pulls the open status of a risk', () => {
    const values = { title: 'B', status: 'closed' };
    const item = {
      id: 'rk-1',
      ...values,
      status: 'open',
      source: 'csp#risk/rk-1',
      sync: { hash: fingerprint(RISK_FIELDS, values), at: '2026-11-01' },
    };
    expect(
      targets({
        plan: plan([], [{ id: 'rk-1', title: 'B', status: 'closed' }]),
        register: { risks: [item] },
      }).register.ops.map((o) => o.action),
    ).toEqual(['pull']);
  });

  it('syncs a milestone owner who is not one of the plan people as written', () => {
    const t = tracker(plan([{ ...ms1, owner: 'Vendor PM' }]), []);
    expect((applyEditsToData({ actions: [] as FileItem[] }, t.edits).actions[0] as FileItem).owner).toBe('Vendor PM');
  });

  it("copies a risk's title and probability, and a plan without risks adds none", () => {
    const r = targets({
      plan: plan([], [{ id: 'rk-1', title: 'Budget', probability: 'high', impact: 'low' }]),
      register: { risks: [] },
    }).register;
    expect(applyEditsToData({ risks: [] as FileItem[] }, r.edits).risks[0]).toMatchObject({
      title: 'Budget',
      probability: 'high',
      impact: 'low',
    });
    const none = { ...plan([]) } as Plan;
    delete (none as { risks?: unknown }).risks;
    expect(targets({ plan: none, register: { risks: [] } }).register.ops).toEqual([]);
  });

  it('keeps a status the plan cannot hold beside another field: the reason names the status', () => {
    const t = tracker(plan([ms1]), [{ ...synced(base), status: 'open', owner: 'Sam Lee' }]);
    expect(t.ops[0]).toMatchObject({
      action: 'kept',
      reason: "changed in the file only: kept (not a value the CSP's milestone can hold)",
    });
  });
});
