/** The error the CRM layer throws when an export or a mapping cannot be read at all. */

/** Options of a CrmReadError: where it happened, the next action, and the error it wraps. */
export interface CrmReadErrorOptions {
  file: string;
  /** 1-based line, when known. */
  line?: number;
  hint: string;
  cause?: unknown;
}

/**
 * A missing file, unreadable JSON or CSV, a file without the columns its mapping needs, or an
 * invalid mapping. Row-level problems are never thrown: they are CrmProblems. The CLI maps this
 * to its own error hierarchy.
 */
export class CrmReadError extends Error {
  readonly file: string;
  readonly line?: number;
  readonly hint: string;

  constructor(message: string, options: CrmReadErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CrmReadError';
    this.file = options.file;
    this.line = options.line;
    this.hint = options.hint;
  }
}
