/**
 * `csp merge-file <base> <ours> <theirs> --path <path>`, the git merge driver (SPEC "A team on one
 * InfoHub"): read the three versions -> merge them as data (src/merge/, pure) -> check the result
 * (it re-parses to the merged data; it adds no validation error that neither side had) -> write
 * it over <ours> atomically -> report renumbered ids and conflicts on stderr. git reads <ours>
 * back; exit 0 means merged, 1 means a person has to look (conflict markers around the fields
 * changed two ways, or a merged document that does not validate).
 *
 * A file it does not know, or cannot merge as data for any reason, is merged line by line by
 * `git merge-file` instead, so a side is never lost.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { nextVersion, parseSnapshotName, snapshotFileName } from '../../history/versions.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { AppContext } from '../../cli/context.js';
import type { MergeFileCli } from './register.js';
import { CheckFailedError, ExternalError, UsageError } from '../../errors.js';
import { runGit } from '../../git/exec.js';
import { processAlive } from '../../git/invocation.js';
import type { IdKeeper, IdRename, KnownRenames } from '../../merge/merge.js';
import {
  accountOf,
  baseCommit,
  chainRenames,
  currentOperation,
  gitDirOf,
  idKeeper,
  planRenames,
  readAnyMergeLog,
  readMergeLog,
  writeMergeLog,
  type MergeLog,
  type Operation,
} from './operation.js';
import { rulesFromSchema } from '../../merge/rules.js';
import { editsBetween, mergeYamlText, type TextConflict } from '../../merge/text.js';
import { rewriteIds } from '../../merge/ids.js';
import { editYamlText } from '../../yaml/edit.js';
import { parseYamlFast } from '../../yaml/read.js';
import { docKindOf, type DocKind } from '../../schema/documents.js';
import { loadSchema } from '../../schema/schemas.js';
import { keyOrderAt } from '../../schema/walk.js';
import { writeFileAtomic } from '../../storage/files.js';
import { validateText } from '../../validation/file.js';

/** Options of csp merge-file: git's %O %A %B %P (%L). */
export interface MergeFileOptions {
  base: string;
  ours: string;
  theirs: string;
  /** The file's path in the repository (names it in messages, tells its kind). */
  path?: string;
  markerSize?: number;
}

/** What the driver did. `fallback` says why the line merge was used instead. */
export interface MergeFileResult {
  path: string;
  kind: DocKind | null;
  mode: 'data' | 'lines';
  clean: boolean;
  renames: IdRename[];
  conflicts: Array<Pick<TextConflict, 'field' | 'startLine' | 'endLine' | 'ours' | 'theirs'>>;
  /** Validation errors the merged document has that neither side had. */
  invalid: string[];
  fallback?: string;
  /** The side that kept the ids both sides added (or the snapshot's name). */
  keeper?: 'ours' | 'theirs';
  /** The git operation the driver ran in (operation.ts; `other` when unknown). */
  operation?: Operation['kind'];
  /** Both sides took a snapshot under this name: the other side's snapshot was written here (relative to the repository's top), for csp merge-file --finish to commit. */
  moved?: string;
}

/** The document kinds the driver merges as data. */
export const MERGEABLE: ReadonlySet<DocKind> = new Set([
  'csp',
  'action_tracker',
  'risk_register',
  'decision_log',
  'health_signals',
  'account_plan',
]);

