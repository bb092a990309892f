/**
 * What of a document may be sent to the model: everything but the fields the schema marks
 * `"x-visibility": "internal"` (internal assessments of people, risk analyses, the handoff,
 * internal notes, generation records). The schema decides, as it does for the customer export
 * (SPEC "Visibility is declared in the schema"). Pure: schema and data in, a copy out.
 */
import { deref } from '../schema/walk.js';
import type { JsonSchema } from '../schema/schemas.js';

/** A deep copy of data without the properties its schema marks internal. */
export function withoutInternal(root: JsonSchema, data: unknown): unknown {
  return strip(root, root, data);
}

function strip(root: JsonSchema, node: JsonSchema | undefined, value: unknown): unknown {
  const schema = deref(root, node);
  if (Array.isArray(value)) return value.map((v) => strip(root, schema?.items as JsonSchema | undefined, v));
  if (!value || typeof value !== 'object') return value;
  const props = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const extra =
    typeof schema?.additionalProperties === 'object' ? (schema.additionalProperties as JsonSchema) : undefined;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const child = props[key] ?? extra;
    if (child && deref(root, child)?.['x-visibility'] === 'internal') continue;
    out[key] = strip(root, child, v);
  }
  return out;
}
