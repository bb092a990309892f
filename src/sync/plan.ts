/**
 * Deciding a sync (SPEC "Sync"; STYLE pattern 2, plan-then-apply): which CSP milestones and risks
 * go into the account's action tracker and risk register, and how. Pure: the plan and the two
 * files' data in, a list of operations (each with its id and reason) and the edits that perform
 * them out; apply.ts writes them.
 *
 * Each synced item is keyed by its source (`csp#milestone/<id>`, `csp#risk/<id>`) and carries
 * `sync: {hash, at}`. The hash is the fingerprint of the CSP's values as last synced, one 8-hex
 * digest per synced field (title, owner, due, status for milestones), so for every field it can
 * tell which side changed since then, a three-way comparison without keeping a copy of the base:
 * - neither side changed: nothing to do (a second run writes nothing);
 * - the CSP changed: the tracker gets the CSP's value;
 * - the tracker changed: its value is kept (a status moved on in the tracker stays);
 * - both changed to different values: a conflict, and the item is left untouched (unless `force`).
 * A field-level fingerprint rather than one hash of the whole item means a status changed in the
 * tracker and a due date changed in the CSP merge without a conflict.
 * A synced item whose milestone or risk left the CSP is closed (status cancelled / closed), never
 * deleted: people's notes on it stay. Items without a source are people's own and never touched.
 *
 * The way back: a milestone's status and completion date, and a risk's status, changed in the file
 * only (the CA ticks a milestone done in the tracker) are copied to the plan (`pull`), with the same
 * rule: changed on both sides to different values is a conflict (`force` takes the CSP's). A value
 * the plan cannot hold (a tracker status such as open or cancelled) stays in the file only (kept).
 */
import { createHash } from 'node:crypto';
import { set, append, remove, type DocPath, type Edit } from '../domain/edit.js';
import { isIsoDate } from '../domain/dates.js';
import { effectiveRag, milestonesOf, peopleOf, type Plan } from '../domain/plan.js';

/** The two files a sync writes. */
export type SyncTarget = 'action_tracker' | 'risk_register';

/** What happens to one item. `pull` copies the file's value into the plan; `kept` and `conflict` write nothing. */
export type SyncAction = 'add' | 'update' | 'retire' | 'pull' | 'kept' | 'conflict';

/** A field of an operation: the CSP's value and the file's value (absent = none). */
export interface SyncFieldChange {
  field: string;
  csp?: unknown;
  file?: unknown;
}

/** One operation of a sync, with the reason a person reads. */
export interface SyncOp {
  target: SyncTarget;
  action: SyncAction;
  /** The item's id (the milestone or risk id). */
  id: string;
  source: string;
  title: string;
  reason: string;
  fields?: SyncFieldChange[];
}

/** What to do to one file: its operations and the edits that perform them. */
export interface TargetPlan {
  target: SyncTarget;
  /** The file does not exist yet: it is created from `initial` with the edits applied. */
  create: boolean;
  initial: Record<string, unknown>;
  ops: SyncOp[];
  edits: Edit[];
  /** Edits of the plan (csp.yaml): the values pulled back from the file. */
  planEdits: Edit[];
}

/** The sync of one account. */
export interface AccountSyncPlan {
  account: string;
  targets: TargetPlan[];
}

/** A tracker or register item as read (people may add any field). */
export type FileItem = Record<string, unknown> & {
  id?: unknown;
  source?: unknown;
  sync?: { hash?: unknown; at?: unknown };
};

/** What planSync needs. A file that does not exist is undefined. */
export interface SyncInput {
  account: string;
  plan: Plan;
  tracker?: { actions?: FileItem[] };
  register?: { risks?: FileItem[] };
  /** Today, YYYY-MM-DD: the date written in sync.at. */
  today: string;
  /** Resolve conflicts in favour of the CSP (its values overwrite the file's). */
  force?: boolean;
}

/** What one target syncs: the list, the synced fields in order, and the items the CSP wants there. */
interface TargetSpec {
  target: SyncTarget;
  list: 'actions' | 'risks';
  noun: string;
  sourcePrefix: string;
  fields: readonly string[];
  /** Status a retired item gets, and the statuses that already count as retired. */
  retireTo: string;
  retired: readonly string[];
  wanted(plan: Plan): Array<{ id: string; path: DocPath; values: Record<string, unknown> }>;
  /** The fields a value changed in the file comes back to the plan for, and which values the plan can hold. */
  pull: Readonly<Record<string, (value: unknown) => boolean>>;
}

