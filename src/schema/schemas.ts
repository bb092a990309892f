/**
 * Loads the shipped JSON Schemas (schemas/*.schema.json) from the package root. The schemas are
 * the single source of truth for the documents: validation, TypeScript types (types.gen.ts),
 * editor support, key order of new sections, and which fields are internal.
 */
import { readFileSync } from 'node:fs';
import { SCHEMA_FILES, type DocKind } from './documents.js';

export { PACKAGE_ROOT } from '../package-root.js';
import { PACKAGE_ROOT } from '../package-root.js';

/** Absolute path of the shipped schemas folder. */
export const SCHEMAS_DIR = `${PACKAGE_ROOT}schemas/`;

/** A JSON Schema object (draft-07), loosely typed. */
export type JsonSchema = { [key: string]: unknown };

const cache = new Map<DocKind, JsonSchema>();

/** The parsed schema of a document kind. Throws when the package is damaged (schema missing). */
export function loadSchema(kind: DocKind): JsonSchema {
  let schema = cache.get(kind);
  if (!schema) {
    schema = JSON.parse(readSchemaText(kind)) as JsonSchema;
    cache.set(kind, schema);
  }
  return schema;
}

const texts = new Map<DocKind, string>();

/**
 * The raw text of a schema file (copied into InfoHubs for editor support, hashed into the
 * validation cache's key), read once a process: `csp import` compares the copies for every account
 * it creates.
 */
export function readSchemaText(kind: DocKind): string {
  let text = texts.get(kind);
  if (text === undefined) {
    text = readFileSync(SCHEMAS_DIR + SCHEMA_FILES[kind], 'utf8');
    texts.set(kind, text);
  }
  return text;
}
