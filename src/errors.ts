/**
 * The error hierarchy and exit codes (SPEC "Commands": 0 success; 1 a check failed; 2 a usage
 * error; 3 a precondition failed; 4 git or the AI service failed; 130 cancelled at a prompt).
 * Only cli/main.ts turns these into output and process.exitCode.
 */
import type { Issue } from './domain/issue.js';

/** Process exit codes, as scripts and hooks rely on them (SPEC "Commands"). */
export const ExitCode = {
  Ok: 0,
  CheckFailed: 1,
  Usage: 2,
  Precondition: 3,
  External: 4,
  Internal: 70,
  Cancelled: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Every code a CspError carries (`csp --json` prints it as `code`; scripts and csp itself branch on
 * it). Declared once here so that a misspelt code, thrown or compared, is a compile error. A
 * file-system refusal is `fs-<errno>` (fs-eacces, fs-enospc...). Add a code here before throwing it.
 */
export const ERROR_CODES = [
  'account-locked',
  'ai-auth',
  'ai-failed',
  'ai-invalid-reply',
  'ai-rate-limited',
  'ai-request-rejected',
  'ai-server-error',
  'ai-timeout',
  'ai-unreachable',
  'am-in-progress',
  'bad-accept',
  'bad-account',
  'bad-field',
  'bad-fiscal-year',
  'bad-flag',
  'bad-flags',
  'bad-format',
  'bad-kind',
  'bad-labels',
  'bad-notes',
  'bad-package',
  'bad-section',
  'bad-value',
  'bad-version',
  'cancelled',
  'change-refused',
  'changed-meanwhile',
  'check-failed',
  'cherry-pick-in-progress',
  'chromium-failed',
  'config-invalid',
  'confirm-needed',
  'conflicting-flags',
  'create-refused',
  'crm-ambiguous-id',
  'crm-no-account',
  'crm-unreadable',
  'csv-unreadable',
  'export-failed',
  'export-invalid',
  'external',
  'file-exists',
  'file-missing',
  'file-too-large',
  'file-unreadable',
  'gate-failed',
  'git-commit-failed',
  'git-commit-foreign',
  'git-failed',
  'git-hook-refused',
  'git-identity',
  'git-index-locked',
  'git-index-update-failed',
  'git-merge-file',
  'git-missing',
  'git-nothing-to-commit',
  'git-sign-failed',
  'health-model-invalid',
  'hook-exists',
  'internal',
  'journal-conflict',
  'journal-pending',
  'journal-unusable',
  'link-loop',
  'link-to-account',
  'lock-failed',
  'lock-lost',
  'merge-conflict',
  'merge-in-progress',
  'missing-argument',
  'missing-flag',
  'no-account',
  'no-account-plan',
  'no-api-key',
  'no-chromium',
  'no-file',
  'no-infohub',
  'no-merge-base',
  'no-plan',
  'no-playbook',
  'no-signals',
  'no-such-file',
  'no-such-item',
  'not-a-file',
  'not-a-repo',
  'not-checked-out',
  'not-editable',
  'not-utf8',
  'notes-too-many',
  'nothing-to-import',
  'output-is-link',
  'outside-infohub',
  'plan-invalid',
  'playbook-invalid',
  'precondition',
  'read-only-file',
  'rebase-in-progress',
  'referenced',
  'revert-in-progress',
  'secret-in-text',
  'signal-mapping-invalid',
  'signals-invalid',
  'site-output',
  'stdout-closed',
  'sync-conflict',
  'sync-failed',
  'sync-needed',
  'unknown-document',
  'unknown-ref',
  'unreadable',
  'usage',
  'validation-failed',
  'write-interrupted',
  'wrong-account',
  'wrong-state',
] as const;

/** A code of ERROR_CODES, or fs-<errno> for a refused file-system call (storage/files.ts). */
export type ErrorCode = (typeof ERROR_CODES)[number] | `fs-${string}`;

declare module './domain/issue-codes.js' {
  /** A CspError met while reading one file is reported as that file's issue, with its code (the scan, csp export). */
  interface CarriedIssueCodes {
    error: ErrorCode;
  }
}

/** True when text is an error code csp declares (ERROR_CODES or fs-<errno>). */
export function isErrorCode(text: string): text is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(text) || /^fs-[a-z0-9]+$/.test(text);
}

/** Options every csp error takes: a hint that names the next action, and the error it wraps. */
export interface CspErrorOptions {
  hint?: string;
  cause?: unknown;
  /** Where the problem is, when it is in a file: "path:line:col" is printed before the message (unless the message starts with the file). */
  file?: string;
  line?: number;
  col?: number;
  /**
   * The command already wrote its machine-readable result (with ok: false) on stdout: with
   * --json, no second JSON document follows it (scripts parse stdout as one document).
   */
  reported?: boolean;
}

/** Base of every error csp reports on purpose: it carries an exit code, a stable code and a hint. */
export class CspError extends Error {
  readonly exitCode: ExitCode;
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
  readonly reported: boolean;

  constructor(message: string, exitCode: ExitCode, code: ErrorCode, options: CspErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.code = code;
    this.hint = options.hint;
    this.file = options.file;
    this.line = options.line;
    this.col = options.col;
    this.reported = options.reported ?? false;
  }
}

/** A bad flag, argument or account name (exit 2). */
export class UsageError extends CspError {
  constructor(message: string, options: CspErrorOptions & { code?: ErrorCode } = {}) {
    super(message, ExitCode.Usage, options.code ?? 'usage', options);
  }
}

/** The plan or file failed validation (exit 1); carries every issue found. */
export class PlanInvalidError extends CspError {
  readonly issues: Issue[];
  constructor(message: string, issues: Issue[], options: CspErrorOptions & { code?: ErrorCode } = {}) {
    super(message, ExitCode.CheckFailed, options.code ?? 'plan-invalid', options);
    this.issues = issues;
  }
}

/** A check the user asked for failed without a plan issue list (exit 1), e.g. a phase gate. */
export class CheckFailedError extends CspError {
  readonly issues: Issue[];
  constructor(message: string, options: CspErrorOptions & { code?: ErrorCode; issues?: Issue[] } = {}) {
    super(message, ExitCode.CheckFailed, options.code ?? 'check-failed', options);
    this.issues = options.issues ?? [];
  }
}

/** Something that must hold before the command can run does not: no InfoHub, no git repository, a file already exists (exit 3). */
export class PreconditionError extends CspError {
  constructor(message: string, options: CspErrorOptions & { code?: ErrorCode } = {}) {
    super(message, ExitCode.Precondition, options.code ?? 'precondition', options);
  }
}

/** git, the network or the AI service failed (exit 4). */
export class ExternalError extends CspError {
  constructor(message: string, options: CspErrorOptions & { code?: ErrorCode } = {}) {
    super(message, ExitCode.External, options.code ?? 'external', options);
  }
}

/** The user cancelled at a prompt (exit 130). */
export class CancelledError extends CspError {
  constructor() {
    super('Cancelled.', ExitCode.Cancelled, 'cancelled');
  }
}

/** A bug in csp (exit 70): printed with a stack trace and a request to report it. */
export class InternalError extends CspError {
  constructor(message: string, options: CspErrorOptions = {}) {
    super(message, ExitCode.Internal, 'internal', options);
  }
}