/** Runs the driver. Throws only when even git's line merge could not run (ExternalError). */
export async function runMergeFile(options: MergeFileOptions, ctx: AppContext): Promise<MergeFileResult> {
  const path = options.path ?? options.ours;
  const kind = docKindOf(path);
  const result: MergeFileResult = { path, kind, mode: 'data', clean: true, renames: [], conflicts: [], invalid: [] };
  try {
    if (SNAPSHOT.test(path)) {
      const kept = await keepBothSnapshots(options, path, ctx);
      if (kept) return { ...result, keeper: kept.keeper, moved: kept.moved, operation: kept.operation };
    }
    if (!kind || !MERGEABLE.has(kind)) throw new Error('csp does not merge this kind of file as data');
    const [base, ours, theirs] = [options.base, options.ours, options.theirs].map((p) => readFileSync(p, 'utf8'));
    const schema = loadSchema(kind);
    const op = await currentOperation(ctx);
    const keeper = idKeeper(op);
    const links = await linkedRenames(ctx, op, path, kind, keeper);
    const merged = mergeYamlText(base, ours, theirs, {
      rules: rulesFromSchema(schema),
      edit: { keyOrder: (p) => keyOrderAt(schema, p) },
      keeper,
      known: links?.known,
    });
    if (links && op.theirs && logRenames(op, links, merged.renames) && op.kind === 'stash') startWaiter(op, ctx);
    result.renames = merged.renames;
    result.keeper = keeper;
    result.operation = op.kind;
    result.conflicts = merged.conflicts.map((c) => ({
      field: c.field,
      startLine: c.startLine,
      endLine: c.endLine,
      ours: c.ours,
      theirs: c.theirs,
    }));
    if (merged.conflicts.length === 0) {
      // NOTE: the merged data must not add an error that neither side had (six success criteria
      // from two sides' five, say): it is still written, as both sides' work, but git is told
      // that a person has to look.
      const errors = async (text: string) =>
        (await validateText(path, text, kind)).issues
          .filter((i) => i.severity === 'error')
          .map((i) => `${i.code}: ${i.message}`);
      const found = await errors(merged.text);
      // NOTE: the two sides are checked only when the result has errors (most merges have none).
      if (found.length > 0) {
        const known = new Set([...(await errors(ours)), ...(await errors(theirs))]);
        result.invalid = found.filter((e) => !known.has(e));
      }
    }
    writeFileAtomic(options.ours, merged.text);
    result.clean = merged.conflicts.length === 0 && result.invalid.length === 0;
    return result;
  } catch (error) {
    if (error instanceof ExternalError) throw error;
    return {
      ...result,
      mode: 'lines',
      renames: [],
      conflicts: [],
      invalid: [],
      clean: await lineMerge(options, ctx),
      fallback: (error as Error).message,
    };
  }
}

/** The renames known before this file is merged, and the log they came from (operation.ts). Null outside a merge or rebase, or for a file of no account. */
async function linkedRenames(
  ctx: AppContext,
  op: Operation,
  path: string,
  kind: DocKind,
  keeper: IdKeeper,
): Promise<{ account: string; log: MergeLog; known: KnownRenames } | null> {
  const account = accountOf(path);
  if (op.kind === 'other' || !account || SNAPSHOT.test(path)) return null;
  const log = readMergeLog(op);
  const parent = op.kind !== 'merge' || kind !== 'csp' ? await baseCommit(ctx, op) : null;
  const chain =
    op.kind === 'rebase' || op.kind === 'pick' ? chainRenames(log, account, op.theirs) : new Map<string, string>();
  // NOTE: csp.yaml renumbers its own collisions; the other files follow the plan's numbering.
  const side = kind === 'csp' ? new Map<string, string>() : await planRenames(ctx, op, account, parent, chain, keeper);
  return { account, log, known: { base: chain, side } };
}

/** Records this step's renames (and those it carried from earlier steps) for the steps and files that follow. True when the log lists renames of this operation. */
function logRenames(
  op: Operation,
  links: { account: string; log: MergeLog; known: KnownRenames },
  renames: readonly IdRename[],
): boolean {
  const commit = op.theirs!;
  const have = new Set(
    links.log.renames.filter((r) => r.commit === commit && r.account === links.account).map((r) => r.from),
  );
  const add = [...(links.known.base ?? []), ...renames.map((r): [string, string] => [r.from, r.to])].filter(
    ([from]) => !have.has(from) && have.add(from),
  );
  if (add.length === 0) return links.log.renames.length > 0;
  writeMergeLog(op, {
    ...readMergeLog(op),
    renames: [...links.log.renames, ...add.map(([from, to]) => ({ account: links.account, commit, from, to }))],
  });
  return true;
}

