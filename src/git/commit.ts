/**
 * Committing the files csp wrote, and nothing else, without racing the user's index (issue 14).
 *
 * `git add` + `git commit --only` went through the user's index: a user's `git commit` in between
 * took csp's files, and a refused commit left them staged. Here the commit is built beside it:
 *
 * 1. a temporary index (GIT_INDEX_FILE in the git directory) read from HEAD, plus csp's files
 *    hashed from the working tree (`hash-object -w`, `update-index --index-info`: no sparse
 *    checkout rule applies, so a path outside the sparse cone is committed too);
 * 2. the hooks a commit runs, in git's order and with git's arguments (pre-commit,
 *    prepare-commit-msg, commit-msg; post-commit after), with GIT_INDEX_FILE naming the temporary
 *    index; any of the first three refuses the commit with a non-zero exit;
 * 3. `write-tree`, a check that the tree changes csp's paths and only those, and `commit-tree`
 *    (signed with -S when commit.gpgsign is set: commit-tree does not read that setting);
 * 4. under the user's index lock (`<index>.lock`, taken as git takes it): the user's index with
 *    csp's paths set to the new commit's entries is prepared, HEAD is moved by compare-and-swap
 *    (`update-ref HEAD <new> <old>`), and the prepared index replaces the old one. Every other
 *    staged change of the user stays as it was.
 *
 * The first attempt takes the index lock only for step 4, so the user's own commits go on
 * meanwhile; when one moved HEAD first (the swap fails), the next attempt holds the lock from
 * step 1, as `git commit --only` does, so it cannot be overtaken again.
 */
import {
  closeSync,
  existsSync,
  lstatSync,
  openSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  copyFileSync,
  writeFileSync,
} from 'node:fs';
import { spawn } from 'node:child_process';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { hostname } from 'node:os';
import { ExternalError, PreconditionError } from '../errors.js';
import { gitFailed, runGit } from './exec.js';
import type { GitOperation } from './port.js';
import { shellWord as shellQuote } from '../domain/shell.js';

/** How long a commit keeps trying while other gits hold the index lock or move HEAD first. */
const COMMIT_RETRY_MS = 15_000;

/**
 * How long the index lock may stay exactly as it is (same file, same size and time) before csp
 * calls it left behind: git holds it for milliseconds, or for the length of a commit's hooks.
 */
export const STALE_LOCK_MS = 1_500;

const ZERO = '0'.repeat(40);

/** The places in the git directory a commit needs, from one `git rev-parse --git-path` call. */
export interface GitPaths {
  /** The user's index (GIT_INDEX_FILE when set), absolute. */
  index: string;
  /** The hooks folder (core.hooksPath when set), absolute. */
  hooks: string;
  /** The operation in progress, if any. */
  operation?: GitOperation;
  /** HEAD's full hash (null before the first commit), when asked for. */
  head?: string | null;
}

/**
 * Where the index and hooks are and which operation is in progress: a stopped rebase
 * (rebase-merge/, rebase-apply/), `git am` (rebase-apply/applying), a cherry-pick or revert
 * (CHERRY_PICK_HEAD, REVERT_HEAD, or a sequencer/ left with more to do), a merge (MERGE_HEAD).
 * With `withHead`, HEAD too (same process). Throws ExternalError (exit 4) when git fails.
 */
