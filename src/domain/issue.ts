/**
 * A problem found in a document: what validation, the SPEC's rules and the phase gates return.
 * Validation never throws per problem; it returns Issue[] and the command decides the exit code.
 */
import { compareText } from './compare.js';
import type { IssueCode } from './issue-codes.js';

export type { IssueCode } from './issue-codes.js';

/** error fails validation (exit 1); warning is shown and fails only with --strict; info is a gap to fill. */
export type Severity = 'error' | 'warning' | 'info';

/** One problem, located in its file. `path` is a JSON pointer (/risks/0/mitigation). */
export interface Issue {
  /** A stable code (IssueCode): schema-<keyword>, gate-<requirement>, or the rule's name (risk-red-unmitigated...). */
  code: IssueCode;
  severity: Severity;
  /** The file, as given or relative to the repository. */
  file: string;
  /** JSON pointer to the offending value ('' for the document). */
  path: string;
  /** 1-based line and column of the offending YAML node, when known. */
  line?: number;
  col?: number;
  message: string;
  /** The fix: what to change, or which csp command does it. */
  hint?: string;
  /** Where the rule comes from (SPEC section or reference file). */
  source?: string;
}

/** An issue before it is placed in a file: what the pure rules produce. */
export type RawIssue = Omit<Issue, 'file' | 'line' | 'col'>;

/**
 * The errors in `after` that `before` did not have: what an edit introduced. An error is matched
 * by its code and path (JSON pointer), not its message: a message quotes values, so an error that
 * was already there reads differently once a value near it changes, and is still not new. Where
 * one code is found more than once at one path (schema-required for two missing properties), the
 * count tells: only those beyond the count `before` had are new, and those whose message `before`
 * had are matched first. An edit is refused only for new errors, so a document that was already
 * broken can still be changed elsewhere.
 */
export function newErrors<T extends Pick<Issue, 'code' | 'path' | 'message' | 'severity'>>(
  before: readonly T[],
  after: readonly T[],
): T[] {
  const known = new Map<string, number>();
  const exact = new Map<string, number>();
  for (const i of before.filter((i) => i.severity === 'error')) {
    known.set(slotKey(i), (known.get(slotKey(i)) ?? 0) + 1);
    exact.set(issueKey(i), (exact.get(issueKey(i)) ?? 0) + 1);
  }
  const errors = after.filter((i) => i.severity === 'error');
  const matched = new Set<T>();
  // NOTE: first the errors with the same message, so a reworded one cannot take their place.
  for (const i of errors) {
    if ((exact.get(issueKey(i)) ?? 0) > 0 && (known.get(slotKey(i)) ?? 0) > 0) {
      exact.set(issueKey(i), exact.get(issueKey(i))! - 1);
      known.set(slotKey(i), known.get(slotKey(i))! - 1);
      matched.add(i);
    }
  }
  for (const i of errors) {
    if (matched.has(i) || (known.get(slotKey(i)) ?? 0) === 0) continue;
    known.set(slotKey(i), known.get(slotKey(i))! - 1);
    matched.add(i);
  }
  return errors.filter((i) => !matched.has(i));
}

/** Where an error is and what rule it breaks, whatever its message says: code and path (see newErrors). */
function slotKey(i: Pick<Issue, 'code' | 'path'>): string {
  return `${i.code}|${i.path}`;
}

/** What identifies one issue across two checks of a document, placed or not: code, path and message. */
export function issueKey(i: Pick<Issue, 'code' | 'path' | 'message'>): string {
  return `${i.code}|${i.path}|${i.message}`;
}

/** Builds a JSON pointer from path segments (RFC 6901 escaping). */
export function toPointer(segments: ReadonlyArray<string | number>): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** Splits a JSON pointer into path segments; numeric segments become numbers. */
export function fromPointer(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

/** True when any issue is an error (or, with strict, a warning). */
export function hasFailures(issues: readonly Issue[], strict = false): boolean {
  return issues.some((i) => i.severity === 'error' || (strict && i.severity === 'warning'));
}

/** Sorts issues by file, then line and column, then pointer, so output is stable. */
export function sortIssues<T extends Issue>(issues: T[]): T[] {
  return issues.sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.col ?? 0) - (b.col ?? 0) ||
      compareText(a.path, b.path) ||
      compareText(a.code, b.code),
  );
}
