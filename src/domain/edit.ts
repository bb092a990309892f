/**
 * Edits to a document, as data: what the pure core decides and the storage layer applies to the
 * YAML text (keeping comments and layout) or to plain data (for previews and verification).
 */

/** A path into a document: keys and sequence indexes. */
export type DocPath = ReadonlyArray<string | number>;

/**
 * One change. `set` replaces or creates the value at path (creating missing parent maps);
 * `append` adds an item to the sequence at path (creating it when missing); `delete` removes it.
 */
export type Edit =
  | { op: 'set'; path: DocPath; value: unknown }
  | { op: 'append'; path: DocPath; value: unknown }
  | { op: 'delete'; path: DocPath };

/** Shorthands for building edits. */
export const set = (path: DocPath, value: unknown): Edit => ({ op: 'set', path, value });
export const append = (path: DocPath, value: unknown): Edit => ({ op: 'append', path, value });
export const remove = (path: DocPath): Edit => ({ op: 'delete', path });

type Container = Record<string, unknown> | unknown[];

/**
 * Keys no edit may use: assigning `__proto__` changes an object's prototype instead of its data.
 * ("constructor" and "prototype" are safe: lookups below take own properties only.)
 */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__']);

/**
 * Applies edits to a deep copy of data and returns it; the input is not changed.
 * Throws Error when a path runs through a scalar or uses a key of UNSAFE_KEYS (a bug in the
 * caller, not a user error: user input is checked before it becomes an edit).
 */
export function applyEditsToData<T>(data: T, edits: readonly Edit[]): T {
  const root = structuredClone(data) as unknown as Container;
  for (const edit of edits) {
    if (edit.path.some((key) => typeof key === 'string' && UNSAFE_KEYS.has(key)))
      throw new Error(`edit path ${edit.path.join('.')} uses a reserved key`);
    const parent = walkTo(root, edit.path, edit.op !== 'delete');
    const key = edit.path[edit.path.length - 1];
    if (parent === undefined) continue;
    if (edit.op === 'set') {
      (parent as Record<string | number, unknown>)[key] = structuredClone(edit.value);
    } else if (edit.op === 'append') {
      const container = parent as Record<string | number, unknown>;
      const seq = container[key];
      if (seq === undefined || seq === null) container[key] = [structuredClone(edit.value)];
      else if (Array.isArray(seq)) seq.push(structuredClone(edit.value));
      else throw new Error(`append: ${edit.path.join('.')} is not a list`);
    } else if (Array.isArray(parent)) {
      parent.splice(Number(key), 1);
    } else {
      delete (parent as Record<string, unknown>)[String(key)];
    }
  }
  return root as unknown as T;
}

/** The container that holds the last key of path, creating missing ones (a list where the next key is a number). */
function walkTo(root: Container, fullPath: DocPath, create: boolean): Container | undefined {
  let node: Container = root;
  const path = fullPath.slice(0, -1);
  for (const [i, key] of path.entries()) {
    const next = Object.hasOwn(node, key) ? (node as Record<string | number, unknown>)[key] : undefined;
    if (next === undefined || next === null) {
      if (!create) return undefined;
      const made: Container = typeof fullPath[i + 1] === 'number' ? [] : {};
      (node as Record<string | number, unknown>)[key] = made;
      node = made;
    } else if (typeof next === 'object') {
      node = next as Container;
    } else {
      throw new Error(`edit path ${path.join('.')} runs through a scalar at ${String(key)}`);
    }
  }
  return node;
}

/** Reads the value at a path in plain data; undefined when any step is missing. */
export function getAt(data: unknown, path: DocPath): unknown {
  let node = data;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/**
 * The edits that add items to the sequence at path: one `set` of the whole list when the sequence
 * is missing or empty in data, else one `append` per item. Fewer edits make a smaller, faster
 * YAML splice (each edit is applied to the text and checked on its own).
 */
export function appendAll(data: unknown, path: DocPath, items: readonly unknown[]): Edit[] {
  if (items.length === 0) return [];
  const current = getAt(data, path);
  if (!Array.isArray(current) || current.length === 0) return [set(path, [...items])];
  return items.map((item) => append(path, item));
}

/**
 * Deep equality of plain data (as YAML or JSON reads it), ignoring key order: a key whose value is
 * undefined counts as absent (it is not written), and NaN equals NaN. Here rather than in
 * yaml/edit.ts (which re-exports it) so that pure modules can use it without loading `yaml`.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object')
    return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => sameData(v, bb[i]));
  }
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every((k) => sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