/**
 * A stash pop or apply runs no hook afterwards: starts (once per operation) a detached
 * `csp merge-file --finish --after <git pid>`, which waits until that git has exited and then
 * rewrites, in the work tree, the references to the stash's renumbered ids in the files git took
 * whole from the stash. Best effort: when it cannot start, `csp validate` names the pending
 * renames and the command that applies them.
 */
function startWaiter(op: Operation, ctx: AppContext): void {
  const log = readMergeLog(op);
  if (!op.gitPid || (log.waiter !== undefined && processAlive(log.waiter))) return;
  try {
    // NOTE: the index git names for this run (if any) is gone once git has exited.
    const { GIT_INDEX_FILE: _index, ...env } = ctx.env;
    const child = spawn(process.execPath, [process.argv[1], 'merge-file', '--finish', '--after', String(op.gitPid)], {
      cwd: ctx.cwd,
      env,
      detached: true,
      stdio: 'ignore',
    });
    child.on('error', () => {});
    child.unref();
    if (child.pid) writeMergeLog(op, { ...log, waiter: child.pid });
  } catch {
    // NOTE: best effort (see above): csp validate names what is left to do.
  }
}

const SNAPSHOT = /(^|\/)success_plan\/csp_history\/[^/]+$/;

/**
 * Two sides took a snapshot with one name (same version, same day: an add/add, empty base). A
 * snapshot is a record, not a document to merge: the side that keeps ids keeps the name, the
 * other side's snapshot is written under the next free version of that day (counting the work
 * tree, HEAD, the commit merged in and the snapshots moved already), and logged for
 * `csp merge-file --finish` (the post-merge and post-rewrite hooks) to commit. Null when this is
 * not that case (the file is then merged as a plan).
 */
async function keepBothSnapshots(
  options: MergeFileOptions,
  path: string,
  ctx: AppContext,
): Promise<{ keeper: IdKeeper; moved: string; operation: Operation['kind'] } | null> {
  const [base, ours, theirs] = [options.base, options.ours, options.theirs].map((p) => readFileSync(p, 'utf8'));
  const name = parseSnapshotName(basename(path));
  if (base.trim() !== '' || ours === theirs || !name) return null;
  const op = await currentOperation(ctx);
  const keeper = idKeeper(op);
  const dir = dirname(path);
  const log = readMergeLog(op);
  const names = [...log.snapshots.map((s) => basename(s.file))];
  try {
    names.push(...readdirSync(join(ctx.cwd, dir)));
  } catch {
    // NOTE: no folder in the work tree (a sparse checkout): git's trees below still count.
  }
  for (const commit of ['HEAD', op.theirs].filter((c): c is string => !!c)) {
    const run = await runGit(['ls-tree', '--name-only', commit, `${dir}/`], { cwd: ctx.cwd, env: ctx.env });
    if (run.code === 0)
      names.push(
        ...run.stdout
          .toString('utf8')
          .split('\n')
          .map((l) => basename(l.trim())),
      );
  }
  const moved = `${dir}/${snapshotFileName(nextVersion(names), name.date)}`;
  writeFileAtomic(join(ctx.cwd, moved), keeper === 'theirs' ? ours : theirs);
  writeFileAtomic(options.ours, keeper === 'theirs' ? theirs : ours);
  // NOTE: a stash's snapshot stays in the work tree, uncommitted, as the stash had it.
  if (op.kind !== 'stash') writeMergeLog(op, { ...log, snapshots: [...log.snapshots, { file: moved, from: path }] });
  return { keeper, moved, operation: op.kind };
}

