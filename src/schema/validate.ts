/**
 * JSON Schema validation of a document's data, returning RawIssue[] (no positions yet; see
 * positions.ts). Uses the validators compiled at build time (dist/schema/validators.generated.js,
 * ajv standalone code) and falls back to compiling the schemas at run time (70 ms) when they are
 * absent, as under vitest running src/.
 */
import type { ErrorObject } from 'ajv';
import type { RawIssue } from '../domain/issue.js';
import { SCHEMA_FILES, type DocKind } from './documents.js';

type ValidateFn = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
type ValidatorTable = Record<DocKind, ValidateFn>;

let table: Promise<ValidatorTable> | undefined;

async function loadValidators(): Promise<ValidatorTable> {
  const generated = './validators.generated.js';
  try {
    return (await import(generated)) as ValidatorTable;
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    const [{ createAjv }, { loadSchema }] = await Promise.all([import('./ajv-setup.js'), import('./schemas.js')]);
    const ajv = createAjv();
    const kinds = Object.keys(SCHEMA_FILES) as DocKind[];
    return Object.fromEntries(kinds.map((k) => [k, ajv.compile(loadSchema(k)) as ValidateFn])) as ValidatorTable;
  }
}

/** Validates data against the schema of its kind; returns one RawIssue per problem (never throws for invalid data). */
export async function validateSchema(kind: DocKind, data: unknown): Promise<RawIssue[]> {
  table ??= loadValidators();
  const validate = (await table)[kind];
  if (validate(data)) return [];
  return describeAjvErrors(validate.errors ?? [], data);
}

/** Turns ajv errors into readable issues: one per problem, at the most precise path, with a fix. */
export function describeAjvErrors(errors: readonly ErrorObject[], data: unknown): RawIssue[] {
  const issues: RawIssue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const issue = describeOne(e, data);
    const key = `${issue.path}|${issue.message}`;
    if (!seen.has(key)) issues.push(issue);
    seen.add(key);
  }
  return issues;
}

function describeOne(e: ErrorObject, data: unknown): RawIssue {
  const params = e.params as Record<string, unknown>;
  const at = e.instancePath;
  const field = at.split('/').pop() || 'document';
  const base = { code: `schema-${e.keyword}`, severity: 'error' as const, source: 'schemas/ (JSON Schema)' };
  switch (e.keyword) {
    case 'required':
      return { ...base, path: at, message: `missing required property "${params.missingProperty}"`, hint: `add ${params.missingProperty}: under ${at || 'the top level'}` };
    case 'additionalProperties':
      return {
        ...base,
        path: `${at}/${params.additionalProperty}`,
        message: `unknown property "${params.additionalProperty}"`,
        hint: `check the spelling against the schema, or rename it x-${params.additionalProperty} to keep it as a team extension`,
      };
    case 'enum':
      return { ...base, path: at, message: `${field} must be one of: ${(params.allowedValues as unknown[]).join(', ')} (found ${show(valueAt(data, at))})` };
    case 'format':
      return params.format === 'date'
        ? { ...base, path: at, message: `${field} must be a real calendar date written YYYY-MM-DD (found ${show(valueAt(data, at))})`, hint: 'quote dates in YAML: due: "2027-03-31"' }
        : { ...base, path: at, message: `${field} must be a valid ${params.format} (found ${show(valueAt(data, at))})` };
    case 'type':
      return { ...base, path: at, message: `${field} must be ${String(params.type).replace(',', ' or ')} (found ${typeName(valueAt(data, at))})` };
    case 'pattern':
      return { ...base, path: at, message: `${field} ${show(valueAt(data, at))} does not have the expected form (${params.pattern})` };
    case 'maxItems':
      return { ...base, path: at, message: `${field} has more than ${params.limit} items`, hint: `keep at most ${params.limit}: merge or remove some` };
    case 'minLength':
      return { ...base, path: at, message: `${field} must not be empty` };
    case 'maxLength':
      return { ...base, path: at, message: `${field} is longer than ${params.limit} characters` };
    case 'minimum':
    case 'maximum':
      return { ...base, path: at, message: `${field} ${e.message} (found ${show(valueAt(data, at))})` };
    case 'const':
      return { ...base, path: at, message: `${field} must be ${show(params.allowedValue)} (found ${show(valueAt(data, at))})` };
    default:
      return { ...base, path: at, message: `${field} ${e.message ?? 'is invalid'}` };
  }
}

function valueAt(data: unknown, pointer: string): unknown {
  let node: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}

function typeName(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${show(value)}`;
}
