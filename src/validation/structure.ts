/**
 * The shape a document must have before csp edits it. Validation reports every problem, and
 * commands exist to fix most of them (a bad date, a missing field); but a document whose
 * structure is wrong (not a mapping, a list where a section is expected, no `meta`) cannot be
 * edited by path at all, and code reading it would trip over it. Such documents are refused
 * for editing with these issues (storage/documents.ts readDocument); `csp validate` still reports
 * them like any other issue.
 */
import type { RawIssue } from '../domain/issue.js';
import { fromPointer } from '../domain/issue.js';
import { getAt } from '../domain/edit.js';
import type { DocKind } from '../schema/documents.js';
import { loadSchema } from '../schema/schemas.js';
import { validateSchema } from '../schema/validate.js';
import { schemaAt } from '../schema/walk.js';

/**
 * The structural problems of a document's data: it is not a mapping; a collection stands where
 * the schema has a scalar, or the other way round; a required top-level section is missing, or,
 * for a CSP, a meta field commands read (account, plan_type, phase, status, owner name and
 * role). [] when csp can edit it.
 */
export async function structuralIssues(kind: DocKind, data: unknown): Promise<RawIssue[]> {
  if (!isMapping(data)) {
    return [
      {
        code: 'not-a-mapping',
        severity: 'error',
        path: '',
        message: `the document must be a YAML mapping of sections (found ${describe(data)})`,
        hint: 'the file should start with keys like schema_version: and meta:; restore it from git (git log -p <file>)',
      },
    ];
  }
  const schema = loadSchema(kind);
  return (await validateSchema(kind, data)).filter((issue) => {
    if (issue.code === 'schema-required') {
      const missing = /"([^"]+)"/.exec(issue.message)?.[1] ?? '';
      return (
        issue.path === '' ||
        (kind === 'csp' && (issue.path === '/meta' || issue.path === '/meta/owner') && DEREFERENCED_META.has(missing))
      );
    }
    if (issue.code !== 'schema-type') return false;
    const path = fromPointer(issue.path);
    const found = getAt(data, path);
    const expected = schemaAt(schema, path)?.type;
    const wantsCollection = [expected].flat().some((t) => t === 'object' || t === 'array');
    return wantsCollection || (found !== null && typeof found === 'object');
  });
}

/** The meta fields commands read without checking (meta.owner.name in messages, meta.plan_type for the playbook, ...). */
const DEREFERENCED_META = new Set(['account', 'plan_type', 'phase', 'status', 'owner', 'name', 'role']);

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined || value === null) return 'an empty document';
  if (Array.isArray(value)) return 'a list';
  return `the ${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
}
