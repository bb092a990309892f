/**
 * The customer view of a document, derived from its JSON Schema (SPEC "The CSP document":
 * visibility is declared in the schema, never in a hand-kept list). Pure: data and schema in,
 * a redacted copy out.
 *
 * What the customer view drops, wherever it is (inside arrays and $ref'd definitions too):
 * - every property whose schema says `"x-visibility": "internal"` (on the property, beside its
 *   $ref, or on the definition it refers to), and every array item whose items schema says so;
 * - team extension keys (`x-...`): internal unless their schema says `"x-visibility": "customer"`
 *   (a team adds `x-` keys for its own bookkeeping, which is rarely meant for the customer);
 * - any other `x-visibility` value than "customer" (a typo must not leak: fail closed);
 * - keys the schema does not describe at all (a plan with unknown keys is invalid; the export
 *   drops what it cannot classify rather than guess).
 * The internal view is the data unchanged.
 *
 * Commercial fields (`"x-commercial": true` beside `"x-visibility": "internal"`: ARR, stage, the
 * CRM's opportunity...) are internal by default (SPEC: commercial notes stay internal); a team
 * shows one to customers by naming its path in `.csp.yaml` `customer_export.show` (`show` here).
 */
import { toPointer } from '../domain/issue.js';
import type { JsonSchema } from '../schema/schemas.js';
import { deref } from '../schema/walk.js';

/** Who reads an export: the customer (internal fields dropped) or the team (everything). */
export type Audience = 'customer' | 'internal';

/** The audiences, for flag parsing and help. */
export const AUDIENCES: readonly Audience[] = ['customer', 'internal'];

/** A redacted document and what was left out. */
export interface Redaction<T> {
  data: T;
  /** JSON pointers of the values left out (each internal subtree once), in document order. */
  withheld: string[];
}

/** What a team chose to show customers beyond the schema's default. */
export interface RedactOptions {
  /** Dotted paths (`meta.arr_usd`, `*` for list items) of commercial fields to show; other internal fields stay out whatever is listed. */
  show?: readonly string[];
}

/**
 * The view of `data` for an audience, decided by the annotations of `schema` (the document's
 * JSON Schema, draft-07, local $refs). Never mutates its input; never throws for odd data.
 */
export function redact<T>(data: T, schema: JsonSchema, audience: Audience, options: RedactOptions = {}): Redaction<T> {
  if (audience === 'internal') return { data: structuredClone(data), withheld: [] };
  const withheld: string[] = [];
  const root = deref(schema, schema);
  const out = walk(data, root ? [root] : [], [], schema, withheld, new Set(options.show ?? []));
  return { data: out as T, withheld };
}

/**
 * The dotted paths of the fields the schema marks commercial (`x-commercial` on an internal
 * field): the fields a team may show customers through `.csp.yaml` customer_export.show.
 */
export function commercialPaths(schema: JsonSchema): string[] {
  const found: string[] = [];
  const visit = (node: JsonSchema | undefined, path: string[], depth: number): void => {
    if (!node || depth > 12) return;
    for (const branch of expand(schema, [node])) {
      for (const [key, sub] of Object.entries((branch.properties as Record<string, JsonSchema> | undefined) ?? {})) {
        const resolved = resolvedNode(schema, sub);
        if (isCommercial(resolved)) found.push([...path, key].join('.'));
        else if (!isInternal(resolved)) visit(resolved, [...path, key], depth + 1);
      }
      const items = branch.items;
      if (items && typeof items === 'object' && !Array.isArray(items)) {
        const resolved = resolvedNode(schema, items as JsonSchema);
        if (!isInternal(resolved)) visit(resolved, [...path, '*'], depth + 1);
      }
    }
  };
  visit(deref(schema, schema), [], 0);
  return [...new Set(found)];
}

/** A commercial field: internal by its schema (exactly "internal"), and marked x-commercial. */
function isCommercial(schema: JsonSchema): boolean {
  return schema['x-commercial'] === true && schema['x-visibility'] === 'internal' && typeof schema.$ref !== 'string';
}

/**
 * The paths (dotted, `*` for array items) that the schema marks internal, outermost only.
 * @internal for tests: they fill every one of these with values that must never be exported.
 */
export function internalPaths(schema: JsonSchema): string[] {
  const found: string[] = [];
  const visit = (node: JsonSchema | undefined, path: string[], seen: Set<unknown>): void => {
    if (!node || seen.has(node) || path.length > 12) return;
    const next = new Set(seen).add(node);
    for (const branch of expand(schema, [node])) {
      for (const [key, sub] of Object.entries((branch.properties as Record<string, JsonSchema> | undefined) ?? {})) {
        const resolved = resolvedNode(schema, sub);
        if (isInternal(resolved)) found.push([...path, key].join('.'));
        else visit(resolved, [...path, key], next);
      }
      const items = branch.items;
      if (items && typeof items === 'object' && !Array.isArray(items)) {
        const resolved = resolvedNode(schema, items as JsonSchema);
        if (isInternal(resolved)) found.push([...path, '*'].join('.'));
        else visit(resolved, [...path, '*'], next);
      }
    }
  };
  visit(deref(schema, schema), [], new Set());
  return [...new Set(found)];
}

type Segment = string | number;