/**
 * `csp merge-file --finish`: commits the snapshots the driver wrote under a new number (the log's
 * `snapshots`) that are still untracked, in one commit of their own, then the references in the
 * account's other files to the ids the operation renumbered (a stash pop or apply: rewritten in
 * the work tree, not committed), then empties the log. `after`: the pid of a git process to wait
 * for first (a stash pop's, see startWaiter). One run at a time (`.git/csp/finish.lock`); a second
 * run finds the log emptied. Returns the files committed or rewritten. Throws ExternalError when
 * git fails.
 */
export async function runFinish(ctx: AppContext, after?: number): Promise<string[]> {
  const gitDir = gitDirOf(ctx);
  if (!gitDir) return [];
  if (after !== undefined) await waitForGit(gitDir, after);
  const first = readAnyMergeLog(gitDir);
  if (!first || (first.snapshots.length === 0 && first.renames.length === 0)) return [];
  const lock = await takeFinishLock(gitDir);
  if (!lock) return [];
  try {
    return await finishLogged(ctx, gitDir);
  } finally {
    rmSync(lock, { force: true });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits (at most two minutes) until git process `pid` has exited and the index is unlocked. */
async function waitForGit(gitDir: string, pid: number): Promise<void> {
  for (let waited = 0; waited < 120_000; waited += 50) {
    if (!processAlive(pid) && !existsSync(join(gitDir, 'index.lock'))) return;
    await sleep(50);
  }
}

/** Takes `.git/csp/finish.lock` (waiting up to 10 s for another run; a lock older than 2 minutes is stale). The lock file's path, or null when it stayed taken. */
async function takeFinishLock(gitDir: string): Promise<string | null> {
  const lock = join(gitDir, 'csp', 'finish.lock');
  for (let waited = 0; waited <= 10_000; waited += 50) {
    try {
      closeSync(openSync(lock, 'wx'));
      return lock;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { force: true });
      } catch {
        // NOTE: the other run removed it meanwhile: try again.
      }
    }
    await sleep(50);
  }
  return null;
}

async function finishLogged(ctx: AppContext, gitDir: string): Promise<string[]> {
  // NOTE: read again under the lock: a run that finished meanwhile emptied it.
  const log = readAnyMergeLog(gitDir);
  if (!log || (log.snapshots.length === 0 && log.renames.length === 0)) return [];
  const top =
    (await runGit(['rev-parse', '--show-toplevel'], { cwd: ctx.cwd, env: ctx.env })).stdout.toString('utf8').trim() ||
    ctx.cwd;
  const run = async (args: string[], env: Record<string, string | undefined> = ctx.env) => {
    const r = await runGit(args, { cwd: top, env });
    if (r.code !== 0)
      throw new ExternalError(`git ${args[0]} failed: ${r.stderr.trim()}`, {
        code: 'git-failed',
        hint: 'git add the files csp merge-file named and commit them yourself',
      });
    return r.stdout.toString('utf8').trim();
  };
  // NOTE: a merge a person has not committed yet (MERGE_HEAD there, HEAD not the merge commit yet)
  // keeps its log: csp's post-commit hook finishes it. (post-merge runs while MERGE_HEAD is still there.)
  if (log.key.startsWith('merge:') && existsSync(join(gitDir, 'MERGE_HEAD'))) {
    const second = await runGit(['rev-parse', '-q', '--verify', 'HEAD^2'], { cwd: top, env: ctx.env });
    if (second.stdout.toString('utf8').trim() !== log.key.slice('merge:'.length)) return [];
  }
  // NOTE: a cherry-pick is finished by the post-commit hook of its last commit: one that stopped
  // for a person (unmerged paths), or a sequence with picks still to come, keeps its log.
  if (log.key.startsWith('pick:')) {
    const state = await pickState(run, gitDir, log);
    if (state === 'abandoned') writeMergeLog({ kind: 'other', key: log.key, gitDir }, { ...log, renames: [] });
    if (state !== 'done') return [];
  }
  const committed: string[] = [];
  const snapshots: string[] = [];
  for (const s of log.snapshots) {
    if (!existsSync(join(top, s.file))) continue;
    const tracked = await runGit(['ls-files', '--error-unmatch', '--', s.file], { cwd: top, env: ctx.env });
    if (tracked.code !== 0) snapshots.push(s.file);
  }
  if (snapshots.length > 0) {
    await commitOnly(
      run,
      gitDir,
      snapshots,
      `csp: keep both snapshots after a merge (${snapshots.map((f) => basename(f)).join(', ')})`,
      ctx.env,
    );
    committed.push(...snapshots);
  }
  const kind = log.key.split(':')[0];
  const followed =
    kind === 'merge'
      ? await followRenames(run, top, log)
      : kind === 'rebase'
        ? await followRebaseRenames(run, top, log)
        : kind === 'pick'
          ? await followPickRenames(run, top, log)
          : kind === 'stash'
            ? await followStashRenames(run, top, log)
            : [];
  if (followed.length > 0 && kind !== 'stash') {
    const what = { rebase: 'rebase', pick: 'cherry-pick' }[kind] ?? 'merge';
    await commitOnly(
      run,
      gitDir,
      followed,
      `csp: references follow the ids the ${what} renumbered (${followed.map((f) => basename(f)).join(', ')})`,
      ctx.env,
    );
  }
  committed.push(...followed);
  writeMergeLog({ kind: 'other', key: log.key, gitDir }, { key: log.key, renames: [], snapshots: [] });
  return committed;
}

