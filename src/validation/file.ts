/**
 * Validates one document's text: parse (read path, with caps), check (check.ts), then place each
 * issue at its line and column with the fast line scanner (yaml/locate.ts), or positions.ts (the
 * `yaml` package, loaded only then) for YAML the scanner does not handle.
 */
import type { Issue, RawIssue } from '../domain/issue.js';
import { sortIssues } from '../domain/issue.js';
import { parseYamlFast, type ParseIssue, type YamlLimits, DEFAULT_LIMITS } from '../yaml/read.js';
import { checkData, type CheckOptions } from './check.js';
import { createFastLocator } from '../yaml/locate.js';
import type { DocKind } from '../schema/documents.js';

/** The result of validating a text: its data when it parsed, and every issue, positioned. */
export interface FileCheck {
  data: unknown;
  issues: Issue[];
}

/** Parses and checks a document; `file` is how it is named in issues. */
export async function validateText(file: string, text: string, kind: DocKind, options: CheckOptions & { limits?: YamlLimits } = {}): Promise<FileCheck> {
  const parsed = parseYamlFast(text, options.limits ?? DEFAULT_LIMITS);
  if (parsed.issues.length > 0) return { data: undefined, issues: parsed.issues.map((i) => ({ ...i, file })) };
  const raw = await checkData(kind, parsed.data, options);
  return { data: parsed.data, issues: await placeIssues(file, text, raw) };
}

/** Gives each issue its file and its line and column in text (issues that have them keep them). */
export async function placeIssues(file: string, text: string, raw: ReadonlyArray<RawIssue | ParseIssue>): Promise<Issue[]> {
  if (raw.length === 0) return [];
  // NOTE: the line scanner (yaml/locate.ts) answers for the YAML csp and people write, ~50x faster
  // than a `yaml` Document; for anything else positions.ts (and the `yaml` package) is loaded.
  const locate = createFastLocator(text) ?? (await import('../yaml/positions.js')).createLocator(text);
  return sortIssues(
    raw.map((issue) => {
      const at = 'line' in issue && issue.line !== undefined ? { line: issue.line, col: issue.col ?? 1 } : locate(issue.path, { key: issue.code === 'schema-additionalProperties' });
      return { ...issue, file, line: at.line, col: at.col };
    }),
  );
}
