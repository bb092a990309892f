/**
 * The three-way merge of a csp document's data (SPEC "A team on one InfoHub"): base, ours and
 * theirs in; the merged data, the conflicts and the ids renumbered out. Pure: no I/O.
 *
 * - Maps merge key by key; a scalar changed on one side only takes that side's value.
 * - Lists of items merge by `id` (or by the key fields the schema names): each side's additions
 *   are kept, deletions apply, an item changed on both sides merges field by field. Items ours
 *   kept stay in ours' order and theirs' additions come after them, so ours' text is edited,
 *   never reshuffled.
 * - Other lists merge as sets of whole values (rules.ts `set`).
 * - `latest` fields take the later value, `forward` fields the later lifecycle step.
 * - Ids both sides added for different items: theirs keeps the id, ours' item gets the next free
 *   one and every reference on ours' side follows (ids.ts).
 * - Anything else changed two ways is a conflict: the merged data holds ours' value there (or
 *   the side that did not delete it), and the conflict says where and what each side had.
 */
import { sameData, type DocPath } from '../domain/edit.js';
import { applyRenames, renumberCollisions, type IdRename } from './ids.js';
import type { MergeRule, RuleLookup } from './rules.js';

export type { IdRename } from './ids.js';

/** One field (or item) changed two ways. `undefined` is a side where it is absent (deleted). */
export interface MergeConflict {
  /** Where it is in the merged data. */
  path: DocPath;
  base: unknown;
  ours: unknown;
  theirs: unknown;
}

/** What a merge gives: the data (ours' value at each conflict), the conflicts, and ours' renumbered ids. */
export interface MergeResult {
  data: unknown;
  conflicts: MergeConflict[];
  renames: IdRename[];
  /** Ours' data after its colliding ids were renumbered (what the merge started from; ours as it was when theirs were renumbered). */
  renumbered: unknown;
  /** Values the merge took whole from theirs (ours had not changed them, or theirs added them): where in the merged data and in theirs. */
  fromTheirs: TheirsValue[];
}

/** A value the merged data took whole from theirs: its path in the merged data and in theirs. */
export interface TheirsValue {
  path: DocPath;
  theirsPath: DocPath;
  /** A list item theirs added (not one ours left unchanged). */
  added?: boolean;
}

/**
 * Which side keeps an id both sides added: `theirs` in a merge, cherry-pick or stash pop (what is
 * already shared keeps its id, ours' new item is renumbered); `ours` in a rebase, where ours is the
 * upstream and theirs the local commit being replayed.
 */
export type IdKeeper = 'ours' | 'theirs';

/**
 * Renames already known before this file is merged (issue 20): `side` applies to the side whose
 * colliding ids are renumbered (ours in a merge, theirs in a rebase): the ids another file of the
 * account renumbered (csp.yaml's milestones in the tracker). `base` applies to the base and that
 * side: ids an earlier step of the same rebase renumbered, when the commit being replayed builds
 * on the one that step replayed (its edits to ac-5 are edits to what is now ac-6).
 */
export interface KnownRenames {
  base?: ReadonlyMap<string, string>;
  side?: ReadonlyMap<string, string>;
}

/** Merges three versions of one document. `rules` says how each path merges (rulesFromSchema). */
export function mergeData(
  base: unknown,
  ours: unknown,
  theirs: unknown,
  rules: RuleLookup = () => undefined,
  keeper: IdKeeper = 'theirs',
  known: KnownRenames = {},
): MergeResult {
  const conflicts: MergeConflict[] = [];
  const fromTheirs: TheirsValue[] = [];
  const st = { rules, conflicts, fromTheirs };
  const before = new Map([...(known.base ?? []), ...(known.side ?? [])]);
  const b = applyRenames(base, new Map(known.base ?? [])).data;
  if (keeper === 'ours') {
    const pre = applyRenames(theirs, before, [b, ours]);
    const { data: renumbered, renames } = renumberCollisions(b, pre.data, ours);
    return {
      data: mergeValue(b, ours, renumbered, [], st, []),
      conflicts,
      renames: [...knownRenames(known.side, pre.counts, renames), ...renames],
      renumbered: ours,
      fromTheirs,
    };
  }
  const pre = applyRenames(ours, before, [b, theirs]);
  const { data: renumbered, renames } = renumberCollisions(b, pre.data, theirs);
  return {
    data: mergeValue(b, renumbered, theirs, [], st, []),
    conflicts,
    renames: [...knownRenames(known.side, pre.counts, renames), ...renames],
    renumbered,
    fromTheirs,
  };
}

/** The renames another file made that changed something on the renumbered side, as IdRenames (a rebase's earlier steps were reported by those steps). */
function knownRenames(
  to: ReadonlyMap<string, string> | undefined,
  counts: ReadonlyMap<string, number>,
  found: readonly IdRename[],
): IdRename[] {
  return [...(to ?? [])]
    .filter(([from]) => counts.has(from) && !found.some((r) => r.from === from))
    .map(([from, id]) => ({ from, to: id, references: counts.get(from)! }));
}

