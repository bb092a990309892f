/**
 * `csp validate` reports for a CI on the git host (issue 14): GitHub workflow-command
 * annotations, JUnit XML, and GitLab's code quality report (Code Climate JSON). Pure: documents
 * and their issues in, text out. Paths are as given (the command passes them relative to the
 * repository root, which is what GitHub and GitLab resolve them against). Gaps (info) are not
 * reported: they are what the next phase needs, not problems; errors and warnings are.
 */
import { createHash } from 'node:crypto';
import { compareText } from '../domain/compare.js';
import type { Issue } from '../domain/issue.js';

/** The report formats csp validate writes besides text and json. */
export type CiFormat = 'github' | 'junit' | 'codeclimate';

/** One checked document and its issues, as the CI formats need them. */
export interface CiDocument {
  /** Path relative to the repository root, '/' separated. */
  file: string;
  /** The account the document belongs to (its folder), if any. */
  account?: string;
  /** The document kind (csp, action_tracker, ...). */
  kind: string;
  issues: readonly Issue[];
}

/** What a report covers: the documents, and issues about no document (interrupted operations). */
export interface CiReport {
  documents: readonly CiDocument[];
  /** Issues that belong to no checked document (e.g. an interrupted csp operation's journal). */
  other: readonly Issue[];
  /** Warnings count as failures (--strict). */
  strict: boolean;
}

const reported = (i: Issue) => i.severity === 'error' || i.severity === 'warning';

/** Escapes a workflow command's message (GitHub toolkit `escapeData`): %, CR, LF. */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value (toolkit `escapeProperty`): %, CR, LF, ':' and ','. */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * GitHub Actions annotations: one `::error file=..,line=..,col=..,title=..::message` (or
 * `::warning`) line per problem, the fix on the message's second line; then a summary line that
 * is plain log output.
 */
export function githubAnnotations(report: CiReport): string {
  const lines: string[] = [];
  for (const issue of allIssues(report)) {
    const props = [`file=${escapeGithubProperty(issue.file)}`];
    if (issue.line) props.push(`line=${issue.line}`, `col=${issue.col ?? 1}`);
    props.push(`title=${escapeGithubProperty(`csp ${issue.code}`)}`);
    const message = issue.hint ? `${issue.message}\nfix: ${issue.hint}` : issue.message;
    lines.push(
      `::${issue.severity === 'error' ? 'error' : 'warning'} ${props.join(',')}::${escapeGithubData(message)}`,
    );
  }
  const { errors, warnings } = countsOf(report);
  lines.push(
    `csp validate: ${report.documents.length} file${report.documents.length === 1 ? '' : 's'} checked, ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`,
  );
  return lines.join('\n') + '\n';
}

/**
 * JUnit XML: a test suite per account (the InfoHub's own files in "infohub"), a test case per
 * document, failing with every error (and, with --strict, warning) at file:line:col.
 */
