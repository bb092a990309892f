/**
 * How an error reaches the user: `csp: error: <message>` with where (file:line:col), the issues
 * it carries, and the fix; as a JSON document on stdout with --json. Secrets (the Anthropic key)
 * are masked in everything printed. Returns the exit code.
 */
import { CspError, ExitCode, PlanInvalidError, CheckFailedError } from '../errors.js';
import type { Issue } from '../domain/issue.js';
import { colorEnabled, escapeControls, renderIssues, terminalStyles, type OutStream } from './render.js';
import { redactSecrets } from './secrets.js';
import { fileSystemError } from '../storage/files.js';

/** Prints an error and returns the exit code for it. */
export async function renderError(
  thrown: unknown,
  options: {
    debug: boolean;
    json: boolean;
    env: Record<string, string | undefined>;
    stdout: OutStream;
    stderr: OutStream;
    /** Rewrites the csp commands of the human-readable lines (context.ts infohubHints). */
    hints?: (text: string) => string;
  },
): Promise<number> {
  // NOTE: a file-system refusal that reached here unconverted (a mkdir, a lock folder, a folder
  // listing) is still the disk's or the permissions' fault, not a bug: exit 3 naming the file.
  const errno = thrown as NodeJS.ErrnoException;
  const error =
    !(thrown instanceof CspError) && typeof errno?.code === 'string' && typeof errno.path === 'string'
      ? fileSystemError(
          thrown,
          errno.path,
          /^(read|scandir|stat|lstat|realpath|open$)/.test(errno.syscall ?? '') ? 'open' : 'write',
        )
      : thrown;
  const { style, finish } = terminalStyles(colorEnabled(options.env, undefined, options.stderr));
  const out = { style };
  const mask = (s: string) => redactSecrets(s, options.env);
  const known = error instanceof CspError;
  const exitCode = known ? error.exitCode : ExitCode.Internal;
  const issues: Issue[] = error instanceof PlanInvalidError || error instanceof CheckFailedError ? error.issues : [];
  if (options.json && known && error.reported) {
    // The result document on stdout already says ok: false; stdout must stay one JSON document.
  } else if (options.json) {
    const body = known
      ? {
          ok: false,
          error: {
            code: error.code,
            message: error.message,
            hint: error.hint,
            file: error.file,
            line: error.line,
            col: error.col,
            exitCode,
          },
          issues,
        }
      : { ok: false, error: { code: 'internal', message: String((error as Error)?.message ?? error), exitCode } };
    options.stdout.write(mask(JSON.stringify(body, null, 2)) + '\n');
  } else {
    // NOTE: a message that starts with its file already says where (the CRM readers' "x.csv line 2
    // is not valid CSV"): the location is not put in front of it a second time.
    const where =
      known && error.file && !error.message.startsWith(error.file)
        ? `${error.file}${error.line ? `:${error.line}:${error.col ?? 1}` : ''}: `
        : '';
    const message = known ? error.message : `unexpected error: ${String((error as Error)?.message ?? error)}`;
    const lines = [`${out.style.red('csp: error:')} ${where}${message}`];
    if (issues.length > 0) lines.push(renderIssues(issues, out.style));
    if (known && error.hint) lines.push(`${out.style.dim('hint:')} ${error.hint}`);
    if (!known)
      lines.push(
        'This is a bug in csp. Please report it with the command you ran and the output of csp --version (run again with --debug for details).',
      );
    const text = lines.join('\n');
    options.stderr.write(mask(finish(options.hints ? options.hints(text) : text)) + '\n');
  }
  if (options.debug || !known || exitCode === ExitCode.Internal) {
    const stack = (error as Error)?.stack;
    if (stack) options.stderr.write(mask(escapeControls(stack)) + '\n');
    const cause = (error as Error & { cause?: unknown })?.cause;
    if (options.debug && cause)
      options.stderr.write(mask(escapeControls(`caused by: ${(cause as Error)?.stack ?? String(cause)}`)) + '\n');
  }
  return exitCode;
}