export async function gitPaths(
  repo: string,
  env: Record<string, string | undefined>,
  withHead = false,
): Promise<GitPaths> {
  const names = [
    'index',
    'hooks',
    'rebase-merge',
    'rebase-apply',
    'rebase-apply/applying',
    'CHERRY_PICK_HEAD',
    'REVERT_HEAD',
    'sequencer/todo',
    'MERGE_HEAD',
  ];
  const args = [
    'rev-parse',
    ...names.flatMap((n) => ['--git-path', n]),
    ...(withHead ? ['-q', '--verify', 'HEAD^{commit}'] : []),
  ];
  const run = await runGit(args, { cwd: repo, env });
  // NOTE: with --verify, exit 1 (and the paths printed) is "no commit yet".
  if (run.code !== 0 && !(withHead && run.code === 1)) throw gitFailed(args, run);
  const lines = run.stdout.toString('utf8').split('\n');
  const at = (name: string) => resolve(repo, lines[names.indexOf(name)] ?? '');
  const has = (name: string) => existsSync(at(name));
  const sequencer = has('sequencer/todo') ? readFileSync(at('sequencer/todo'), 'utf8') : '';
  const operation: GitOperation | undefined = has('rebase-merge')
    ? 'rebase'
    : has('rebase-apply/applying')
      ? 'am'
      : has('rebase-apply')
        ? 'rebase'
        : has('MERGE_HEAD')
          ? 'merge'
          : has('CHERRY_PICK_HEAD')
            ? 'cherry-pick'
            : has('REVERT_HEAD')
              ? 'revert'
              : sequencer.trim()
                ? /^\s*(revert|r)\s/m.test(sequencer) && !/^\s*(pick|p)\s/m.test(sequencer)
                  ? 'revert'
                  : 'cherry-pick'
                : undefined;
  const head = withHead ? (run.code === 0 ? lines[names.length]?.trim() || null : null) : undefined;
  return {
    index: at('index'),
    hooks: at('hooks'),
    ...(operation ? { operation } : {}),
    ...(head !== undefined ? { head } : {}),
  };
}

/** The command that finishes or abandons an operation, for messages: "git rebase --continue" and "git rebase --abort". */
function operationCommands(op: GitOperation): { finish: string; abort: string } {
  const verb = op === 'merge' ? 'merge' : op;
  return { finish: op === 'merge' ? 'git commit' : `git ${verb} --continue`, abort: `git ${verb} --abort` };
}

/** The PreconditionError (exit 3) for a commit attempted while git is in the middle of an operation. */
export function operationInProgressError(
  op: GitOperation,
  where: string,
  what: string,
  extraHint = '',
): PreconditionError {
  const { finish, abort } = operationCommands(op);
  const name = op === 'am' ? 'a git am' : op === 'merge' ? 'a merge' : `a ${op}`;
  return new PreconditionError(`${name} is in progress in ${where}, and ${what} cannot commit in the middle of it`, {
    code: `${op}-in-progress`,
    hint: `finish it first (resolve any conflicts, git add, ${finish}) or abandon it with ${abort}${extraHint}`,
  });
}

/**
 * True when `update-ref HEAD <new> <old>` failed because another git got there first: HEAD (or
 * its branch) moved, was created meanwhile, or its lock is held for a moment. Trying again cures it.
 */
export function isRefRace(stderr: string): boolean {
  return /cannot lock ref|but expected|reference already exists|Unable to create '.*\.lock'/i.test(stderr);
}

/** Thrown inside an attempt when HEAD moved before the swap: the caller tries again. */
class HeadMoved extends Error {}

/**
 * Commits exactly `files` (absolute paths, as they are in the working tree; a missing file is
 * committed as removed) with `message`, running the repository's commit hooks, and returns the
 * new commit's full hash. The user's index keeps every other staged change; csp's paths in it
 * match the new commit. Throws PreconditionError (exit 3) when git is in the middle of an
 * operation or a left-behind index lock blocks the commit, ExternalError (exit 4) when a hook
 * refuses, signing fails, git fails, or there is nothing to commit. Nothing is committed or
 * staged when it throws.
 */
export async function commitOnly(
  repo: string,
  files: readonly string[],
  message: string,
  env: Record<string, string | undefined>,
): Promise<string> {
  const paths = [...new Set(files.map((f) => repoPath(repo, f)))];
  const [where, signing] = await Promise.all([
    gitPaths(repo, env, true),
    runGit(['config', '--type=bool', '--get', 'commit.gpgsign'], { cwd: repo, env }),
  ]);
  if (where.operation) throw operationInProgressError(where.operation, repo, 'csp');
  if (signing.code !== 0 && signing.code !== 1) throw gitFailed(['config', '--get', 'commit.gpgsign'], signing);
  const sign = signing.stdout.toString('utf8').trim() === 'true';
  const deadline = Date.now() + COMMIT_RETRY_MS;
  const lock = `${where.index}.lock`;
  await waitForLock(lock, deadline, false);
  for (let attempt = 0, delay = 20; ; attempt++, delay = Math.min(delay * 2, 300)) {
    try {
      return await commitAttempt({
        repo,
        env,
        paths,
        message,
        where,
        lock,
        deadline,
        sign,
        lockFirst: attempt > 0,
        head: attempt === 0 ? where.head : undefined,
      });
    } catch (error) {
      if (!(error instanceof HeadMoved)) throw error;
      if (Date.now() > deadline) {
        throw new ExternalError(
          'git commit failed: HEAD kept moving while csp committed (another process commits in a loop)',
          { code: 'git-commit-failed', hint: 'run the command again when the other commits are done' },
        );
      }
      await sleep(delay * (1 + Math.random()));
    }
  }
}

