/**
 * The JSON Schemas of the tools the model must call, DERIVED from schemas/ (SPEC "AI assistance":
 * "validated against the same JSON Schema"): each tool's input is an object whose properties are
 * the sections a command asked for, built from the definitions of csp.schema.json,
 * decision_log.schema.json or account_plan.schema.json, with the definitions they reference copied
 * along. Every level is `additionalProperties: false`, so a reply that tries to set anything outside
 * the requested sections (meta.status, say) does not validate. `x-` annotations are dropped: they
 * mean nothing to the model. Pure: schema data in, schema data out.
 */
import type { ToolSchema } from './port.js';

type Json = { [key: string]: unknown };

/** A deep copy of a schema without `x-` keys and without the `^x-` team-extension patternProperties. */
export function stripExtensions<T>(node: T): T {
  if (Array.isArray(node)) return node.map(stripExtensions) as T;
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (key.startsWith('x-')) continue;
    if (
      key === 'patternProperties' &&
      value &&
      typeof value === 'object' &&
      Object.keys(value).every((k) => k === '^x-')
    )
      continue;
    out[key] = stripExtensions(value);
  }
  return out as T;
}

/** The names of the local definitions a schema refers to, transitively (#/definitions/<name>). */
export function referencedDefinitions(root: Json, start: unknown): string[] {
  const defs = (root.definitions ?? {}) as Record<string, unknown>;
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const ref = (node as Json).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/definitions/')) {
      const name = ref.slice('#/definitions/'.length);
      if (!found.has(name) && defs[name] !== undefined) {
        found.add(name);
        visit(defs[name]);
      }
    }
    Object.values(node).forEach(visit);
  };
  visit(start);
  return [...found].sort();
}

/** A `$ref` to a definition of the root schema. */
export const ref = (name: string): Json => ({ $ref: `#/definitions/${name}` });

/**
 * A definition of the root schema with more required properties and some properties replaced
 * (the tool asks for more than the document requires: a risk's mitigation and owner, say). The
 * copy keeps its $refs, so it must sit in a schema that carries the root's definitions.
 */
export function variant(root: Json, name: string, change: { required?: readonly string[]; properties?: Json }): Json {
  const def = (root.definitions as Record<string, Json>)[name];
  if (!def) throw new Error(`the schema has no definition ${name}`);
  const props = (def.properties ?? {}) as Json;
  for (const key of [...(change.required ?? []), ...Object.keys(change.properties ?? {})]) {
    if (props[key] === undefined) throw new Error(`definition ${name} has no property ${key}`);
  }
  return {
    ...def,
    required: [...new Set([...((def.required as string[] | undefined) ?? []), ...(change.required ?? [])])],
    properties: { ...props, ...(change.properties ?? {}) },
  };
}

/** An object schema with only the given properties of a definition (or schema node), closed. */
export function pick(root: Json, node: Json | string, keys: readonly string[], required: readonly string[] = []): Json {
  const source = typeof node === 'string' ? ((root.definitions as Record<string, Json>)[node] as Json) : node;
  const props = (source.properties ?? {}) as Record<string, unknown>;
  const properties: Json = {};
  for (const key of keys) {
    if (props[key] === undefined) throw new Error(`the schema has no property ${key} to offer the model`);
    properties[key] = props[key];
  }
  return {
    type: 'object',
    additionalProperties: false,
    ...(required.length ? { required: [...required] } : {}),
    properties,
  };
}

/** An array schema. */
/**
 * The most items any list of a tool may hold unless a command gives its own bound (issue 19: an
 * unbounded list let one reply propose 1,000 updates).
 */
export const MAX_TOOL_ITEMS = 100;

/** An array of items, with minItems when given and maxItems always (default MAX_TOOL_ITEMS). */
export const arrayOf = (items: Json, min?: number, max: number = MAX_TOOL_ITEMS): Json => ({
  type: 'array',
  ...(min !== undefined ? { minItems: min } : {}),
  maxItems: max,
  items,
});

/** The confidence every tool asks for: how sure the model is of its proposal, 0-1. */
export const CONFIDENCE: Json = {
  description: 'How confident you are in this proposal as a whole, from 0 to 1.',
  type: 'number',
  minimum: 0,
  maximum: 1,
};

/**
 * Assembles a tool's input schema: a closed object with the given properties (all required unless
 * listed as optional), plus every definition of `root` they reference, with `x-` keys removed.
 */
export function toolInputSchema(
  root: Json,
  properties: Record<string, Json>,
  optional: readonly string[] = [],
): ToolSchema {
  const body: Json = {
    type: 'object',
    additionalProperties: false,
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    properties,
  };
  const names = referencedDefinitions(root, body);
  const definitions: Json = {};
  for (const name of names) definitions[name] = (root.definitions as Json)[name];
  return stripExtensions(names.length ? { ...body, definitions } : body);
}