const MILESTONE_STATUSES: readonly unknown[] = ['not_started', 'in_progress', 'done', 'blocked', 'missed'];
const RISK_STATUSES: readonly unknown[] = ['open', 'mitigating', 'closed', 'accepted'];
const isDateOrNone = (v: unknown) =>
  v === null || v === undefined || v === '' || (typeof v === 'string' && isIsoDate(v));

const SPECS: readonly TargetSpec[] = [
  {
    target: 'action_tracker',
    list: 'actions',
    noun: 'milestone',
    sourcePrefix: 'csp#milestone/',
    // NOTE: completed is last: a fingerprint written before it was synced is a prefix of today's.
    fields: ['title', 'owner', 'due', 'status', 'completed'],
    retireTo: 'cancelled',
    retired: ['done', 'cancelled'],
    wanted: (plan) => {
      const people = peopleOf(plan);
      return milestonesOf(plan).map(({ milestone: m, path }) => ({
        id: m.id,
        path,
        values: {
          title: m.title,
          owner: m.owner ? (people.resolve(m.owner)?.name ?? m.owner) : undefined,
          due: m.due,
          status: m.status,
          completed: m.completed,
        },
      }));
    },
    pull: { status: (v) => MILESTONE_STATUSES.includes(v), completed: isDateOrNone },
  },
  {
    target: 'risk_register',
    list: 'risks',
    noun: 'risk',
    sourcePrefix: 'csp#risk/',
    fields: ['title', 'probability', 'impact', 'rag', 'mitigation', 'owner', 'status'],
    retireTo: 'closed',
    retired: ['closed', 'accepted'],
    wanted: (plan) => {
      const people = peopleOf(plan);
      return (plan.risks ?? []).map((r, i) => ({
        id: r.id,
        path: ['risks', i],
        values: {
          title: r.title,
          probability: r.probability,
          impact: r.impact,
          rag: r.rag ?? (r.probability && r.impact ? effectiveRag(r) : undefined),
          mitigation: r.mitigation,
          owner: r.owner ? (people.resolve(r.owner)?.name ?? r.owner) : undefined,
          status: r.status,
        },
      }));
    },
    pull: { status: (v) => RISK_STATUSES.includes(v) },
  },
];

const DIGEST = 8;

/** Empty, null and absent are the same value for a sync ("nothing there"). */
function norm(value: unknown): unknown {
  // NOTE: null needs no test of its own: it is returned as it is.
  return value === undefined || value === '' ? null : value;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/** The 8-hex digest of one field's value. */
function fieldDigest(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(norm(value)))
    .digest('hex')
    .slice(0, DIGEST);
}

/** The fingerprint of an item's synced values: one digest per field, in the spec's field order. */
export function fingerprint(fields: readonly string[], values: Record<string, unknown>): string {
  return fields.map((f) => fieldDigest(values[f])).join('');
}

/**
 * The per-field digests of a fingerprint, or null when it is missing or was not written for these
 * fields. A shorter fingerprint written before the last fields were synced gives them the digest of
 * "nothing": the file has never had them.
 */
function decode(fields: readonly string[], hash: unknown): Map<string, string> | null {
  if (
    typeof hash !== 'string' ||
    hash.length === 0 ||
    hash.length % DIGEST !== 0 ||
    hash.length > fields.length * DIGEST ||
    !/^[0-9a-f]+$/.test(hash)
  )
    return null;
  return new Map(
    fields.map((f, i) => [f, i * DIGEST < hash.length ? hash.slice(i * DIGEST, (i + 1) * DIGEST) : fieldDigest(null)]),
  );
}

/** Decides the sync of one account's plan into its tracker and register. */
export function planSync(input: SyncInput): AccountSyncPlan {
  return {
    account: input.account,
    targets: SPECS.map((spec) => {
      const file = spec.target === 'action_tracker' ? input.tracker : input.register;
      const raw = (file as Record<string, unknown> | undefined)?.[spec.list];
      // NOTE: an entry that is not a map is kept in place as {} so that indexes stay those of the file.
      // Stryker disable next-line ConditionalExpression,ArrayDeclaration: equivalent: a primitive entry has no source, id or status, exactly as {}
      const items = Array.isArray(raw)
        ? raw.map((x) => (x && typeof x === 'object' && !Array.isArray(x) ? (x as FileItem) : {}))
        : [];
      return planTarget(spec, input, items, file === undefined);
    }),
  };
}