export function junitXml(report: CiReport): string {
  const suites = new Map<string, CiDocument[]>();
  for (const doc of report.documents) {
    const name = doc.account || 'infohub';
    suites.set(name, [...(suites.get(name) ?? []), doc]);
  }
  if (report.other.length > 0) suites.set('csp', [...(suites.get('csp') ?? []), ...otherDocuments(report.other)]);
  const fails = (i: Issue) => i.severity === 'error' || (report.strict && i.severity === 'warning');
  let total = 0;
  let failed = 0;
  const body: string[] = [];
  for (const [name, docs] of [...suites].sort((a, b) => compareText(a[0], b[0]))) {
    const cases: string[] = [];
    let suiteFailures = 0;
    for (const doc of docs) {
      const failing = doc.issues.filter(fails);
      const shown = doc.issues.filter(reported);
      const attrs = `name="${xmlAttr(doc.file)}" classname="${xmlAttr(`csp.${name}`)}" file="${xmlAttr(doc.file)}" time="0"`;
      if (failing.length === 0 && shown.length === 0) {
        cases.push(`    <testcase ${attrs}/>`);
        continue;
      }
      const parts = [`    <testcase ${attrs}>`];
      if (failing.length > 0) {
        suiteFailures++;
        const first = failing[0]!;
        const message = `${failing.length} ${failing.length === 1 ? 'problem' : 'problems'}; first: ${where(first)}: ${first.message}`;
        parts.push(
          `      <failure message="${xmlAttr(message)}" type="${xmlAttr(first.code)}">${xmlText(failing.map(issueLine).join('\n'))}</failure>`,
        );
      }
      const notes = shown.filter((i) => !fails(i));
      if (notes.length > 0) parts.push(`      <system-out>${xmlText(notes.map(issueLine).join('\n'))}</system-out>`);
      parts.push('    </testcase>');
      cases.push(parts.join('\n'));
    }
    total += docs.length;
    failed += suiteFailures;
    body.push(
      `  <testsuite name="${xmlAttr(name)}" tests="${docs.length}" failures="${suiteFailures}" errors="0" skipped="0" time="0">`,
      ...cases,
      '  </testsuite>',
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="csp validate" tests="${total}" failures="${failed}" errors="0" skipped="0" time="0">`,
    ...body,
    '</testsuites>',
    '',
  ].join('\n');
}

/** One entry of GitLab's code quality report (the Code Climate issue format, the fields GitLab reads). */
export interface CodeQualityIssue {
  type: 'issue';
  description: string;
  check_name: string;
  /** Stable across runs: the file, rule, JSON pointer and message, not the line (a line moved is the same problem). */
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  categories: string[];
  location: { path: string; lines: { begin: number } };
}

/**
 * GitLab's code quality report: a JSON array with one entry per error (severity major) or
 * warning (minor). The fingerprint is a hash of file, rule, pointer and message, numbered when the
 * same problem occurs twice in a file, so the merge request widget tells new problems from old.
 */
export function codeQuality(report: CiReport): CodeQualityIssue[] {
  const seen = new Map<string, number>();
  return allIssues(report).map((issue) => {
    const key = `${issue.file}\0${issue.code}\0${issue.path}\0${issue.message}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return {
      type: 'issue',
      description: issue.hint ? `${issue.message} (fix: ${issue.hint})` : issue.message,
      check_name: issue.code,
      fingerprint: createHash('md5')
        .update(n === 0 ? key : `${key}\0${n}`)
        .digest('hex'),
      severity: issue.severity === 'error' ? 'major' : 'minor',
      categories: ['Bug Risk'],
      location: { path: issue.file, lines: { begin: issue.line ?? 1 } },
    };
  });
}

/** Renders the report in a CI format. */
export function renderCiReport(format: CiFormat, report: CiReport): string {
  if (format === 'github') return githubAnnotations(report);
  if (format === 'junit') return junitXml(report);
  return `${JSON.stringify(codeQuality(report), null, 2)}\n`;
}

function allIssues(report: CiReport): Issue[] {
  return [...report.other.filter(reported), ...report.documents.flatMap((d) => d.issues.filter(reported))];
}

function countsOf(report: CiReport): { errors: number; warnings: number } {
  const all = allIssues(report);
  return {
    errors: all.filter((i) => i.severity === 'error').length,
    warnings: all.filter((i) => i.severity === 'warning').length,
  };
}

function otherDocuments(issues: readonly Issue[]): CiDocument[] {
  const byFile = new Map<string, Issue[]>();
  for (const i of issues) byFile.set(i.file, [...(byFile.get(i.file) ?? []), i]);
  return [...byFile].map(([file, list]) => ({ file, kind: 'journal', issues: list }));
}

function where(issue: Issue): string {
  return `${issue.file}${issue.line ? `:${issue.line}:${issue.col ?? 1}` : ''}`;
}

function issueLine(issue: Issue): string {
  return `${where(issue)}: ${issue.severity} ${issue.message} [${issue.code}]${issue.path ? ` (at ${issue.path})` : ''}${issue.hint ? `\n  fix: ${issue.hint}` : ''}`;
}

// NOTE: XML 1.0 allows no control characters but tab, LF and CR, not even as references; a
// message quoting a file's bytes could hold one, so they are replaced.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function xmlText(text: string): string {
  return text.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function xmlAttr(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
