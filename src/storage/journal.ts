/**
 * Multi-file writes that a crash cannot leave half done (see README.md in this folder).
 *
 * A transaction writes several files of one account (and, optionally, commits them through git)
 * as one step. Each file is written atomically (files.ts), and before the first write the whole
 * change is recorded in a journal, `<root>/.csp/journal/<account>.json`: every file's text as
 * it was read and as it will be, and the commit to make. The journal is removed when everything
 * is done. A journal that is still there was left by a process that was killed halfway: the next
 * csp command that takes the account's lock finishes the operation from it (or, when its git
 * commit cannot be made, puts every file back), and `csp validate` reports it meanwhile.
 */
import { readdirSync, readFileSync, rmdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InternalError, PreconditionError } from '../errors.js';
import type { GitPort } from '../git/port.js';
import { writeStep } from './fault-injection.js';
import {
  assertNoSecrets,
  exists,
  openAtomicWriter,
  readIfExists,
  removeFile,
  sweepTempFiles,
  writeFileAtomic,
  type AtomicWriter,
} from './files.js';
import { accountPaths, assertInside, refreshSchemaCopies } from './infohub.js';
import { assertAccountLockHeld, heldLock } from './lock.js';

/** One file a transaction writes: its text as read (null: it must not exist) and its new text (null: remove it). */
export interface PlannedWrite {
  /** Absolute path, inside the InfoHub. */
  path: string;
  before: string | null;
  after: string | null;
}

/** The git commit that ends a transaction: these files (absolute paths), this message. */
export interface CommitStep {
  repo: string;
  message: string;
  files: string[];
  git: GitPort;
}

/** What a transaction did. */
export interface TransactionResult {
  /** The commit made, when the transaction had a commit step. */
  commit?: string;
}

/** The journal as stored (paths relative to the InfoHub root, `/`-separated). */
interface Journal {
  csp_journal: 1;
  account: string;
  command: string;
  pid: number;
  started: string;
  files: Array<{ path: string; before: string | null; after: string | null }>;
  commit?: { message: string; files: string[] };
}

/** The journal file of an account. */
export function journalPathFor(root: string, account: string): string {
  return join(root, '.csp', 'journal', `${account}.json`);
}

/**
 * Writes the files as one step, then makes the commit (when given). Must run under the account's
 * lock (withAccountLock). Throws PreconditionError (exit 3, nothing written) when a file is not
 * as the caller read it; when a write or the commit fails, every file is put back as it was and
 * the error is rethrown. A single file without a commit is written directly (atomic on its own).
 */
export async function transaction(
  hub: { root: string },
  account: string,
  writes: readonly PlannedWrite[],
  options: { command: string; commit?: CommitStep; rerun?: string },
): Promise<TransactionResult> {
  const root = resolve(hub.root);
  const lock = heldLock(root, account);
  if (!lock)
    throw new InternalError(
      `${options.command} started a transaction on account "${account}" without holding its lock`,
      { hint: 'wrap it in withAccountLock (src/storage/README.md)' },
    );
  const changes = writes.filter((w) => w.before !== w.after);
  for (const write of changes) {
    checkWrite(root, write, options.rerun);
    // NOTE: writeFileAtomic refuses a secret too, but only as it writes: here no file is written yet.
    // Stryker disable next-line ConditionalExpression: equivalent: staging refuses a secret too, before any file is replaced, and removes the journal
    if (write.after !== null) assertNoSecrets(write.path, write.after);
  }
  if (changes.length === 0 && !options.commit) return {};
  if (changes.length === 1 && !options.commit) {
    apply(changes[0].path, changes[0].after, lock.assertHeld);
    refreshSchemaCopies(root);
    return {};
  }
  const journalPath = journalPathFor(root, account);
  writeJournal(root, account, journalPath, changes, options, lock.assertHeld);
  const staged = stageWrites(changes, journalPath);
  const commit = await replaceStaged(changes, staged, journalPath, account, options, lock.assertHeld);
  // Stryker disable next-line StringLiteral: a test hook's label (CSP_TEST_SLOW_WRITES), read by the end-to-end crash test only
  writeStep('journal done');
  dropJournal(journalPath);
  refreshSchemaCopies(root);
  return commit ? { commit } : {};
}

/**
 * Records a transaction's changes (and its commit step) in the account's journal before anything
 * is written. Throws PreconditionError when a journal is already there, or the write's error
 * (the journal removed).
 */
