/**
 * What git operation the merge driver runs inside, and the renames log that ties its runs together
 * (issue 20). git runs the driver once per file and per replayed commit, so what one run
 * renumbered is written to `.git/csp/merge-log.json` for the runs that follow:
 *
 * - a rebase: the commit being replayed is the last `pick` of `rebase-merge/done`; the replayed
 *   commits that follow build on it, so their edits to (say) ac-5 are edits to the item now called
 *   ac-6: the renames of every earlier step are applied to the base and to theirs before a step is merged;
 * - any file of an account other than csp.yaml (tracker, register, decision log): the plan's
 *   renames of this step are computed from git's objects (ours is HEAD; theirs is the replayed
 *   commit, or the merged one git names in GITHEAD_<sha>; the base its parent or the merge base),
 *   so the tracker's `ms-5` and `source: csp#milestone/ms-5` follow the plan's new number even
 *   though git merges action_tracker.yaml before success_plan/csp.yaml.
 *
 * Edge module: reads the git directory and runs git; every failure leaves the renames empty (the
 * file is then merged on its own, as before).
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { AppContext } from '../../cli/context.js';
import { runGit } from '../../git/exec.js';
import { findGitInvocation, gitOperationOf, processAlive, type GitInvocation } from '../../git/invocation.js';
import { renumberCollisions, rewriteIds } from '../../merge/ids.js';
import type { IdKeeper } from '../../merge/merge.js';
import { writeFileAtomic } from '../../storage/files.js';
import { parseYamlFast } from '../../yaml/read.js';

/**
 * The git operation a driver run belongs to. `pick` is a cherry-pick (one commit, or a sequence:
 * its steps build on one another like a rebase's), `stash` a stash pop or apply.
 */
export interface Operation {
  kind: 'rebase' | 'merge' | 'pick' | 'stash' | 'other';
  /** Identifies one operation (a rebase: its orig-head and onto; a merge: the commit merged; a cherry-pick: the HEAD it started on; a stash: the stash commit). */
  key: string;
  /** The commit whose changes are being brought in (the replayed, picked, stashed or merged one), when known. */
  theirs?: string;
  gitDir?: string;
  /** The git process running the operation (a stash pop or apply: csp merge-file --finish --after waits for it). */
  gitPid?: number;
}

/** The side whose ids are kept when both sides added one: the upstream in a rebase, HEAD in a cherry-pick or a stash pop (the commit replayed, picked or the stash gets the new numbers); theirs in a merge. */
export function idKeeper(op: Operation): IdKeeper {
  return op.kind === 'rebase' || op.kind === 'pick' || op.kind === 'stash' ? 'ours' : 'theirs';
}

/** One id renumbered by a driver run: in which account folder, by which step (the theirs commit). */
export interface LoggedRename {
  account: string;
  commit: string;
  from: string;
  to: string;
}

/** A snapshot the driver kept under a new name, for `csp merge-file --finish` to commit. */
export interface MovedSnapshot {
  file: string;
  from: string;
}

/** The log of one operation. */
export interface MergeLog {
  key: string;
  renames: LoggedRename[];
  snapshots: MovedSnapshot[];
  /** A stash pop or apply: the pid of the csp merge-file --finish --after started for it. */
  waiter?: number;
}

