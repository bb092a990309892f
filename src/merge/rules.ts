/**
 * How each part of a document merges, read from its JSON Schema (the single source of truth): the
 * `x-merge` annotation on a property or list, and the shape the schema gives (a list whose items
 * have an `id` merges by id). Pure over the schema data.
 *
 * `x-merge` values:
 * - `"latest"`: a date or timestamp; when both sides changed it, the later value wins (meta.updated).
 * - `"forward"`: a lifecycle field; when both sides changed it, the value later in the schema's
 *   `enum` (false before true for a boolean) wins, so a merge never moves a phase or status back.
 * - `"set"`: a list whose order carries no meaning, merged as a set of whole values (the default
 *   for a list without ids or keys).
 * - `"sequence"`: a list whose order matters: both sides changing it is a conflict.
 * - `{"key": ["date", ...]}`: a list of maps without ids, matched item to item by these fields.
 * - `{"segments": 8}`: a string made of fixed-width digests, one per field (csp sync's fingerprint),
 *   merged segment by segment; a segment both sides changed keeps ours (the next csp sync checks it).
 */
import type { DocPath } from '../domain/edit.js';
import { deref, schemaAt } from '../schema/walk.js';
import type { JsonSchema } from '../schema/schemas.js';

/** How one value merges when both sides changed it (absent: field by field, lists by id or as sets). */
export type MergeRule =
  | { kind: 'latest' }
  | { kind: 'forward'; order: readonly unknown[] }
  | { kind: 'set' }
  | { kind: 'sequence' }
  | { kind: 'key'; fields: readonly string[] }
  | { kind: 'id' }
  | { kind: 'segments'; width: number };

/** Answers which rule applies at a path of the merged data (indexes stand for any item of a list). */
export type RuleLookup = (path: DocPath) => MergeRule | undefined;

/** The rule lookup of a schema: reads `x-merge` and list item ids at each path, caching by shape of the path. */
export function rulesFromSchema(root: JsonSchema): RuleLookup {
  const cache = new Map<string, MergeRule | undefined>();
  return (path) => {
    const shape = path.map((k) => (typeof k === 'number' ? '[]' : k.replace(/[[\]/]/g, '\\$&'))).join('/');
    if (cache.has(shape)) return cache.get(shape);
    const rule = ruleOf(root, schemaAt(root, path));
    cache.set(shape, rule);
    return rule;
  };
}

/** The rule a subschema declares, or implies (a list of maps with an `id` property merges by id). */
export function ruleOf(root: JsonSchema, node: JsonSchema | undefined): MergeRule | undefined {
  if (!node) return undefined;
  const hint = node['x-merge'];
  if (hint === 'latest' || hint === 'set' || hint === 'sequence') return { kind: hint };
  if (hint === 'forward') {
    const order = Array.isArray(node.enum) ? (node.enum as unknown[]) : node.type === 'boolean' ? [false, true] : [];
    return { kind: 'forward', order };
  }
  if (hint && typeof hint === 'object') {
    const h = hint as { key?: unknown; segments?: unknown };
    if (Array.isArray(h.key)) return { kind: 'key', fields: h.key.map(String) };
    if (typeof h.segments === 'number' && h.segments > 0) return { kind: 'segments', width: h.segments };
  }
  const items = deref(root, node.items as JsonSchema | undefined);
  const props = items?.properties as Record<string, unknown> | undefined;
  if (props && Object.hasOwn(props, 'id')) return { kind: 'id' };
  return undefined;
}