function writeJournal(
  root: string,
  account: string,
  journalPath: string,
  changes: readonly PlannedWrite[],
  options: { command: string; commit?: CommitStep },
  assertHeld: () => void,
): void {
  assertInside(root, journalPath);
  // NOTE: recovery ran when the lock was taken; a journal now is one left by a process whose lock
  // was taken over (it hung past the stale delay) after that.
  if (exists(journalPath))
    throw new PreconditionError(
      `an interrupted operation on account "${account}" is pending (${journalPath}); nothing was written`,
      { code: 'journal-pending', hint: `run csp repair ${account}, then the same command again` },
    );
  const journal: Journal = {
    csp_journal: 1,
    account,
    command: options.command,
    pid: process.pid,
    started: new Date().toISOString(),
    files: changes.map((w) => ({ path: toRel(root, w.path), before: w.before, after: w.after })),
    ...(options.commit
      ? { commit: { message: options.commit.message, files: options.commit.files.map((f) => toRel(root, f)) } }
      : {}),
  };
  try {
    // Stryker disable next-line StringLiteral: equivalent: the final newline is for people who cat the file; JSON.parse ignores it
    writeFileAtomic(journalPath, JSON.stringify(journal, null, 1) + '\n', assertHeld);
  } catch (error) {
    dropJournal(journalPath);
    throw error;
  }
}

/**
 * Writes every new text to its temp file (fsynced, size checked) and returns the open writers, by
 * write. On an error, aborts them, removes the journal and rethrows: nothing has changed then.
 */
function stageWrites(changes: readonly PlannedWrite[], journalPath: string): Map<PlannedWrite, AtomicWriter> {
  // NOTE: every new text is written to its temp file (and fsynced, and its size checked) before
  // any file is replaced: a full disk or a refused file stops the transaction while nothing has
  // changed, and the renames that follow need no space. Undoing a half-done write would need the
  // space that just ran out (issue 19).
  const staged = new Map<PlannedWrite, AtomicWriter>();
  try {
    for (const write of changes) {
      if (write.after === null) continue;
      const writer = openAtomicWriter(write.path);
      staged.set(write, writer);
      writer.write(write.after);
      writer.flush();
    }
  } catch (error) {
    for (const writer of staged.values()) writer.abort();
    dropJournal(journalPath);
    throw error;
  }
  return staged;
}

/**
 * Renames the staged files into place (removes those whose new text is null), then makes the
 * commit; returns the commit made. On an error, puts back the files already replaced, removes the
 * journal and rethrows; when putting them back fails too, keeps the journal and throws
 * PreconditionError `write-interrupted`.
 */
async function replaceStaged(
  changes: readonly PlannedWrite[],
  staged: Map<PlannedWrite, AtomicWriter>,
  journalPath: string,
  account: string,
  options: { command: string; commit?: CommitStep },
  assertHeld: () => void,
): Promise<string | undefined> {
  const done: PlannedWrite[] = [];
  try {
    for (const write of changes) {
      // Stryker disable next-line StringLiteral: a test hook's label (CSP_TEST_SLOW_WRITES), read by the end-to-end crash test only
      writeStep(`write ${basename(write.path)}`);
      const writer = staged.get(write);
      if (writer) {
        staged.delete(write);
        writer.commit(assertHeld);
      } else apply(write.path, write.after, assertHeld);
      done.push(write);
    }
    if (options.commit) {
      // Stryker disable next-line StringLiteral: a test hook's label (CSP_TEST_SLOW_WRITES), read by the end-to-end crash test only
      writeStep('commit');
      assertHeld();
      return await options.commit.git.commitFiles(options.commit.repo, options.commit.files, options.commit.message);
    }
    return undefined;
  } catch (error) {
    for (const writer of staged.values()) writer.abort();
    try {
      for (const write of done.reverse()) apply(write.path, write.before, assertHeld);
    } catch (undoError) {
      // NOTE: the journal stays, so the next command finishes or undoes the operation.
      throw new PreconditionError(
        `${options.command} failed halfway and could not put the files back; the next csp command on "${account}" will finish it`,
        { code: 'write-interrupted', cause: new AggregateError([error, undoError]), hint: `run csp repair ${account}` },
      );
    }
    dropJournal(journalPath);
    throw error;
  }
}

/**
 * Writes one file atomically after checking that it is still as the caller read it (csp never
 * overwrites what it did not read) and, for an account's file, that this process holds the
 * account's lock; then refreshes stale schema copies (infohub.ts refreshSchemaCopies, once per process). Throws PreconditionError (exit 3) and writes nothing otherwise; `rerun` is the
 * command the error tells the user to run again (e.g. after a review at a prompt).
 */