/** The git directory of the work tree git runs the driver in (`.git`, or what a `.git` file names). */
export function gitDirOf(ctx: Pick<AppContext, 'cwd' | 'env'>): string | undefined {
  if (ctx.env.GIT_DIR) return resolve(ctx.cwd, ctx.env.GIT_DIR);
  for (let dir = ctx.cwd; ; ) {
    const dotGit = join(dir, '.git');
    if (existsSync(dotGit)) {
      const text = statSync(dotGit).isFile() ? readFileSync(dotGit, 'utf8') : null;
      const m = text === null ? null : /^gitdir: (.+)$/m.exec(text);
      return m ? resolve(dir, m[1].trim()) : dotGit;
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

const read = (file: string) => {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
};

/**
 * The operation the driver runs in, from the git directory's state files, git's GITHEAD_<sha>
 * variables, and (a single cherry-pick, a stash pop or apply, which leave neither) the git
 * process above the driver (src/git/invocation.ts). Unknown is `other`.
 */
export async function currentOperation(
  ctx: AppContext,
  invocation: () => GitInvocation | null = findGitInvocation,
): Promise<Operation> {
  const op = operationFromState(ctx);
  if (op.kind !== 'other' || !op.gitDir) return op;
  const gitDir = op.gitDir;
  const todo = read(join(gitDir, 'sequencer', 'todo')).split('\n')[0];
  const start = read(join(gitDir, 'sequencer', 'head'));
  const picked = /^(?:pick|p)\s+([0-9a-f]{4,64})\b/.exec(todo)?.[1];
  if (picked && start) {
    const theirs = await revParse(ctx, `${picked}^{commit}`);
    return theirs ? { kind: 'pick', key: `pick:${start}`, theirs, gitDir } : op;
  }
  if (todo) return op;
  const found = invocation();
  if (!found) return op;
  const what = gitOperationOf(found);
  if (what.op === 'cherry-pick') {
    const [theirs, head] = await Promise.all([revParse(ctx, `${what.rev}^{commit}`), revParse(ctx, 'HEAD')]);
    return theirs && head ? { kind: 'pick', key: `pick:${head}`, theirs, gitDir } : op;
  }
  if (what.op === 'stash') {
    const theirs = await revParse(ctx, `${what.stash}^{commit}`);
    return theirs ? { kind: 'stash', key: `stash:${theirs}`, theirs, gitDir, gitPid: found.pid } : op;
  }
  return op;
}

async function revParse(ctx: AppContext, rev: string): Promise<string | null> {
  const out = await git(ctx, ['rev-parse', '--verify', '-q', rev]);
  return out?.trim() || null;
}

function operationFromState(ctx: AppContext): Operation {
  const gitDir = gitDirOf(ctx);
  if (!gitDir) return { kind: 'other', key: '' };
  if (existsSync(join(gitDir, 'rebase-merge')) || existsSync(join(gitDir, 'rebase-apply'))) {
    const folder = existsSync(join(gitDir, 'rebase-merge'))
      ? join(gitDir, 'rebase-merge')
      : join(gitDir, 'rebase-apply');
    const done = read(join(folder, 'done')).split('\n');
    let theirs: string | undefined;
    for (let i = done.length - 1; i >= 0 && !theirs; i--)
      theirs = /^(?:pick|p|reword|r|edit|e|fixup|f|squash|s)\s+([0-9a-f]{7,64})\b/.exec(done[i])?.[1];
    return {
      kind: 'rebase',
      key: `rebase:${read(join(folder, 'orig-head'))}:${read(join(folder, 'onto'))}`,
      theirs,
      gitDir,
    };
  }
  const head = Object.keys(ctx.env).find((k) => /^GITHEAD_[0-9a-f]{40,64}$/.test(k));
  if (head) return { kind: 'merge', key: `merge:${head.slice(8)}`, theirs: head.slice(8), gitDir };
  return { kind: 'other', key: '', gitDir };
}

function logFile(gitDir: string): string {
  return join(gitDir, 'csp', 'merge-log.json');
}

/** The log of this operation: a fresh one when the file belongs to another operation (whose snapshots not yet committed carry over) or is unreadable. */
export function readMergeLog(op: Operation): MergeLog {
  const log = op.gitDir ? readAnyMergeLog(op.gitDir) : null;
  if (!log) return { key: op.key, renames: [], snapshots: [] };
  return log.key === op.key ? log : { key: op.key, renames: [], snapshots: log.snapshots };
}

/** The log whatever operation wrote it (csp merge-file --finish, after the operation); null when there is none. */
export function readAnyMergeLog(gitDir: string): MergeLog | null {
  try {
    const log = JSON.parse(readFileSync(logFile(gitDir), 'utf8')) as MergeLog;
    return {
      key: String(log.key),
      renames: Array.isArray(log.renames) ? log.renames : [],
      snapshots: Array.isArray(log.snapshots) ? log.snapshots : [],
      ...(typeof log.waiter === 'number' ? { waiter: log.waiter } : {}),
    };
  } catch {
    return null;
  }
}

/** Writes the log (atomically). Best effort: a log that cannot be written only loses the links between files. */
export function writeMergeLog(op: Operation, log: MergeLog): void {
  if (!op.gitDir) return;
  try {
    mkdirSync(join(op.gitDir, 'csp'), { recursive: true });
    writeFileAtomic(logFile(op.gitDir), `${JSON.stringify(log, null, 1)}\n`);
  } catch {
    // NOTE: best effort (see the doc comment); the merge itself is already written.
  }
}

/** The account folder a document belongs to (`infohub/acme`), or null. */
export function accountOf(path: string): string | null {
  const m =
    /^(.*?)\/(?:success_plan\/|account_plan\/|(?:action_tracker|risk_register|decision_log|health_signals)\.yaml$)/.exec(
      path.replace(/\\/g, '/'),
    );
  return m ? m[1] : null;
}

async function git(ctx: AppContext, args: string[]): Promise<string | null> {
  const run = await runGit(args, { cwd: ctx.cwd, env: ctx.env });
  return run.code === 0 ? run.stdout.toString('utf8') : null;
}

/** The base commit of this step: the replayed commit's parent, or the merge base. */
export async function baseCommit(ctx: AppContext, op: Operation): Promise<string | null> {
  if (!op.theirs) return null;
  const out =
    op.kind === 'merge'
      ? await git(ctx, ['merge-base', 'HEAD', op.theirs])
      : await git(ctx, ['rev-parse', '--verify', '-q', `${op.theirs}^`]);
  return out?.split('\n')[0].trim() || null;
}

/**
 * The renames the earlier steps of this rebase made (every step but the replayed commit `current`;
 * a later step's rename of one id wins). The replayed commits build on one another, so the
 * replayed commit still names those items by their old ids, also when a step between them left
 * the account alone and logged nothing.
 */
export function chainRenames(log: MergeLog, account: string, current: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of log.renames) if (r.account === account && r.commit !== current) out.set(r.from, r.to);
  return out;
}

/**
 * The renames csp.yaml gets in this step, for merging another file of the account: the plan's
 * three versions read from git's objects, the earlier steps' renames applied, the collisions
 * renumbered as the plan's own driver run will renumber them.
 */
export async function planRenames(
  ctx: AppContext,
  op: Operation,
  account: string,
  base: string | null,
  chain: ReadonlyMap<string, string>,
  keeper: IdKeeper,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!op.theirs || !base) return out;
  const path = `${account}/success_plan/csp.yaml`;
  const texts = await Promise.all([base, 'HEAD', op.theirs].map((c) => git(ctx, ['show', `${c}:${path}`])));
  if (texts.some((t) => t === null)) return out;
  const [b, o, t] = texts.map((text) => parseYamlFast(text!));
  if ([b, o, t].some((p) => p.issues.length > 0)) return out;
  const bData = rewriteIds(b.data, chain).data;
  const { renames } =
    keeper === 'ours'
      ? renumberCollisions(bData, rewriteIds(t.data, chain).data, o.data)
      : renumberCollisions(bData, o.data, t.data);
  for (const r of renames) out.set(r.from, r.to);
  return out;
}

/**
 * Renames the log lists that no running operation or csp run will apply any more: a stash pop
 * whose detached `csp merge-file --finish` did not run, a merge or rebase whose hook was not
 * csp's, a cherry-pick finished outside csp's hooks. Null when there are none, or the operation
 * is still under way (a merge or cherry-pick stopped for a person, a rebase, a stash's waiter
 * still running). Reads the git directory only.
 */
export function pendingRenames(gitDir: string): { operation: string; log: string; ids: string[] } | null {
  const log = readAnyMergeLog(gitDir);
  if (!log || log.renames.length === 0) return null;
  const there = (name: string) => existsSync(join(gitDir, name));
  const kind = log.key.split(':')[0];
  const busy =
    there('index.lock') ||
    there('rebase-merge') ||
    there('rebase-apply') ||
    (kind === 'merge' && there('MERGE_HEAD')) ||
    (kind === 'pick' && (there('CHERRY_PICK_HEAD') || there('sequencer'))) ||
    (kind === 'stash' && log.waiter !== undefined && processAlive(log.waiter));
  if (busy) return null;
  const operation = { merge: 'git merge', rebase: 'git rebase', pick: 'git cherry-pick', stash: 'git stash pop' }[kind];
  return {
    operation: operation ?? 'a git merge',
    log: logFile(gitDir),
    ids: [...new Set(log.renames.map((r) => `${r.account}: ${r.from} -> ${r.to}`))],
  };
}