interface Attempt {
  repo: string;
  env: Record<string, string | undefined>;
  paths: string[];
  message: string;
  where: GitPaths;
  lock: string;
  deadline: number;
  /** commit.gpgsign is on: commit-tree -S. */
  sign: boolean;
  /** Hold the index lock for the whole attempt (after HEAD moved under the previous one). */
  lockFirst: boolean;
  /** HEAD as just read (null: no commit yet); undefined: read it. */
  head?: string | null;
}

/** The attempt's own files beside the user's index: the temporary index, the next index and the message file. */
interface AttemptFiles {
  temp: string;
  next: string;
  messageFile: string;
  /** The environment with GIT_INDEX_FILE naming the temporary index. */
  inTemp: Record<string, string | undefined>;
}

/** Names the attempt's own files with a tag of this process and a random suffix. */
function attemptFiles(a: Attempt): AttemptFiles {
  const tag = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const temp = join(dirname(a.where.index), `csp-index-${tag}`);
  return {
    temp,
    next: join(dirname(a.where.index), `csp-index-next-${tag}`),
    messageFile: join(dirname(a.where.index), `CSP_COMMIT_EDITMSG-${tag}`),
    inTemp: { ...a.env, GIT_INDEX_FILE: temp },
  };
}

/** Git in the attempt's repository: `git` returns the run, `must` its stdout or throws gitFailed. */
function gitRunner(a: Attempt) {
  const git = (args: readonly string[], e = a.env, input?: string) => runGit(args, { cwd: a.repo, env: e, input });
  const must = async (args: readonly string[], e = a.env, input?: string) => {
    const run = await git(args, e, input);
    if (run.code !== 0) throw gitFailed(args, run);
    return run.stdout.toString('utf8');
  };
  return { git, must };
}

type GitRunner = ReturnType<typeof gitRunner>;

/** HEAD's commit, or null when there is none yet. */
async function readHead({ git }: GitRunner): Promise<string | null> {
  const head = await git(['rev-parse', '-q', '--verify', 'HEAD^{commit}']);
  if (head.code !== 0 && head.code !== 1) throw gitFailed(['rev-parse', 'HEAD'], head);
  return head.code === 0 ? head.stdout.toString('utf8').trim() : null;
}

/** The tree to commit and what it changes against HEAD. */
interface Staged {
  /** csp's paths' entries ("<mode> <sha>") as put into the temporary index. */
  entries: Map<string, string>;
  /** A pre-commit hook ran (and so may have changed the index). */
  checked: boolean;
  tree: string;
  /** The entries the tree changes, by path. */
  changed: Map<string, string>;
  /** Nothing changed but the user's index lags HEAD: a killed csp's commit, finished by writing the index. */
  resync: boolean;
}

/**
 * Steps 1-3 up to the commit: HEAD plus csp's files in a temporary index, the pre-commit hook, the
 * tree and its changes. Throws ExternalError when the tree holds files csp did not write, or changes nothing.
 */
