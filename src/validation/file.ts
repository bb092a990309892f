/**
 * Validates one document's text: parse (read path, with caps), check (check.ts), then place each
 * issue at its line and column. positions.ts (and the `yaml` package) load only when there is
 * an issue to place, so validating a good file stays fast.
 */
import type { Issue, RawIssue } from '../domain/issue.js';
import { sortIssues } from '../domain/issue.js';
import { parseYamlFast, type ParseIssue, type YamlLimits, DEFAULT_LIMITS } from '../yaml/read.js';
import { checkData, type CheckOptions } from './check.js';
import type { DocKind } from '../schema/documents.js';

/** The result of validating a text: its data when it parsed, and every issue, positioned. */
export interface FileCheck {
  data: unknown;
  issues: Issue[];
}

/**
 * Parses and checks a document; `file` is how it is named in issues. With `gapPositions: false`
 * gaps (info) get no line and column, so that a file whose only issues are gaps never loads the
 * `yaml` package to place them (the pre-commit hook, which does not print gaps).
 */
export async function validateText(file: string, text: string, kind: DocKind, options: CheckOptions & { limits?: YamlLimits; gapPositions?: boolean } = {}): Promise<FileCheck> {
  const parsed = parseYamlFast(text, options.limits ?? DEFAULT_LIMITS);
  if (parsed.issues.length > 0) return { data: undefined, issues: parsed.issues.map((i) => ({ ...i, file })) };
  const raw = await checkData(kind, parsed.data, options);
  return { data: parsed.data, issues: await placeIssues(file, text, raw, { gaps: options.gapPositions !== false }) };
}

/** Gives each issue its file and its line and column in text (issues that have them keep them; gaps only unless `gaps` is false). */
export async function placeIssues(file: string, text: string, raw: ReadonlyArray<RawIssue | ParseIssue>, options: { gaps?: boolean } = {}): Promise<Issue[]> {
  if (raw.length === 0) return [];
  const placed = (issue: RawIssue | ParseIssue) => ('line' in issue && issue.line !== undefined) || (options.gaps === false && issue.severity === 'info');
  const locate = raw.every(placed) ? undefined : (await import('../yaml/positions.js')).createLocator(text);
  return sortIssues(
    raw.map((issue) => {
      if ('line' in issue && issue.line !== undefined) return { ...issue, file, line: issue.line, col: issue.col ?? 1 };
      if (!locate || placed(issue)) return { ...issue, file };
      return { ...issue, file, ...locate(issue.path) };
    }),
  );
}