export function writeChecked(root: string, write: PlannedWrite, rerun?: string): void {
  checkWrite(root, write, rerun);
  apply(write.path, write.after, () => assertAccountLockHeld(root, write.path));
  refreshSchemaCopies(root);
}

/** What every write must pass before csp writes anything: inside the InfoHub, under its account's lock, and unchanged since it was read. */
function checkWrite(root: string, write: PlannedWrite, rerun?: string): void {
  assertInside(root, write.path);
  assertAccountLockHeld(root, write.path);
  checkUnchanged(write, rerun);
}

/** Refuses a write whose file is not as the caller read it: created meanwhile, or changed. */
function checkUnchanged(write: PlannedWrite, rerun = 'the command'): void {
  const current = readIfExists(write.path);
  if (write.before === null && current !== null) {
    throw new PreconditionError(`${write.path} already exists`, {
      code: 'file-exists',
      hint: 'csp never overwrites a file it did not open: edit it, or remove it first',
    });
  }
  // Stryker disable next-line ConditionalExpression: equivalent: with before null, current is null here (the check above threw otherwise)
  if (write.before !== null && current !== write.before) {
    throw new PreconditionError(
      `${write.path} was changed by something else while csp worked on it; nothing was written`,
      { code: 'changed-meanwhile', hint: rerun === 'the command' ? 'run the command again' : `run it again: ${rerun}` },
    );
  }
}

/** Writes (or, for null, removes) a file; `check` (the lock's assertHeld) runs right before the rename or unlink. */
function apply(path: string, text: string | null, check?: () => void): void {
  if (text === null) removeFile(path, check);
  else writeFileAtomic(path, text, check);
}

function dropJournal(path: string): void {
  removeFile(path);
  try {
    rmdirSync(dirname(path));
  } catch {
    // another account's journal is there, or the folder is gone: both fine
  }
}