async function stageTree(a: Attempt, { must }: GitRunner, files: AttemptFiles, old: string | null): Promise<Staged> {
  const { paths } = a;
  // 1. HEAD plus csp's files, in an index of csp's own.
  const [, entries] = await Promise.all([
    must(old ? ['read-tree', old] : ['read-tree', '--empty'], files.inTemp),
    indexEntries(a.repo, a.env, paths),
  ]);
  await must(
    ['update-index', '-z', '--index-info'],
    files.inTemp,
    paths.map((p) => `${entries.get(p)}\t${p}\0`).join(''),
  );

  // 2-3. The hooks, the tree, and what it changes: csp's paths, and only those.
  const checked = await runHook(a, 'pre-commit', [], files.inTemp);
  const tree = (await must(['write-tree'], files.inTemp)).trim();
  const changed = parseRaw(
    await must(
      old ? ['diff-tree', '-r', '-z', '--no-renames', old, tree] : ['ls-tree', '-r', '-z', '--full-tree', tree],
    ),
    !old,
  );
  const foreign = [...changed.keys()].filter((p) => !paths.includes(p));
  if (foreign.length > 0) {
    throw new ExternalError(
      `the commit would hold files csp did not write (${foreign.join(', ')}): the pre-commit hook staged them; nothing was committed`,
      {
        code: 'git-commit-foreign',
        hint: `make the pre-commit hook (${a.where.hooks}/pre-commit) stage only the files it was given, then run the command again`,
      },
    );
  }
  // NOTE: nothing changed, but the index is not in step with HEAD for csp's paths: a csp killed
  // between moving HEAD and writing the index made this commit; finishing it is writing the index.
  const resync =
    changed.size === 0 &&
    old !== null &&
    (await must(['diff-index', '--cached', '-z', '--name-only', old, '--', ...paths])) !== '';
  if (changed.size === 0 && !resync) {
    throw new ExternalError(
      `nothing to commit: ${paths.join(', ')} ${paths.length === 1 ? 'is' : 'are'} as HEAD holds ${paths.length === 1 ? 'it' : 'them'}`,
      { code: 'git-nothing-to-commit', hint: 'run git status to see the state of the repository' },
    );
  }
  return { entries, checked, tree, changed, resync };
}

/** The commit message after the prepare-commit-msg and commit-msg hooks; throws ExternalError when they empty it. */
async function commitMessage(a: Attempt, files: AttemptFiles, resync: boolean): Promise<string> {
  let finalMessage = cleanMessage(a.message);
  if (!resync && (hookPath(a, 'prepare-commit-msg') || hookPath(a, 'commit-msg'))) {
    writeFileSync(files.messageFile, finalMessage);
    await runHook(a, 'prepare-commit-msg', [files.messageFile, 'message'], files.inTemp);
    await runHook(a, 'commit-msg', [files.messageFile], files.inTemp);
    finalMessage = cleanMessage(readFileSync(files.messageFile, 'utf8'));
    if (!finalMessage)
      throw new ExternalError('the commit-msg hook left the commit message empty; nothing was committed', {
        code: 'git-hook-refused',
        hint: `look at ${a.where.hooks}/commit-msg`,
      });
  }
  return finalMessage;
}

/** The new commit's id (HEAD itself on a resync); throws ExternalError when commit-tree (or signing) fails. */
async function commitTree(
  a: Attempt,
  { git }: GitRunner,
  staged: Staged,
  old: string | null,
  message: string,
): Promise<string> {
  const made = staged.resync
    ? { code: 0, stdout: Buffer.from(old!), stderr: '' }
    : await git(['commit-tree', staged.tree, ...(old ? ['-p', old] : []), ...(a.sign ? ['-S'] : [])], a.env, message);
  if (made.code !== 0) {
    const first =
      made.stderr
        .split('\n')
        .find((l) => l.trim())
        ?.replace(/^(fatal|error): /, '') ?? `exit code ${made.code}`;
    throw new ExternalError(`git commit failed: ${first}; nothing was committed`, {
      code: a.sign ? 'git-sign-failed' : 'git-commit-failed',
      hint: a.sign
        ? 'commit.gpgsign is on and git could not sign: check gpg.program and user.signingkey (git config --get-regexp "^(gpg|user)\\."), or turn signing off for this repository with git config commit.gpgsign false'
        : 'run git status to see the state of the repository',
    });
  }
  return made.stdout.toString('utf8').trim();
}

/**
 * The `--index-info` lines that give csp's paths the new commit's entries in the user's index:
 * what the tree changed, and (unchanged) what csp put in, unless a pre-commit hook may have put
 * something else there.
 */
