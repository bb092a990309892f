/**
 * Reads facts out of the JSON Schemas by path: the key order of a map (new sections and keys are
 * written in schema order) and annotations such as x-visibility. Pure over the schema data.
 */
import type { DocPath } from '../domain/edit.js';
import type { JsonSchema } from './schemas.js';

/** Resolves a local $ref (#/definitions/x) against the root schema. */
export function deref(root: JsonSchema, node: JsonSchema | undefined): JsonSchema | undefined {
  let current = node;
  for (let guard = 0; current && typeof current.$ref === 'string' && guard < 20; guard++) {
    const ref = current.$ref as string;
    if (!ref.startsWith('#/')) return current;
    let target: unknown = root;
    for (const part of ref.slice(2).split('/')) target = (target as Record<string, unknown> | undefined)?.[part];
    // Annotations written beside a $ref (description, x-visibility) stay with the referring node.
    const { $ref: _ref, ...siblings } = current;
    current = { ...(target as JsonSchema), ...siblings };
  }
  return current;
}

/** The subschema that describes the value at path, or undefined when the schema does not describe it. */
export function schemaAt(root: JsonSchema, path: DocPath): JsonSchema | undefined {
  let node = deref(root, root);
  for (const key of path) {
    if (!node) return undefined;
    if (typeof key === 'number') {
      node = deref(root, node.items as JsonSchema | undefined);
    } else {
      const props = node.properties as Record<string, JsonSchema> | undefined;
      // NOTE: own properties only: "__proto__" or "constructor" must not find Object.prototype.
      const next =
        (props && Object.hasOwn(props, key) ? props[key] : undefined) ??
        (typeof node.additionalProperties === 'object' ? (node.additionalProperties as JsonSchema) : undefined);
      node = deref(root, next);
    }
  }
  return node;
}

/** The keys of the map at path, in the order the schema lists them (undefined when unknown). */
export function keyOrderAt(root: JsonSchema, path: DocPath): readonly string[] | undefined {
  const node = schemaAt(root, path);
  const props = node?.properties as Record<string, unknown> | undefined;
  return props ? Object.keys(props) : undefined;
}
