/**
 * Running the git CLI directly (node:child_process), for the read-only questions csp asks: what
 * is staged, what the index holds, which commit added a snapshot, whether a merge is under way.
 * The environment is passed through whole and on purpose: in a pre-commit hook `git commit -a`
 * and `git commit <path>` name a temporary index in GIT_INDEX_FILE (and may set GIT_DIR,
 * GIT_WORK_TREE), and the hook must read that index, not the default one (ECOSYSTEM.md on
 * simple-git 4, which strips these). It is also the lean path a hook wants: no library to load,
 * one process per question.
 */
import { spawn } from 'node:child_process';
import { ExternalError } from '../errors.js';

/** What a git run gave. stdout is raw bytes (file contents may be any encoding). */
export interface GitRun {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** How to run git: the folder, the environment (passed as is) and bytes for stdin. */
export interface GitRunOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  input?: string;
}

/**
 * Runs `git <args>` and resolves with its exit code and output, whatever the exit code. Throws
 * ExternalError (exit 4) only when git cannot be started at all (not installed).
 */
export function runGit(args: readonly string[], options: GitRunOptions): Promise<GitRun> {
  return new Promise((resolve, reject) => {
    // NOTE: LC_ALL=C keeps the git messages csp quotes in errors
    // in English; every other variable (GIT_INDEX_FILE above all) passes through unchanged.
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: { ...options.env, LC_ALL: 'C' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (error) =>
      reject(
        new ExternalError(`could not run git: ${error.message}`, {
          cause: error,
          code: 'git-missing',
          hint: 'install git and make sure it is on your PATH',
        }),
      ),
    );
    child.on('close', (code) =>
      resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }),
    );
    child.stdin.on('error', () => {
      // NOTE: git may exit before reading all of stdin (e.g. a bad object name); its exit code says why.
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Runs git and returns stdout as text; throws ExternalError (exit 4) naming the command when git fails. */
export async function gitText(args: readonly string[], options: GitRunOptions): Promise<string> {
  const run = await runGit(args, options);
  if (run.code !== 0) throw gitFailed(args, run);
  return run.stdout.toString('utf8');
}

/** The ExternalError for a failed git command: its first line of stderr and the command. */
export function gitFailed(args: readonly string[], run: Pick<GitRun, 'code' | 'stderr'>): ExternalError {
  const first = run.stderr.split('\n').find((l) => l.trim()) ?? `exit code ${run.code}`;
  return new ExternalError(`git ${args[0]} failed: ${first.replace(/^(fatal|error): /, '')}`, {
    code: 'git-failed',
    hint: `run git ${args.join(' ')} yourself to see the whole message`,
  });
}

/** Splits NUL-separated output (git's -z) into its entries. */
export function splitNul(text: string): string[] {
  return text.split('\0').filter((s) => s.length > 0);
}