async function indexLines(a: Attempt, { must }: GitRunner, staged: Staged): Promise<string> {
  const { paths } = a;
  const { changed, checked, entries, tree } = staged;
  const unchanged = paths.filter((p) => !changed.has(p));
  const kept =
    checked && unchanged.length > 0
      ? parseRaw(await must(['ls-tree', '-z', '--full-tree', tree, '--', ...unchanged]), true)
      : new Map<string, string>();
  return paths
    .map((p) => `${changed.get(p) ?? kept.get(p) ?? (checked ? `0 ${ZERO}` : entries.get(p))}\t${p}\0`)
    .join('');
}

/**
 * Under the index lock: prepares the next index and moves HEAD from `old` to `commit` by
 * compare-and-swap (not on a resync). Throws HeadMoved when another commit moved HEAD first.
 */
async function swapHead(
  a: Attempt,
  { git, must }: GitRunner,
  files: AttemptFiles,
  change: { old: string | null; commit: string; message: string; lines: string; resync: boolean },
): Promise<void> {
  const { old, commit } = change;
  if (existsSync(a.where.index)) copyFileSync(a.where.index, files.next);
  await must(['update-index', '-z', '--index-info'], { ...a.env, GIT_INDEX_FILE: files.next }, change.lines);
  const swap = [
    'update-ref',
    '-m',
    `commit${old ? '' : ' (initial)'}: ${change.message.split('\n')[0]}`,
    'HEAD',
    commit,
    old ?? '',
  ];
  const swapped = change.resync ? { code: 0, stdout: Buffer.alloc(0), stderr: '' } : await git(swap);
  if (swapped.code !== 0) {
    if (isRefRace(swapped.stderr)) throw new HeadMoved();
    throw gitFailed(swap, swapped);
  }
}

/** Checks HEAD is still `commit` right after the swap; throws ExternalError naming both when git moved it. */
async function checkHead({ must }: GitRunner, commit: string): Promise<void> {
  const now = (await must(['rev-parse', '--verify', 'HEAD'])).trim();
  if (now !== commit)
    throw new ExternalError(`git moved HEAD to ${now.slice(0, 8)} right after csp committed ${commit.slice(0, 8)}`, {
      code: 'git-commit-failed',
      hint: `run git log --oneline -3 to see both; csp's commit is ${commit}`,
    });
}

/** One try at the commit (steps 1-4); returns the commit's id, throws HeadMoved when HEAD moved under it. */
async function commitAttempt(a: Attempt): Promise<string> {
  const files = attemptFiles(a);
  const run = gitRunner(a);
  let locked = false;
  try {
    if (a.lockFirst) locked = await waitForLock(a.lock, a.deadline, true);
    const old = a.head === undefined ? await readHead(run) : a.head;
    const staged = await stageTree(a, run, files, old);
    const message = await commitMessage(a, files, staged.resync);
    const commit = await commitTree(a, run, staged, old, message);

    // 4. The user's index, prepared; HEAD, swapped; the index, replaced.
    const lines = await indexLines(a, run, staged);
    if (!locked) locked = await waitForLock(a.lock, a.deadline, true);
    await swapHead(a, run, files, { old, commit, message, lines, resync: staged.resync });
    try {
      claimLock(a.lock, files.next);
      renameSync(files.next, a.lock);
      renameSync(a.lock, a.where.index);
      locked = false;
      rmSync(ownerFile(a.lock), { force: true });
    } catch (error) {
      throw new ExternalError(
        `csp committed ${commit.slice(0, 8)} but could not update the index (${(error as Error).message}): git status will show its files as changed`,
        {
          code: 'git-index-update-failed',
          cause: error,
          hint: `run git reset -q HEAD -- ${a.paths.map(shellQuote).join(' ')}`,
        },
      );
    }
    await checkHead(run, commit);
    // NOTE: git ignores what post-commit returns; so does csp (its output is the user's to see in git).
    if (!staged.resync) await runHook(a, 'post-commit', [], a.env).catch(() => undefined);
    return commit;
  } finally {
    if (locked) {
      rmSync(a.lock, { force: true });
      rmSync(ownerFile(a.lock), { force: true });
    }
    const { temp, next, messageFile } = files;
    for (const f of [temp, `${temp}.lock`, next, `${next}.lock`, messageFile]) rmSync(f, { force: true });
  }
}

/**
 * Entries ("<mode> <sha>", by path) from `diff-tree -r -z` raw output (the new side; a deletion
 * gives mode 0), or from `ls-tree -z` output when `listing`.
 */