function walk(
  value: unknown,
  schemas: JsonSchema[],
  path: Segment[],
  root: JsonSchema,
  withheld: string[],
  show: ReadonlySet<string>,
): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    value.forEach((item, i) => {
      const itemSchemas = itemSchemasOf(root, schemas, i);
      if (itemSchemas.length === 0 || itemSchemas.some(isInternal)) withheld.push(toPointer([...path, i]));
      else out.push(walk(item, itemSchemas, [...path, i], root, withheld, show));
    });
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const childSchemas = propertySchemasOf(root, schemas, key);
      if (!customerMayRead(key, childSchemas, show.size > 0 && show.has(dotted([...path, key]))))
        withheld.push(toPointer([...path, key]));
      else out[key] = walk(child, childSchemas, [...path, key], root, withheld, show);
    }
    return out;
  }
  return value;
}

/** A document path as customer_export.show names it: keys joined by dots, list indexes as `*`. */
function dotted(path: readonly Segment[]): string {
  return path.map((k) => (typeof k === 'number' ? '*' : k)).join('.');
}

/** True when a key with these (resolved) schemas belongs in the customer view; `shown`: the team listed it in customer_export.show. */
function customerMayRead(key: string, schemas: JsonSchema[], shown = false): boolean {
  if (schemas.length === 0) return false;
  // NOTE: only a field marked commercial can be shown; listing any other internal field does nothing.
  if (schemas.some(isInternal)) return shown && schemas.every((s) => !isInternal(s) || isCommercial(s));
  if (key.startsWith('x-')) return schemas.some((s) => s['x-visibility'] === 'customer');
  return true;
}

/** Internal: annotated with any x-visibility other than "customer", or an unresolvable $ref. */
function isInternal(schema: JsonSchema): boolean {
  const v = schema['x-visibility'];
  if (v !== undefined && v !== 'customer') return true;
  return typeof schema.$ref === 'string';
}

/** The schema nodes a value must satisfy: the node and its allOf/anyOf/oneOf branches, resolved. */
function expand(root: JsonSchema, schemas: JsonSchema[]): JsonSchema[] {
  const out: JsonSchema[] = [];
  const add = (node: JsonSchema | undefined, depth: number): void => {
    if (!node || depth > 8) return;
    out.push(node);
    for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
      const branches = node[keyword];
      if (Array.isArray(branches)) for (const b of branches) add(deref(root, b as JsonSchema), depth + 1);
    }
  };
  for (const s of schemas) add(s, 0);
  return out;
}

const OBJECT_KEYWORDS = ['properties', 'patternProperties', 'additionalProperties'];

/** The schemas that describe property `key` of an object (empty when none does: fail closed). */
function propertySchemasOf(root: JsonSchema, schemas: JsonSchema[], key: string): JsonSchema[] {
  const nodes = expand(root, schemas);
  const found: JsonSchema[] = [];
  let open = nodes.length > 0;
  for (const node of nodes) {
    // A branch that carries the visibility annotation but no object keywords still counts.
    if (!OBJECT_KEYWORDS.some((k) => k in node)) continue;
    open = false;
    const props = node.properties as Record<string, JsonSchema> | undefined;
    let matched = false;
    if (props && Object.hasOwn(props, key)) {
      found.push(resolvedNode(root, props[key]));
      matched = true;
    }
    for (const [pattern, sub] of Object.entries(
      (node.patternProperties as Record<string, JsonSchema> | undefined) ?? {},
    )) {
      if (safeRegExp(pattern)?.test(key)) {
        found.push(resolvedNode(root, sub));
        matched = true;
      }
    }
    if (!matched) {
      const extra = node.additionalProperties;
      if (extra === true) found.push({});
      else if (extra && typeof extra === 'object') found.push(resolvedNode(root, extra as JsonSchema));
      // additionalProperties absent alongside properties: JSON Schema allows the key, but
      // nothing describes it, so the customer view leaves it out (fail closed).
    }
  }
  // An object schema with no object keywords at all (e.g. `{}`) describes anything inside it.
  if (open && found.length === 0) found.push({});
  return found;
}

/** The schemas of the i-th item of an array. */
function itemSchemasOf(root: JsonSchema, schemas: JsonSchema[], i: number): JsonSchema[] {
  const nodes = expand(root, schemas);
  const found: JsonSchema[] = [];
  let open = nodes.length > 0;
  for (const node of nodes) {
    const items = node.items;
    if (items === undefined) continue;
    open = false;
    if (Array.isArray(items)) {
      const sub = items[i] ?? node.additionalItems;
      if (sub && typeof sub === 'object') found.push(resolvedNode(root, sub as JsonSchema));
      else if (sub === true || sub === undefined) found.push({});
    } else if (items && typeof items === 'object') found.push(resolvedNode(root, items as JsonSchema));
    else if (items === true) found.push({});
  }
  if (open && found.length === 0) found.push({});
  return found;
}

function resolvedNode(root: JsonSchema, node: JsonSchema): JsonSchema {
  return deref(root, node) ?? {};
}

const regexCache = new Map<string, RegExp | null>();

function safeRegExp(pattern: string): RegExp | null {
  if (!regexCache.has(pattern)) {
    try {
      regexCache.set(pattern, new RegExp(pattern, 'u'));
    } catch {
      regexCache.set(pattern, null);
    }
  }
  return regexCache.get(pattern)!;
}