function planTarget(spec: TargetSpec, input: SyncInput, items: readonly FileItem[], create: boolean): TargetPlan {
  const ops: SyncOp[] = [];
  const out: TargetOut = {
    edits: [],
    planEdits: [],
    op: (o) => ops.push({ target: spec.target, ...o }),
  };
  const wanted = spec.wanted(input.plan);
  const wantedSources = new Set(wanted.map((w) => spec.sourcePrefix + w.id));

  for (const w of wanted) {
    const source = spec.sourcePrefix + w.id;
    const title = String(w.values.title ?? w.id);
    const linked = items.map((item, i) => ({ item, i })).filter(({ item }) => item.source === source);
    if (linked.length > 1) {
      out.op({
        action: 'conflict',
        id: w.id,
        source,
        title,
        reason: `${linked.length} items in the file claim ${source} (items ${linked.map((l) => l.i + 1).join(', ')}): keep one, or remove source from the others`,
      });
      continue;
    }
    if (linked.length === 0) {
      const clash = items.findIndex((item) => item.id === w.id);
      if (clash >= 0) {
        out.op({
          action: 'conflict',
          id: w.id,
          source,
          title,
          reason: `item ${clash + 1} already uses the id ${w.id} without source ${source}: add that source line to link it to the CSP's ${spec.noun}, or give it another id`,
        });
        continue;
      }
      addNew(spec, input, w, out);
      continue;
    }
    syncLinked(spec, input, w, linked[0].item, linked[0].i, out);
  }
  retireGone(spec, input, items, wantedSources, out);

  return {
    target: spec.target,
    create,
    initial: { schema_version: 1, account: input.account, [spec.list]: [] },
    ops,
    edits: out.edits,
    planEdits: out.planEdits,
  };
}

/** What planTarget's steps add to: the file's edits, the plan's edits, and the operations reported. */
interface TargetOut {
  edits: Edit[];
  planEdits: Edit[];
  op(o: Omit<SyncOp, 'target'>): void;
}

/** One item the plan wants in the file: its id, its place in the plan and its synced values. */
type WantedItem = ReturnType<TargetSpec['wanted']>[number];

/** Appends a plan item the file does not have yet (its non-empty fields, source and fingerprint). */
function addNew(spec: TargetSpec, input: SyncInput, w: WantedItem, out: TargetOut): void {
  const source = spec.sourcePrefix + w.id;
  const title = String(w.values.title ?? w.id);
  const values = Object.fromEntries(spec.fields.filter((f) => norm(w.values[f]) !== null).map((f) => [f, w.values[f]]));
  out.edits.push(
    append([spec.list], {
      id: w.id,
      ...values,
      source,
      sync: { hash: fingerprint(spec.fields, w.values), at: input.today },
    }),
  );
  out.op({ action: 'add', id: w.id, source, title, reason: `new ${spec.noun} in the CSP` });
}

/**
 * The fields where the plan's values and the file item's differ, by which side changed since the
 * fingerprint base (null: unknown, both count as changed): the plan only (updates), the file only
 * (pulls when the plan can take the value, else kept), or both (conflicts).
 */
function compareFields(
  spec: TargetSpec,
  values: Record<string, unknown>,
  item: FileItem,
  base: Map<string, string> | null,
): Record<'updates' | 'kept' | 'pulls' | 'conflicts', SyncFieldChange[]> {
  const updates: SyncFieldChange[] = [];
  const kept: SyncFieldChange[] = [];
  const pulls: SyncFieldChange[] = [];
  const conflicts: SyncFieldChange[] = [];
  for (const f of spec.fields) {
    const csp = values[f];
    const theirs = item[f];
    if (same(csp, theirs)) continue;
    const change = {
      field: f,
      ...(norm(csp) !== null ? { csp } : {}),
      ...(norm(theirs) !== null ? { file: theirs } : {}),
    };
    const cspChanged = !base || fieldDigest(csp) !== base.get(f);
    const fileChanged = !base || fieldDigest(theirs) !== base.get(f);
    if (cspChanged && !fileChanged) updates.push(change);
    else if (!cspChanged && fileChanged) (spec.pull[f]?.(theirs) ? pulls : kept).push(change);
    else conflicts.push(change);
  }
  return { updates, kept, pulls, conflicts };
}