function toRel(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

// ---- detection and recovery ---------------------------------------------------------------

/** An operation that was interrupted and not yet finished or undone. */
export interface PendingOperation {
  account: string;
  /** The command that was interrupted ("csp develop"); "unknown" when the journal is unreadable. */
  command: string;
  /** When it started (ISO 8601), if known. */
  started?: string;
  /** The journal file (absolute). */
  journal: string;
  /** The files it was writing (absolute). */
  files: string[];
  /** Why the journal cannot be used, when it cannot. */
  problem?: string;
}

/**
 * The interrupted operations of an InfoHub (journals left by killed processes), sorted by
 * account. Reads only; cheap when there are none (one readdir). For csp status and csp validate.
 */
export function pendingRecovery(root: string): PendingOperation[] {
  const dir = join(resolve(root), '.csp', 'journal');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  // Stryker disable next-line MethodExpression: equivalent on Linux: node's readdirSync (libuv scandir) lists names sorted already
  return names
    .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
    .sort()
    .map((name) => {
      const journal = join(dir, name);
      const account = name.slice(0, -'.json'.length);
      try {
        // Stryker disable next-line StringLiteral: equivalent: without an encoding readFileSync gives a Buffer, which JSON.parse reads as UTF-8 text
        const j = parseJournal(root, account, readFileSync(journal, 'utf8'));
        return {
          account,
          command: j.command,
          started: j.started,
          journal,
          files: j.files.map((f) => join(root, f.path)),
        };
      } catch (error) {
        return { account, command: 'unknown', journal, files: [], problem: (error as Error).message };
      }
    });
}

/** What recovering an account did. */
export interface RecoveryResult {
  account: string;
  command: string;
  started: string;
  /** finished: the files now hold the new texts (and the commit is made); rolled-back: the old ones. */
  outcome: 'finished' | 'rolled-back';
  files: string[];
  commit?: string;
  /** Why it was rolled back. */
  reason?: string;
}

/**
 * Finishes (or, when its commit cannot be made, undoes) the interrupted operation of an account,
 * if there is one, and removes the temp files killed writers left in its folders. Must run under
 * the account's lock. Throws PreconditionError (exit 3, nothing
 * changed) when the journal is unreadable or unsafe, or when a file was changed by someone since
 * (csp cannot tell then which text is right: the journal holds both).
 */
export async function recoverAccount(
  root: string,
  account: string,
  deps: { git?: () => Promise<GitPort> } = {},
): Promise<RecoveryResult | undefined> {
  root = resolve(root);
  const lock = heldLock(root, account);
  if (!lock) throw new InternalError(`recovering account "${account}" without holding its lock`);
  sweepAccount(root, account);
  const journalPath = journalPathFor(root, account);
  const hint = `check the files it names; ${journalPath} holds their old and new texts. Delete the journal when the files are right`;
  let journal: Journal;
  try {
    const text = readIfExists(journalPath);
    if (text === null) return undefined;
    journal = parseJournal(root, account, text);
  } catch (error) {
    throw new PreconditionError(
      `an interrupted csp operation on account "${account}" left a journal that csp cannot use: ${(error as Error).message}`,
      { code: 'journal-unusable', cause: error, hint },
    );
  }
  const files = journal.files.map((f) => ({ ...f, abs: join(root, f.path) }));
  const current = files.map((f) => readIfExists(f.abs));
  const foreign = files.filter((f, i) => current[i] !== f.before && current[i] !== f.after);
  if (foreign.length > 0) {
    throw new PreconditionError(
      `an interrupted ${journal.command} on account "${account}" (started ${journal.started}) cannot be finished: ${foreign.map((f) => f.path).join(', ')} changed since`,
      { code: 'journal-conflict', hint },
    );
  }
  const base = { account, command: journal.command, started: journal.started, files: files.map((f) => f.abs) };
  files.forEach((f, i) => {
    // Stryker disable next-line ConditionalExpression: equivalent: rewriting a file with the text it holds changes nothing
    if (current[i] !== f.after) apply(f.abs, f.after, lock.assertHeld);
  });
  let commit: string | undefined;
  if (journal.commit) {
    let reason: string | undefined;
    try {
      const git = deps.git ? await deps.git() : undefined;
      const repo = git ? await git.topLevel(root) : null;
      if (!git || !repo) reason = 'the InfoHub is no longer in a git repository';
      else if (
        (
          await git.changedFiles(
            repo,
            files.map((f) => f.abs),
          )
        ).size > 0
      ) {
        commit = await git.commitFiles(
          repo,
          journal.commit.files.map((f) => join(root, f)),
          journal.commit.message,
        );
      }
    } catch (error) {
      reason = `git failed: ${(error as Error).message.split('\n')[0]}`;
    }
    if (reason) {
      for (const f of [...files].reverse()) {
        // Stryker disable next-line ConditionalExpression: equivalent: rewriting a file with the text it holds changes nothing
        if (readIfExists(f.abs) !== f.before) apply(f.abs, f.before, lock.assertHeld);
      }
      dropJournal(journalPath);
      return { ...base, outcome: 'rolled-back', reason };
    }
  }
  dropJournal(journalPath);
  return { ...base, outcome: 'finished', ...(commit ? { commit } : {}) };
}

/** Removes every temp file in the account's folders (the lock holder is their only writer) and dead ones in .csp. */
function sweepAccount(root: string, account: string): void {
  const p = accountPaths(root, account);
  for (const dir of [p.dir, p.successPlan, p.history, p.artifacts]) sweepTempFiles(dir, Date.now(), { all: true });
  for (const dir of [join(root, '.csp', 'journal'), join(root, '.csp', 'schemas'), root]) sweepTempFiles(dir);
}

/**
 * Parses and checks a journal: its shape, and that every path stays inside the account's folder,
 * the InfoHub's .csp/schemas or its .gitattributes (a journal committed into a repository must not make csp write
 * anywhere else). Throws Error with the reason.
 */
function parseJournal(root: string, account: string, text: string): Journal {
  const j = JSON.parse(text) as Journal;
  if (j?.csp_journal !== 1 || j.account !== account || typeof j.command !== 'string' || !Array.isArray(j.files))
    throw new Error('it is not a csp journal of this account');
  const safe = (p: unknown): boolean => {
    if (typeof p !== 'string' || p === '' || p.includes('\0') || isAbsolute(p) || p.split('/').includes('..'))
      return false;
    const abs = resolve(root, p);
    // Stryker disable next-line ConditionalExpression,BooleanLiteral: equivalent: a relative path without '..' always resolves inside root
    if (!abs.startsWith(root + sep)) return false;
    // NOTE: csp init writes the InfoHub's .gitattributes (the merge driver's lines) in its transaction.
    return p.startsWith(`${account}/`) || p.startsWith('.csp/schemas/') || p === '.gitattributes';
  };
  for (const f of j.files) {
    if (!safe(f?.path)) throw new Error(`it names a file outside the account's folder (${String(f?.path)})`);
    if ((f.before !== null && typeof f.before !== 'string') || (f.after !== null && typeof f.after !== 'string'))
      throw new Error(`its entry for ${f.path} is malformed`);
    assertInside(root, join(root, f.path));
  }
  if (
    j.commit &&
    (typeof j.commit.message !== 'string' || !Array.isArray(j.commit.files) || !j.commit.files.every(safe))
  )
    throw new Error('its commit step is malformed');
  return j;
}