function parseRaw(out: string, listing: boolean): Map<string, string> {
  const entries = new Map<string, string>();
  const parts = out.split('\0');
  if (listing) {
    for (const line of parts.filter(Boolean)) {
      const tab = line.indexOf('\t');
      const [mode, , sha] = line.slice(0, tab).split(' ');
      entries.set(line.slice(tab + 1), `${mode} ${sha}`);
    }
    return entries;
  }
  for (let i = 0; i + 1 < parts.length; i += 2) {
    if (!parts[i].startsWith(':')) break;
    const [, newMode, , newSha] = parts[i].slice(1).split(' ');
    entries.set(parts[i + 1], newMode === '000000' ? `0 ${ZERO}` : `${newMode} ${newSha}`);
  }
  return entries;
}

/** A commit message as `git commit` cleans one it did not edit: no trailing spaces, no runs of blank lines, no blank lines at either end, one final newline ('' when nothing is left). */
export function cleanMessage(message: string): string {
  const lines = message.split('\n').map((l) => l.replace(/\s+$/, ''));
  const kept = lines.filter((l, i) => l !== '' || (i > 0 && lines[i - 1] !== ''));
  while (kept.length > 0 && kept[0] === '') kept.shift();
  while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
  return kept.length === 0 ? '' : `${kept.join('\n')}\n`;
}

/** The index entry ("<mode> <sha>") of each of csp's paths: its file's blob (written with hash-object -w) and mode, or a removal. */
async function indexEntries(
  repo: string,
  env: Record<string, string | undefined>,
  paths: readonly string[],
): Promise<Map<string, string>> {
  const present: string[] = [];
  const links: string[] = [];
  const lines = new Map<string, string>();
  for (const p of paths) {
    const abs = join(repo, p);
    let st;
    try {
      st = lstatSync(abs);
    } catch {
      lines.set(p, `0 ${ZERO}`);
      continue;
    }
    if (st.isSymbolicLink()) links.push(p);
    else present.push(p);
  }
  if (present.length > 0) {
    // NOTE: --stdin-paths applies the path's filters (.gitattributes, autocrlf) as `git add` does.
    const args = ['hash-object', '-w', '--stdin-paths'];
    const run = await runGit(args, { cwd: repo, env, input: present.map((p) => `${p}\n`).join('') });
    if (run.code !== 0) throw gitFailed(args, run);
    const shas = run.stdout.toString('utf8').trim().split('\n');
    present.forEach((p, i) => lines.set(p, `${statSync(join(repo, p)).mode & 0o111 ? '100755' : '100644'} ${shas[i]}`));
  }
  for (const p of links) {
    const args = ['hash-object', '-w', '--stdin', '--no-filters'];
    const run = await runGit(args, { cwd: repo, env, input: readlinkSync(join(repo, p)) });
    if (run.code !== 0) throw gitFailed(args, run);
    lines.set(p, `120000 ${run.stdout.toString('utf8').trim()}`);
  }
  return lines;
}

/**
 * Runs one hook as `git commit` does: from the top of the working tree, with stdin closed,
 * GIT_EDITOR=: and the environment given (GIT_INDEX_FILE naming the index being committed).
 * A hook that is missing or not executable is skipped (git skips it too): returns whether it
 * ran. Throws ExternalError (exit 4) naming the hook, with what it printed, when it exits non-zero.
 */