/** Syncs a plan item with the file item i linked to it (by its source line), field by field. */
function syncLinked(
  spec: TargetSpec,
  input: SyncInput,
  w: WantedItem,
  item: FileItem,
  i: number,
  out: TargetOut,
): void {
  const source = spec.sourcePrefix + w.id;
  const title = String(w.values.title ?? w.id);
  const at = (...rest: string[]) => [spec.list, i, ...rest];
  const base = decode(spec.fields, item.sync?.hash);
  const { updates, kept, pulls, conflicts } = compareFields(spec, w.values, item, base);
  if (conflicts.length > 0 && !input.force) {
    const since =
      typeof item.sync?.at === 'string'
        ? ` since the last sync (${item.sync.at})`
        : ' (it has no sync fingerprint to tell which side changed)';
    out.op({
      action: 'conflict',
      id: w.id,
      source,
      title,
      fields: conflicts,
      reason: `changed in the CSP and in the file${since}`,
    });
    return;
  }
  const toWrite = [...updates, ...(input.force ? conflicts : [])];
  for (const c of toWrite)
    out.edits.push(norm(w.values[c.field]) === null ? remove(at(c.field)) : set(at(c.field), w.values[c.field]));
  // The way back: the plan takes the file's value; the fingerprint records the values both now hold.
  for (const c of pulls)
    out.planEdits.push(
      norm(item[c.field]) === null ? remove([...w.path, c.field]) : set([...w.path, c.field], item[c.field]),
    );
  const agreed = { ...w.values, ...Object.fromEntries(pulls.map((c) => [c.field, item[c.field]])) };
  const hash = fingerprint(spec.fields, agreed);
  // Stryker disable next-line ConditionalExpression: equivalent: a field written from the CSP moves the fingerprint, so the hash differs whenever toWrite is not empty
  if (toWrite.length > 0 || hash !== item.sync?.hash) {
    out.edits.push(set(at('sync', 'hash'), hash), set(at('sync', 'at'), input.today));
    // NOTE: a pull moves the fingerprint too; it is reported as the pull, not as a second operation.
    if (toWrite.length > 0 || pulls.length === 0) {
      out.op({
        action: 'update',
        id: w.id,
        source,
        title,
        fields: toWrite,
        reason: toWrite.length > 0 ? 'changed in the CSP' : 'fingerprint brought up to date (both sides agree)',
      });
    }
  }
  if (pulls.length > 0)
    out.op({
      action: 'pull',
      id: w.id,
      source,
      title,
      fields: pulls,
      reason: `changed in the file: copied to the CSP's ${spec.noun}`,
    });
  if (kept.length > 0)
    out.op({
      action: 'kept',
      id: w.id,
      source,
      title,
      fields: kept,
      reason: kept.some((k) => spec.pull[k.field])
        ? `changed in the file only: kept (not a value the CSP's ${spec.noun} can hold)`
        : 'changed in the file only: kept',
    });
}

/** Marks retired the file items linked to a plan item that is gone (unless already retired). */
function retireGone(
  spec: TargetSpec,
  input: SyncInput,
  items: readonly FileItem[],
  wantedSources: ReadonlySet<string>,
  out: TargetOut,
): void {
  items.forEach((item, i) => {
    // Stryker disable next-line StringLiteral: equivalent: any text that does not start with the prefix
    const source = typeof item.source === 'string' ? item.source : '';
    if (!source.startsWith(spec.sourcePrefix) || wantedSources.has(source)) return;
    // Stryker disable next-line StringLiteral: equivalent: any text that is not a retired status
    if (spec.retired.includes(String(item.status ?? ''))) return;
    out.edits.push(set([spec.list, i, 'status'], spec.retireTo), set([spec.list, i, 'sync', 'at'], input.today));
    out.op({
      action: 'retire',
      id: String(item.id ?? source.slice(spec.sourcePrefix.length)),
      source,
      title: String(item.title ?? ''),
      fields: [{ field: 'status', file: item.status, csp: spec.retireTo }],
      reason: `no longer in the CSP: marked ${spec.retireTo} (remove its source line to keep it as your own item)`,
    });
  });
}

/** True when an operation writes something. */
export function writes(op: SyncOp): boolean {
  return op.action === 'add' || op.action === 'update' || op.action === 'retire' || op.action === 'pull';
}
