/**
 * Id collisions in a merge (SPEC "A team on one InfoHub"): both sides added an item with the same
 * id (two people ran `csp add stakeholder` on the same plan: both got sh-2). Theirs keeps the id;
 * ours' item gets the next free id of its kind, and every reference to it on ours' side is
 * rewritten: a string equal to the id (owners, `who`, `depends_on`, `linked_to`, decision
 * `objective` and `links`) or ending in `#<id>` / `/<id>` (tracker and register `source` keys).
 * Pure: data in, data out.
 */
import { sameData } from '../domain/edit.js';

/** One of ours' ids renumbered, and how many references to it were rewritten. */
export interface IdRename {
  from: string;
  to: string;
  references: number;
}

const NUMBERED = /^([a-z][a-z0-9_]*)-([0-9]+)$/;

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Every item with a string `id` in a document, by id (the first when an id repeats). */
export function itemsById(data: unknown): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (isMap(node)) {
      if (typeof node.id === 'string' && !out.has(node.id)) out.set(node.id, node);
      for (const v of Object.values(node)) if (v && typeof v === 'object') walk(v);
    }
  };
  walk(data);
  return out;
}

/**
 * Two items with one id are the same item when they are equal, or come from the same source
 * (two people synced the same CSP milestone into the tracker on different days).
 */
function sameItem(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  if (sameData(a, b)) return true;
  return typeof a.source === 'string' && a.source !== '' && a.source === b.source;
}

/**
 * Renumbers ours' side of every id collision. New numbers start after the highest number of that
 * kind in any of the three versions, in order of the old numbers, so the same collision gets the
 * same new id in every file that mirrors it (a milestone and its tracker item).
 */
export function renumberCollisions(
  base: unknown,
  ours: unknown,
  theirs: unknown,
): { data: unknown; renames: IdRename[] } {
  const [b, o, t] = [itemsById(base), itemsById(ours), itemsById(theirs)];
  const colliding = [...o.keys()].filter(
    (id) => !b.has(id) && t.has(id) && NUMBERED.test(id) && !sameItem(o.get(id)!, t.get(id)!),
  );
  if (colliding.length === 0) return { data: ours, renames: [] };
  const highest = new Map<string, number>();
  for (const ids of [b.keys(), o.keys(), t.keys()]) {
    for (const id of ids) {
      const m = NUMBERED.exec(id);
      if (m) highest.set(m[1], Math.max(highest.get(m[1]) ?? 0, Number(m[2])));
    }
  }
  colliding.sort((x, y) => {
    const [mx, my] = [NUMBERED.exec(x)!, NUMBERED.exec(y)!];
    return mx[1] === my[1] ? Number(mx[2]) - Number(my[2]) : mx[1] < my[1] ? -1 : 1;
  });
  const to = new Map<string, string>();
  for (const id of colliding) {
    const kind = NUMBERED.exec(id)![1];
    const next = (highest.get(kind) ?? 0) + 1;
    highest.set(kind, next);
    to.set(id, `${kind}-${next}`);
  }
  const { data, counts } = rewriteIds(ours, to);
  return { data, renames: colliding.map((id) => ({ from: id, to: to.get(id)!, references: counts.get(id) ?? 0 })) };
}

/**
 * Applies renames made elsewhere (another file, an earlier step of a rebase) to a document, moving
 * out of the way an item of its own that already holds a new id (it gets the next free number
 * after every id of its kind in `others` and the document), so no two items end up with one id.
 */
export function applyRenames(
  data: unknown,
  to: ReadonlyMap<string, string>,
  others: readonly unknown[] = [],
): { data: unknown; counts: Map<string, number> } {
  if (to.size === 0) return { data, counts: new Map() };
  const own = itemsById(data);
  const map = new Map(to);
  const taken = [...own.keys()].filter((id) => [...to.values()].includes(id) && !to.has(id));
  if (taken.length > 0) {
    const highest = new Map<string, number>();
    for (const ids of [...[data, ...others].map((d) => itemsById(d).keys()), to.values()]) {
      for (const id of ids) {
        const m = NUMBERED.exec(id);
        if (m) highest.set(m[1], Math.max(highest.get(m[1]) ?? 0, Number(m[2])));
      }
    }
    for (const id of taken) {
      const m = NUMBERED.exec(id);
      if (!m) continue;
      const next = (highest.get(m[1]) ?? 0) + 1;
      highest.set(m[1], next);
      map.set(id, `${m[1]}-${next}`);
    }
  }
  return rewriteIds(data, map);
}

/**
 * Renames ids in a document (all at once, so a → b and b → c do not chain): each item whose id is a key of `to` gets the new id, and every
 * reference to it follows (a string equal to the id, or ending in `#<id>` / `/<id>`). Returns the
 * new data and, per old id found, how many references (not ids) were rewritten.
 */
export function rewriteIds(
  data: unknown,
  to: ReadonlyMap<string, string>,
): { data: unknown; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  if (to.size === 0) return { data, counts };
  const rewrite = (s: string, isId: boolean): string => {
    const whole = to.get(s);
    if (whole !== undefined) {
      counts.set(s, (counts.get(s) ?? 0) + (isId ? 0 : 1));
      return whole;
    }
    const m = /^(.*[#/])([a-z][a-z0-9_]*-[0-9]+)$/.exec(s);
    if (m && to.has(m[2])) {
      counts.set(m[2], (counts.get(m[2]) ?? 0) + 1);
      return m[1] + to.get(m[2]);
    }
    return s;
  };
  const walk = (node: unknown, key?: string): unknown => {
    if (typeof node === 'string') return rewrite(node, key === 'id');
    if (Array.isArray(node)) return node.map((v) => walk(v));
    if (isMap(node)) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k)]));
    return node;
  };
  return { data: walk(data), counts };
}