async function runHook(
  a: Pick<Attempt, 'repo' | 'where'>,
  name: string,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<boolean> {
  const hook = hookPath(a, name);
  if (!hook) return false;
  const shown = relative(a.repo, hook).startsWith('..') ? hook : relative(a.repo, hook).split(sep).join('/');
  const run = await new Promise<{ code: number; output: string }>((done) => {
    const child = spawn(hook, args, {
      cwd: a.repo,
      env: { GIT_EDITOR: ':', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => output.push(d));
    child.stderr.on('data', (d: Buffer) => output.push(d));
    child.on('error', (error) => done({ code: 126, output: `cannot run it: ${error.message}` }));
    child.on('close', (code, signal) =>
      done({ code: code ?? (signal ? 128 : 1), output: Buffer.concat(output).toString('utf8') }),
    );
  });
  if (run.code === 0) return true;
  const said = run.output.trim();
  throw new ExternalError(
    said
      ? `the ${name} hook (${shown}) refused the commit (exit ${run.code}); nothing was committed. It printed:\n${said}`
      : `the ${name} hook (${shown}) refused the commit: it exited with ${run.code} and printed nothing; nothing was committed`,
    { code: 'git-hook-refused', hint: `fix what the hook checks (see ${shown}), then run the command again` },
  );
}

/** The hook's path when it is there and executable (git skips it otherwise), else undefined. */
function hookPath(a: Pick<Attempt, 'where'>, name: string): string | undefined {
  const hook = join(a.where.hooks, name);
  try {
    const st = statSync(hook);
    return st.isFile() && (st.mode & 0o111) !== 0 ? hook : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Waits for the index lock: until it is gone (take: false) or taken by this process (take: true,
 * returns true). A lock that another git keeps taking and releasing is waited out until the
 * deadline; one that stays as it is for STALE_LOCK_MS is named at once, with the fix. Throws
 * PreconditionError (exit 3).
 */
async function waitForLock(lock: string, deadline: number, take: boolean): Promise<boolean> {
  let seen = '';
  let since = Date.now();
  for (let delay = 5; ; delay = Math.min(delay * 2, 40)) {
    if (take) {
      try {
        closeSync(openSync(lock, 'wx'));
        claimLock(lock);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
          throw new ExternalError(`could not take the git index lock ${lock}: ${(error as Error).message}`, {
            code: 'git-commit-failed',
            cause: error,
          });
      }
    }
    let id: string;
    try {
      const st = statSync(lock);
      id = `${st.ino}:${st.mtimeMs}:${st.size}`;
    } catch {
      if (!take) return false;
      continue;
    }
    if (leftByDeadCsp(lock)) {
      // NOTE: a csp killed while it held the lock (its own, not a git's): nobody else will remove it.
      rmSync(lock, { force: true });
      rmSync(ownerFile(lock), { force: true });
      continue;
    }
    if (id !== seen) {
      seen = id;
      since = Date.now();
    } else if (Date.now() - since >= STALE_LOCK_MS || Date.now() > deadline) {
      throw new PreconditionError(
        `${lock} exists: another git process is working in this repository, or one that stopped left the lock behind; nothing was committed`,
        {
          code: 'git-index-locked',
          hint: `if no git process is running, remove the lock (rm ${shellQuote(lock)}) and run the command again`,
        },
      );
    }
    await sleep(delay);
  }
}

/** Where csp notes that it holds the index lock (git's lock files hold the new index, so the note is beside it). */
function ownerFile(lock: string): string {
  return `${lock.replace(/\.lock$/, '')}.csp-lock-owner`;
}

/** Notes that this process holds the lock: its pid and host, and the lock files' inodes (`also`: the prepared index about to be renamed onto it). */
function claimLock(lock: string, also?: string): void {
  const inodes = [statSync(lock).ino, ...(also ? [statSync(also).ino] : [])];
  writeFileSync(ownerFile(lock), JSON.stringify({ pid: process.pid, host: hostname(), inodes }));
}

/**
 * True when the index lock is one a csp took and never released because it was killed: the
 * note names a process of this machine that is gone, and the lock is the file it noted (its inode,
 * and not newer than the note). A git's lock is never taken for one.
 */
function leftByDeadCsp(lock: string): boolean {
  try {
    const note = statSync(ownerFile(lock));
    const st = statSync(lock);
    const owner = JSON.parse(readFileSync(ownerFile(lock), 'utf8')) as { pid: number; host: string; inodes: number[] };
    if (owner.host !== hostname() || !owner.inodes.includes(st.ino) || st.mtimeMs > note.mtimeMs) return false;
    try {
      process.kill(owner.pid, 0);
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ESRCH';
    }
  } catch {
    return false;
  }
}

/** A file's path relative to the repository, with '/' separators (its folder's real path, as git names it). */
function repoPath(repo: string, file: string): string {
  const dir = dirname(file);
  const real = existsSync(dir) ? join(realpathSync(dir), basename(file)) : file;
  return relative(repo, real).split(sep).join('/');
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