/**
 * Where the cherry-pick the log names stands: `pending` while it stopped for a person (unmerged
 * paths, CHERRY_PICK_HEAD, a --no-commit pick's staged changes) or a sequence has picks still to
 * come after the current one; `abandoned` when HEAD is where it started and nothing of it is left
 * (git cherry-pick --abort); else `done`.
 */
async function pickState(run: GitRun, gitDir: string, log: MergeLog): Promise<'pending' | 'abandoned' | 'done'> {
  if ((await run(['ls-files', '-u']).catch(() => 'x')) !== '') return 'pending';
  const todo = read(join(gitDir, 'sequencer', 'todo'))
    .split('\n')
    .filter((l) => /^\s*[a-z]/.test(l));
  if (todo.length > 1) return 'pending';
  const head = await run(['rev-parse', '--verify', 'HEAD']).catch(() => '');
  if (head !== log.key.slice('pick:'.length)) return 'done';
  const staged = await run(['diff', '--cached', '--quiet']).then(
    () => false,
    () => true,
  );
  return staged || existsSync(join(gitDir, 'CHERRY_PICK_HEAD')) || existsSync(join(gitDir, 'sequencer'))
    ? 'pending'
    : 'abandoned';
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

type GitRun = (args: string[], env?: Record<string, string | undefined>) => Promise<string>;

/**
 * Commits these work-tree files on their own, built on a scratch index: git refuses a partial
 * commit while the merge that just ended is still being wound up (post-merge), and nothing else
 * the index holds may go into it. The real index then takes the files too.
 */
async function commitOnly(
  run: GitRun,
  gitDir: string,
  files: readonly string[],
  message: string,
  env: Record<string, string | undefined>,
): Promise<void> {
  const head = await run(['rev-parse', '--verify', 'HEAD']);
  const blobs = (await run(['hash-object', '-w', '--', ...files])).split('\n');
  const scratch = { ...env, GIT_INDEX_FILE: join(gitDir, 'csp', 'finish.index') };
  await run(['read-tree', head], scratch);
  for (const [i, file] of files.entries())
    await run(['update-index', '--add', '--cacheinfo', `100644,${blobs[i]},${file}`], scratch);
  const tree = await run(['write-tree'], scratch);
  rmSync(scratch.GIT_INDEX_FILE, { force: true });
  const commit = await run(['commit-tree', tree, '-p', head, '-m', message]);
  await run(['update-ref', '-m', 'csp merge-file --finish', 'HEAD', commit, head]);
  await run(['add', '--', ...files]);
}

/** The renames of the log by account (a later step's rename of one id wins), those of `commit` alone when given. */
function renamesByAccount(log: MergeLog, commit?: string): Map<string, Map<string, string>> {
  const accounts = new Map<string, Map<string, string>>();
  for (const r of log.renames)
    if (commit === undefined || r.commit === commit)
      (accounts.get(r.account) ?? accounts.set(r.account, new Map()).get(r.account)!).set(r.from, r.to);
  return accounts;
}

/** Whether a changed file is one whose references follow the plan's renames (not the plan, not a snapshot). */
function follows(file: string): boolean {
  const kind = docKindOf(file);
  return !!kind && MERGEABLE.has(kind) && !SNAPSHOT.test(file) && !/\/success_plan\/csp\.yaml$/.test(file);
}

/**
 * Rewrites the references of one work-tree file to the renamed ids (through the edit engine:
 * comments and layout kept). True when it changed; a file that does not parse is left alone.
 */
function rewriteFileIds(top: string, file: string, to: ReadonlyMap<string, string>): boolean {
  const kind = docKindOf(file);
  const path = join(top, file);
  if (!kind || !existsSync(path)) return false;
  const text = readFileSync(path, 'utf8');
  const parsed = parseYamlFast(text);
  if (parsed.issues.length > 0) return false;
  const { data } = rewriteIds(parsed.data, to);
  const edits = editsBetween(parsed.data, data, [], () => ({ kind: 'sequence' }));
  if (edits.length === 0) return false;
  const schema = loadSchema(kind);
  writeFileAtomic(path, editYamlText(text, edits, { keyOrder: (p) => keyOrderAt(schema, p) }));
  return true;
}

/**
 * After a merge (HEAD's second parent is the commit the log names; also a merge a person
 * finished, post-commit): the files of an account that only our side changed were taken whole by
 * git, without the driver, so their references to the ids the merge renumbered on our side still
 * name the old ids. Rewrites them in the work tree and returns them.
 */
async function followRenames(run: GitRun, top: string, log: MergeLog): Promise<string[]> {
  const theirs = log.key.slice('merge:'.length);
  const parents = (await run(['rev-parse', 'HEAD^1', 'HEAD^2']).catch(() => '')).split('\n');
  if (parents.length !== 2 || parents[1] !== theirs) return [];
  const ours = parents[0];
  const base = (await run(['merge-base', ours, theirs])).split('\n')[0];
  const out: string[] = [];
  for (const [account, to] of renamesByAccount(log, theirs)) {
    const changed = async (a: string, b: string) =>
      new Set((await run(['diff', '--name-only', a, b, '--', `${account}/`])).split('\n').filter(Boolean));
    const [oursChanged, theirsChanged, sinceOurs] = await Promise.all([
      changed(base, ours),
      changed(base, theirs),
      changed(ours, 'HEAD'),
    ]);
    for (const file of oursChanged)
      if (follows(file) && !theirsChanged.has(file) && !sinceOurs.has(file) && rewriteFileIds(top, file, to))
        out.push(file);
  }
  return out;
}

/**
 * After a rebase (the log's key names its orig-head and onto; HEAD is built on onto): a file of an
 * account that only the rebased commits changed (the upstream did not) was taken whole from the
 * replayed commits in every step, without the driver, so its references to the ids the rebase
 * renumbered on the replayed side still name the old ids, which now are the upstream's items.
 * Rewrites those files (when HEAD still has them as the rebased branch had them) with every rename
 * of the rebase, and returns them.
 */
async function followRebaseRenames(run: GitRun, top: string, log: MergeLog): Promise<string[]> {
  const [, orig, onto] = log.key.split(':');
  if (!orig || !onto) return [];
  const ok = await run(['merge-base', '--is-ancestor', onto, 'HEAD']).then(
    () => true,
    () => false,
  );
  if (!ok) return [];
  const base = (await run(['merge-base', orig, onto]).catch(() => '')).split('\n')[0];
  if (!base) return [];
  const out: string[] = [];
  for (const [account, to] of renamesByAccount(log)) {
    const changed = async (a: string, b: string) =>
      new Set((await run(['diff', '--name-only', a, b, '--', `${account}/`])).split('\n').filter(Boolean));
    const [oursChanged, upstreamChanged] = await Promise.all([changed(base, orig), changed(base, onto)]);
    for (const file of oursChanged) {
      if (!follows(file) || upstreamChanged.has(file)) continue;
      const [now, before] = await Promise.all(
        ['HEAD', orig].map((c) => run(['rev-parse', '-q', '--verify', `${c}:${file}`]).catch(() => '')),
      );
      if (now && now === before && rewriteFileIds(top, file, to)) out.push(file);
    }
  }
  return out;
}

/**
 * After a cherry-pick (the log's key names the HEAD it started on; HEAD has moved on): a file of an
 * account that a picked commit changed and HEAD did not was taken whole from that commit, without
 * the driver, so its references to the ids the cherry-pick renumbered on the picked side still
 * name the old ids, which now are HEAD's items. Rewrites those files (HEAD has them as the picked
 * commit had them, the work tree as HEAD has them) with every rename of the cherry-pick, and
 * returns them. A picked commit that logged no rename is not looked at.
 */
async function followPickRenames(run: GitRun, top: string, log: MergeLog): Promise<string[]> {
  const start = log.key.slice('pick:'.length);
  const blob = (rev: string) => run(['rev-parse', '-q', '--verify', rev]).catch(() => '');
  const picked = [...new Set(log.renames.map((r) => r.commit))];
  const out: string[] = [];
  for (const [account, to] of renamesByAccount(log)) {
    const files = (await run(['diff', '--name-only', start, 'HEAD', '--', `${account}/`])).split('\n').filter(follows);
    for (const file of files) {
      const now = await blob(`HEAD:${file}`);
      if (!now || (await run(['hash-object', '--', file]).catch(() => '')) !== now) continue;
      let fromPick = false;
      for (const c of picked) {
        const [was, is] = await Promise.all([blob(`${c}^:${file}`), blob(`${c}:${file}`)]);
        if (is === now && was !== is) fromPick = true;
      }
      if (fromPick && rewriteFileIds(top, file, to)) out.push(file);
    }
  }
  return out;
}

/**
 * After a stash pop or apply (the log's key names the stash commit): a file of an account that the
 * stash changed and HEAD did not (since the commit the stash was made on) was taken whole from the
 * stash, without the driver, so its references to the ids the stash's items were renumbered from
 * still name HEAD's items. Rewrites those files in the work tree (when it still holds them as the
 * stash had them), uncommitted like the rest of the stash, and returns them.
 */
async function followStashRenames(run: GitRun, top: string, log: MergeLog): Promise<string[]> {
  const stash = log.key.slice('stash:'.length);
  const blob = (rev: string) => run(['rev-parse', '-q', '--verify', rev]).catch(() => '');
  const out: string[] = [];
  for (const [account, to] of renamesByAccount(log)) {
    const files = (await run(['diff', '--name-only', `${stash}^1`, stash, '--', `${account}/`]))
      .split('\n')
      .filter(follows);
    for (const file of files) {
      const [stashed, before, head] = await Promise.all([
        blob(`${stash}:${file}`),
        blob(`${stash}^1:${file}`),
        blob(`HEAD:${file}`),
      ]);
      if (!stashed || head !== before || !existsSync(join(top, file))) continue;
      if ((await run(['hash-object', '--', file]).catch(() => '')) !== stashed) continue;
      if (rewriteFileIds(top, file, to)) out.push(file);
    }
  }
  return out;
}

/** git's own line merge into <ours>; true when it merged without conflicts. */
async function lineMerge(options: MergeFileOptions, ctx: AppContext): Promise<boolean> {
  const size = options.markerSize ? ['--marker-size', String(options.markerSize)] : [];
  const run = await runGit(
    ['merge-file', ...size, '-L', 'ours', '-L', 'base', '-L', 'theirs', options.ours, options.base, options.theirs],
    { cwd: ctx.cwd, env: ctx.env },
  );
  if (run.code < 0 || run.code > 127)
    throw new ExternalError(`git merge-file failed: ${run.stderr.trim()}`, { code: 'git-merge-file' });
  return run.code === 0;
}

function brief(value: unknown): string {
  if (value === undefined) return '(deleted)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Who keeps an id (or snapshot name) both sides added, and whose item gives it up, as the driver
 * says it on stderr: in a cherry-pick or a stash HEAD keeps it; in a rebase the upstream (ours);
 * in a merge theirs.
 */
const SIDE_WORDS: Record<'pick' | 'stash' | 'rebase' | 'merge', { id: string; snapshot: string }> = {
  pick: { id: "HEAD keeps it, the picked commit's is now", snapshot: "HEAD keeps the name; the picked commit's" },
  stash: { id: "HEAD keeps it, the stash's is now", snapshot: "HEAD keeps the name; the stash's" },
  rebase: {
    id: 'the upstream keeps it, the commit being rebased now has',
    snapshot: 'the upstream keeps the name; the commit being rebased',
  },
  merge: { id: 'theirs keeps it, ours is now', snapshot: 'theirs keeps the name; ours' },
};

/** CLI entry. */
export async function main(
  [base, ours, theirs]: ArgsOf<MergeFileCli>,
  options: OptionsOf<MergeFileCli>,
  ctx: AppContext,
): Promise<void> {
  if (options.finish) {
    const files = await runFinish(ctx, options.after);
    if (ctx.flags.json) ctx.out.data({ ok: true, committed: files });
    else if (files.length > 0)
      ctx.out.info(
        `csp merge-file: committed what the merge left to finish (snapshots kept under a new number, references to renumbered ids): ${files.join(', ')}`,
      );
    return;
  }
  if (!base || !ours || !theirs)
    throw new UsageError('csp merge-file needs three files: <base> <ours> <theirs>', {
      code: 'missing-argument',
      hint: 'git passes them when it merges a csp document; register the driver in this clone with csp hook install',
    });
  const result = await runMergeFile({ base, ours, theirs, path: options.path, markerSize: options.markerSize }, ctx);
  const out = ctx.out;
  const name = result.path;
  if (ctx.flags.json) out.data({ ok: result.clean, ...result });
  const sides =
    SIDE_WORDS[
      result.operation === 'pick' || result.operation === 'stash'
        ? result.operation
        : result.keeper === 'ours'
          ? 'rebase'
          : 'merge'
    ];
  for (const r of result.renames) {
    out.warn(
      `csp merge-file: ${name}: both sides added ${r.from}; ${sides.id} ${r.to}${r.references > 0 ? ` (${r.references} reference${r.references === 1 ? '' : 's'} rewritten)` : ''}`,
    );
  }
  if (result.moved) {
    out.warn(
      `csp merge-file: ${name}: both sides took this snapshot; ${sides.snapshot} is now ${result.moved} (csp's post-merge hook commits it; else git add ${result.moved} and commit it)`,
    );
  }
  if (result.mode === 'lines')
    out.info(`csp merge-file: ${name}: merged line by line with git merge-file (${result.fallback})`);
  for (const c of result.conflicts) {
    out.warn(
      `csp merge-file: ${name}:${c.startLine}: ${c.field} was changed two ways (ours: ${brief(c.ours)}, theirs: ${brief(c.theirs)})`,
    );
  }
  for (const e of result.invalid) out.warn(`csp merge-file: ${name}: the merged document has a new error: ${e}`);
  if (!result.clean) {
    throw new CheckFailedError(`${name} needs a person to finish the merge`, {
      code: 'merge-conflict',
      hint:
        result.conflicts.length > 0 || result.mode === 'lines'
          ? `edit ${name}: keep one side between <<<<<<< and >>>>>>> and delete the marker lines, check it with csp validate ${name}, then git add ${name}`
          : `fix what csp validate ${name} reports, then git add ${name}`,
    });
  }
}
