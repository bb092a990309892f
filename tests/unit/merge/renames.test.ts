import { describe, expect, it } from 'vitest';
import { mergeData } from '../../../src/merge/merge.js';
import { rulesFromSchema } from '../../../src/merge/rules.js';
import { loadSchema } from '../../../src/schema/schemas.js';
import type { DocKind } from '../../../src/schema/documents.js';

const rules = (kind: DocKind) => rulesFromSchema(loadSchema(kind));
const action = (id: string, what: string, status = 'open') => ({ id, what, who: 'sh-1', status });
const plan = (actions: unknown[]) => ({
  schema_version: 1,
  meta: { account: 'acme' },
  adoption_journey: { phases: [{ id: 'ph-1', name: 'Launch', actions }] },
});
const actions = (data: unknown) =>
  (data as ReturnType<typeof plan>).adoption_journey.phases[0].actions as Array<{ id: string; what: string }>;

describe('a rebase replays commits after an earlier step renumbered their item', () => {
  // Upstream added ac-2 "Upstream"; the local branch has C1 (adds ac-2 "Local") and C2 (marks ac-2 done).
  // Replaying C1 renumbers Local to ac-3. Replaying C2 (base C1, ours upstream + C1', theirs C2):
  const base = plan([action('ac-1', 'Kickoff'), action('ac-2', 'Local')]);
  const ours = plan([action('ac-1', 'Kickoff'), action('ac-2', 'Upstream'), action('ac-3', 'Local')]);
  const theirs = plan([action('ac-1', 'Kickoff'), action('ac-2', 'Local', 'done')]);

  it("without the earlier step's renames, the edit lands on the upstream item (the defect)", () => {
    const r = mergeData(base, ours, theirs, rules('csp'), 'ours');
    expect(actions(r.data)).not.toEqual([
      action('ac-1', 'Kickoff'),
      action('ac-2', 'Upstream'),
      action('ac-3', 'Local', 'done'),
    ]);
  });

  it('with them (applied to the base and the replayed commit), the edit follows the item to its new id', () => {
    const r = mergeData(base, ours, theirs, rules('csp'), 'ours', { base: new Map([['ac-2', 'ac-3']]) });
    expect(r.conflicts).toEqual([]);
    expect(actions(r.data)).toEqual([
      action('ac-1', 'Kickoff'),
      action('ac-2', 'Upstream'),
      action('ac-3', 'Local', 'done'),
    ]);
    expect(r.renames).toEqual([]);
  });

  it('a replayed commit that adds another item after the renumbered one gets the next free id', () => {
    const more = plan([action('ac-1', 'Kickoff'), action('ac-2', 'Local'), action('ac-3', 'Later')]);
    const r = mergeData(base, ours, more, rules('csp'), 'ours', { base: new Map([['ac-2', 'ac-3']]) });
    expect(actions(r.data).map((a) => `${a.id} ${a.what}`)).toEqual([
      'ac-1 Kickoff',
      'ac-2 Upstream',
      'ac-3 Local',
      'ac-4 Later',
    ]);
  });
});

describe("another file of the account follows the plan's renumbering", () => {
  const tracker = (items: unknown[]) => ({ schema_version: 1, account: 'acme', actions: items });
  const synced = (id: string, title: string) => ({
    id,
    title,
    source: `csp#milestone/${id}`,
    sync: { hash: 'aaaaaaaa', at: '2026-11-01' },
  });

  it('tracker: ours synced ms-5 (the plan renumbers it to ms-7): it becomes ms-7 with its source, theirs keeps ms-5', () => {
    const r = mergeData(
      tracker([]),
      tracker([synced('ms-5', 'Ours')]),
      tracker([synced('ms-5', 'Theirs')]),
      rules('action_tracker'),
      'theirs',
      { side: new Map([['ms-5', 'ms-7']]) },
    );
    expect(r.conflicts).toEqual([]);
    expect((r.data as ReturnType<typeof tracker>).actions).toEqual([synced('ms-7', 'Ours'), synced('ms-5', 'Theirs')]);
    expect(r.renames).toEqual([{ from: 'ms-5', to: 'ms-7', references: 1 }]);
  });

  it('decision log: a decision ours linked to obj-3 (renumbered obj-4) links obj-4; the colliding decision id is renumbered too', () => {
    const log = (decisions: unknown[]) => ({ schema_version: 1, account: 'acme', decisions });
    const dec = (id: string, decision: string, objective: string) => ({ id, date: '2026-11-01', decision, objective });
    const r = mergeData(
      log([]),
      log([dec('dec-1', 'Ours', 'obj-3')]),
      log([dec('dec-1', 'Theirs', 'obj-3')]),
      rules('decision_log'),
      'theirs',
      { side: new Map([['obj-3', 'obj-4']]) },
    );
    expect((r.data as ReturnType<typeof log>).decisions).toEqual([
      dec('dec-2', 'Ours', 'obj-4'),
      dec('dec-1', 'Theirs', 'obj-3'),
    ]);
  });

  it('in a rebase the replayed commit (theirs) is the side that follows', () => {
    const r = mergeData(
      tracker([]),
      tracker([synced('ms-5', 'Upstream')]),
      tracker([synced('ms-5', 'Local')]),
      rules('action_tracker'),
      'ours',
      { side: new Map([['ms-5', 'ms-6']]) },
    );
    expect((r.data as ReturnType<typeof tracker>).actions).toEqual([
      synced('ms-5', 'Upstream'),
      synced('ms-6', 'Local'),
    ]);
  });
});
