/**
 * JSON Schema validation of a document's data, returning RawIssue[] (no positions yet; see
 * positions.ts). Uses the validators compiled at build time (dist/schema/validators.generated.js,
 * ajv standalone code) and falls back to compiling each kind's schema at run time, the first time
 * that kind is checked, when they are absent, as under vitest running src/.
 */
import type { ErrorObject } from 'ajv';
import type { RawIssue } from '../domain/issue.js';
import type { DocKind } from './documents.js';

type ValidateFn = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
type ValidatorTable = Record<DocKind, ValidateFn>;

let generated: Promise<ValidatorTable | null> | undefined;
let runtime: Promise<(kind: DocKind) => ValidateFn> | undefined;

async function loadGenerated(): Promise<ValidatorTable | null> {
  const file = './validators.generated.js';
  try {
    return (await import(file)) as ValidatorTable;
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    return null;
  }
}

/** Compiles each kind's schema the first time it is needed: a command pays only for the kinds it checks. */
async function runtimeCompiler(): Promise<(kind: DocKind) => ValidateFn> {
  const [{ createAjv }, { loadSchema }] = await Promise.all([import('./ajv-setup.js'), import('./schemas.js')]);
  const ajv = createAjv();
  const compiled = new Map<DocKind, ValidateFn>();
  return (kind) => {
    let fn = compiled.get(kind);
    if (!fn) {
      fn = ajv.compile(loadSchema(kind)) as ValidateFn;
      compiled.set(kind, fn);
    }
    return fn;
  };
}

async function validatorFor(kind: DocKind): Promise<ValidateFn> {
  generated ??= loadGenerated();
  const table = await generated;
  if (table) return table[kind];
  runtime ??= runtimeCompiler();
  return (await runtime)(kind);
}

/** Validates data against the schema of its kind; returns one RawIssue per problem (never throws for invalid data). */
export async function validateSchema(kind: DocKind, data: unknown): Promise<RawIssue[]> {
  const validate = await validatorFor(kind);
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
  const field = at.split('/').pop() || 'the document';
  const base = { code: `schema-${e.keyword}` as const, severity: 'error' as const, source: 'schemas/ (JSON Schema)' };
  switch (e.keyword) {
    case 'required':
      return {
        ...base,
        path: at,
        message: `missing required property "${params.missingProperty}"`,
        hint: `add ${params.missingProperty}: under ${at || 'the top level'}`,
      };
    case 'additionalProperties':
      return {
        ...base,
        path: `${at}/${params.additionalProperty}`,
        message: `unknown property "${params.additionalProperty}"`,
        hint: `check the spelling against the schema, or rename it x-${params.additionalProperty} to keep it as a team extension`,
      };
    case 'enum':
      return {
        ...base,
        path: at,
        message: `${field} must be one of: ${(params.allowedValues as unknown[]).join(', ')} (found ${show(valueAt(data, at))})`,
      };
    case 'format':
      return params.format === 'date'
        ? {
            ...base,
            path: at,
            message: `${field} must be a real calendar date written YYYY-MM-DD (found ${show(valueAt(data, at))})`,
            hint: 'quote dates in YAML: due: "2027-03-31"',
          }
        : {
            ...base,
            path: at,
            message: `${field} must be a valid ${params.format} (found ${show(valueAt(data, at))})`,
          };
    case 'type':
      return {
        ...base,
        path: at,
        message: `${field} must be ${String(params.type).replace(',', ' or ')} (found ${typeName(valueAt(data, at))})`,
      };
    case 'pattern':
      return {
        ...base,
        path: at,
        message: `${field} ${show(valueAt(data, at))} does not have the expected form (${params.pattern})`,
      };
    case 'maxItems':
      return {
        ...base,
        path: at,
        message: `${field} has more than ${params.limit} items`,
        hint: `keep at most ${params.limit}: merge or remove some`,
      };
    case 'minLength':
      return { ...base, path: at, message: `${field} must not be empty` };
    case 'maxLength':
      return { ...base, path: at, message: `${field} is longer than ${params.limit} characters` };
    case 'minimum':
    case 'maximum':
      return { ...base, path: at, message: `${field} ${e.message} (found ${show(valueAt(data, at))})` };
    case 'const':
      return {
        ...base,
        path: at,
        message: `${field} must be ${show(params.allowedValue)} (found ${show(valueAt(data, at))})`,
      };
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
  if (value === null) return 'null';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}

function typeName(value: unknown): string {
  if (value === undefined) return 'nothing (the document is empty)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${show(value)}`;
}