interface State {
  rules: RuleLookup;
  conflicts: MergeConflict[];
  fromTheirs: TheirsValue[];
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function mergeValue(b: unknown, o: unknown, t: unknown, path: DocPath, st: State, tPath: DocPath): unknown {
  if (sameData(o, t)) return o;
  if (sameData(b, o)) {
    if (t !== undefined) st.fromTheirs.push({ path, theirsPath: tPath });
    return t;
  }
  if (sameData(b, t)) return o;
  const rule = st.rules(path);
  if (o !== undefined && t !== undefined) {
    if (rule?.kind === 'latest') {
      const later = laterOf(o, t);
      if (later !== undefined) return later;
    }
    if (rule?.kind === 'forward') {
      const ro = rule.order.findIndex((v) => sameData(v, o));
      const rt = rule.order.findIndex((v) => sameData(v, t));
      if (ro >= 0 && rt >= 0) return ro >= rt ? o : t;
    }
    if (rule?.kind === 'segments' && typeof o === 'string' && typeof t === 'string') {
      const merged = mergeSegments(typeof b === 'string' ? b : '', o, t, rule.width);
      if (merged !== null) return merged;
    }
    if (isMap(o) && isMap(t)) return mergeMaps(isMap(b) ? b : {}, o, t, path, st, tPath);
    if (Array.isArray(o) && Array.isArray(t) && rule?.kind !== 'sequence')
      return mergeLists(Array.isArray(b) ? b : [], o, t, path, rule, st, tPath);
  }
  st.conflicts.push({ path, base: b, ours: o, theirs: t });
  return o !== undefined ? o : t;
}

/** The later of two dates or timestamps (ISO strings compare as text); a null or absent loses. Undefined when they cannot be compared. */
function laterOf(o: unknown, t: unknown): unknown {
  if (o === null) return t;
  if (t === null) return o;
  if (typeof o === 'string' && typeof t === 'string') return o >= t ? o : t;
  if (typeof o === 'number' && typeof t === 'number') return Math.max(o, t);
  return undefined;
}

function mergeSegments(b: string, o: string, t: string, width: number): string | null {
  if (o.length !== t.length || o.length % width !== 0) return null;
  let out = '';
  for (let i = 0; i < o.length; i += width) {
    const [sb, so, st] = [b.slice(i, i + width), o.slice(i, i + width), t.slice(i, i + width)];
    // NOTE: a segment changed two ways keeps ours: a stale fingerprint makes the next csp sync
    // report the field, it never loses a value.
    out += so === sb ? st : so;
  }
  return out;
}

function mergeMaps(
  b: Record<string, unknown>,
  o: Record<string, unknown>,
  t: Record<string, unknown>,
  path: DocPath,
  st: State,
  tPath: DocPath,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = [...Object.keys(o), ...Object.keys(t).filter((k) => !Object.hasOwn(o, k))];
  for (const k of keys) {
    const own = (m: Record<string, unknown>) => (Object.hasOwn(m, k) ? m[k] : undefined);
    const v = mergeValue(own(b), own(o), own(t), [...path, k], st, [...tPath, k]);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** The identity of each item of a list: its id, its key fields, or its whole value; repeats get #2, #3. */
export function keysOf(items: readonly unknown[], rule: MergeRule | undefined): string[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    let key: string;
    if ((rule?.kind === 'id' || rule === undefined) && isMap(item) && typeof item.id === 'string')
      key = `id:${item.id}`;
    else if (rule?.kind === 'key' && isMap(item) && rule.fields.every((f) => item[f] !== undefined))
      key = `key:${JSON.stringify(rule.fields.map((f) => item[f]))}`;
    else key = `value:${canonical(item)}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? key : `${key}#${n}`;
  });
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isMap(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'undefined';
}

function mergeLists(
  b: readonly unknown[],
  o: readonly unknown[],
  t: readonly unknown[],
  path: DocPath,
  rule: MergeRule | undefined,
  st: State,
  tPath: DocPath,
): unknown[] {
  const [kb, ko, kt] = [keysOf(b, rule), keysOf(o, rule), keysOf(t, rule)];
  const bm = new Map(kb.map((k, i) => [k, b[i]]));
  const tm = new Map(kt.map((k, i) => [k, t[i]]));
  const tIndex = new Map(kt.map((k, i) => [k, i]));
  const oKeys = new Set(ko);
  const out: unknown[] = [];
  o.forEach((item, i) => {
    const k = ko[i];
    if (tm.has(k))
      out.push(mergeValue(bm.get(k), item, tm.get(k), [...path, out.length], st, [...tPath, tIndex.get(k)!]));
    else if (!bm.has(k))
      out.push(item); // ours added it
    else if (!sameData(bm.get(k), item)) {
      // Theirs deleted what ours changed: keep ours' item, and say so.
      st.conflicts.push({ path: [...path, out.length], base: bm.get(k), ours: item, theirs: undefined });
      out.push(item);
    }
  });
  t.forEach((item, i) => {
    const k = kt[i];
    if (oKeys.has(k)) return;
    if (!bm.has(k)) {
      // theirs added it
      st.fromTheirs.push({ path: [...path, out.length], theirsPath: [...tPath, i], added: true });
      out.push(item);
    } else if (!sameData(bm.get(k), item)) {
      st.conflicts.push({ path: [...path, out.length], base: bm.get(k), ours: undefined, theirs: item });
      out.push(item);
    }
  });
  return out;
}
