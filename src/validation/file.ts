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

/**
 * Parses and checks a document; `file` is how it is named in issues. With `gapPositions: false`
 * gaps (info) get no line and column, so that a file whose only issues are gaps never loads the
 * `yaml` package to place them (the pre-commit hook, which does not print gaps).
 */
export async function validateText(
  file: string,
  text: string,
  kind: DocKind,
  options: CheckOptions & { limits?: YamlLimits; gapPositions?: boolean } = {},
): Promise<FileCheck> {
  const parsed = parseYamlFast(text, options.limits ?? DEFAULT_LIMITS);
  if (parsed.issues.length > 0)
    return { data: undefined, issues: await describeParseIssues(file, text, parsed.issues) };
  if (parsed.data === undefined || parsed.data === null) {
    // Nothing but blank lines and comments is an empty file; `~` or `null` is a null document.
    const empty = text.split('\n').every((line) => /^\s*(#.*)?$/.test(line.replace(/^\uFEFF/, '')));
    const what =
      kind === 'csp'
        ? 'a plan starts with schema_version: 1 and meta: (csp init writes one)'
        : 'it needs schema_version: 1 and its list';
    return {
      data: undefined,
      issues: [
        {
          code: 'empty-document',
          severity: 'error',
          file,
          path: '',
          line: 1,
          col: 1,
          message: empty ? 'the file is empty' : 'the document is null, not a mapping',
          hint: what,
        },
      ],
    };
  }
  const raw = await checkData(kind, parsed.data, options);
  return { data: parsed.data, issues: await placeIssues(file, text, raw, { gaps: options.gapPositions !== false }) };
}

/**
 * The issues of a text that did not parse (parseYamlFast), as every command reports them: named
 * by `file`, placed, and a syntax error told in the `yaml` package's words (explainSyntax).
 */
export async function describeParseIssues(file: string, text: string, issues: ParseIssue[]): Promise<Issue[]> {
  return placeIssues(file, text, await explainSyntax(text, issues));
}

/**
 * Replaces a YAML syntax error from the fast parser by the `yaml` package's account of it, which
 * says more ("Flow sequence ... must end with a ]"); loaded only when a file does not parse.
 */
async function explainSyntax(text: string, issues: ParseIssue[]): Promise<ParseIssue[]> {
  if (!issues.some((i) => i.code === 'yaml-syntax')) return issues;
  const { LineCounter, parseDocument } = await import('yaml');
  const lineCounter = new LineCounter();
  const first = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: false, uniqueKeys: true })
    .errors[0];
  if (!first) return issues;
  const { line, col } = lineCounter.linePos(first.pos[0]);
  return issues.map((i) =>
    i.code === 'yaml-syntax' ? { ...i, line, col, message: `YAML syntax error: ${first.message.split('\n')[0]}` } : i,
  );
}

/** Gives each issue its file and its line and column in text (issues that have them keep them; gaps only unless `gaps` is false). */
export async function placeIssues(
  file: string,
  text: string,
  raw: ReadonlyArray<RawIssue | ParseIssue>,
  options: { gaps?: boolean } = {},
): Promise<Issue[]> {
  if (raw.length === 0) return [];
  const placed = (issue: RawIssue | ParseIssue) =>
    ('line' in issue && issue.line !== undefined) || (options.gaps === false && issue.severity === 'info');
  // NOTE: the line scanner (yaml/locate.ts) answers for the YAML csp and people write, ~50x faster
  // than a `yaml` Document; for anything else positions.ts (and the `yaml` package) is loaded.
  const locate = raw.every(placed)
    ? undefined
    : (createFastLocator(text) ?? (await import('../yaml/positions.js')).createLocator(text));
  return sortIssues(
    raw.map((issue) => {
      if ('line' in issue && issue.line !== undefined) return { ...issue, file, line: issue.line, col: issue.col ?? 1 };
      if (!locate || placed(issue)) return { ...issue, file };
      return { ...issue, file, ...locate(issue.path, { key: issue.code === 'schema-additionalProperties' }) };
    }),
  );
}
