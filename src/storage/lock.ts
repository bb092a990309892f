/**
 * The per-account lock: one csp process at a time reads, changes and writes an account's files
 * (SPEC "Who uses it": people and scripts touch the same plans). See README.md in this folder.
 *
 * The lock is proper-lockfile's: a folder `<root>/.csp/locks/<account>.lock` made with mkdir
 * (atomic), its mtime refreshed by the holder every half of `lockStaleMs`, and taken over when
 * it is older than that (a holder that died or hangs). On top of it csp writes `owner.json` into
 * the folder (pid, host, command, a random token), which gives three things:
 * - a lock whose process is gone (same host, pid not running) is taken over at once, not after
 *   the stale delay, so the next command after a crash does not wait;
 * - the message of a command that gave up names who holds the lock;
 * - `assertHeld()` checks, before each write, that the folder still holds this process's token,
 *   so a holder whose lock was taken over (it hung past the stale delay) writes nothing.
 *
 * A command waits at most `lockTimeoutMs` for the lock, then fails with AccountLockedError
 * (exit 3) having changed nothing. The lock is re-entrant within a process. Locks are never held
 * while csp waits for a person (prompts come before the lock).
 */
import {
  readdirSync,
  readFileSync,
  writeFileSync,
  mkdirSync,
  rmdirSync,
  rmSync,
  rm,
  stat,
  statSync,
  utimes,
  utimesSync,
  mkdir,
  realpath,
  type Stats,
} from 'node:fs';
import { hostname } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { InternalError, PreconditionError } from '../errors.js';
import { assertInside, checkSlug } from './infohub.js';
import { exists, processAlive } from './files.js';

/** What the lock needs to know about the InfoHub (infohub/hub.ts Hub satisfies it). */
export interface LockingHub {
  root: string;
  config: { lockTimeoutMs: number; lockStaleMs: number };
}

/** Who holds a lock, as written in its owner.json. */
export interface LockOwner {
  pid: number;
  host: string;
  /** The command that took it, e.g. "csp add". */
  command: string;
  /** When it was taken (ISO 8601). */
  since: string;
  token: string;
}

/** A lock this process holds. */
export interface HeldLock {
  root: string;
  account: string;
  /** The lock folder. */
  path: string;
  /** Throws PreconditionError (exit 3) when the lock is no longer this process's (taken over after a hang). */
  assertHeld(): void;
}

/** Another process held the account's lock for longer than the wait allowed (exit 3); nothing was changed. */
export class AccountLockedError extends PreconditionError {
  readonly owner?: LockOwner;
  constructor(message: string, options: { hint: string; owner?: LockOwner }) {
    super(message, { code: 'account-locked', hint: options.hint });
    this.owner = options.owner;
  }
}

const HOST = hostname();

interface Holding {
  lock: HeldLock;
  release: () => Promise<void>;
}

/** Locks held by this process, by lock folder. */
const held = new Map<string, Holding>();

/** The lock folder of an account. */
export function lockPathFor(root: string, account: string): string {
  return join(root, '.csp', 'locks', `${account}.lock`);
}

/**
 * Runs fn while holding the account's lock. Waits up to hub.config.lockTimeoutMs for another
 * process to finish; then throws AccountLockedError (exit 3) without having changed anything.
 * Re-entrant: a nested call for the same account runs fn at once. `onAcquired` runs right after
 * the lock is taken (not on nested calls): the place to finish an interrupted operation.
 */
export async function withAccountLock<T>(
  hub: LockingHub,
  account: string,
  fn: (lock: HeldLock) => Promise<T>,
  options: { command: string; onAcquired?: (lock: HeldLock) => Promise<void> },
): Promise<T> {
  checkSlug(account);
  const root = resolve(hub.root);
  const path = lockPathFor(root, account);
  const nested = held.get(path);
  if (nested) return fn(nested.lock);
  // NOTE: a .csp (or .csp/locks) that is a symbolic link out of the InfoHub must not make csp create folders elsewhere.
  assertInside(root, path);
  const created = [root, join(root, '.csp')].filter((d) => !exists(d));
  const holding = await acquire(root, account, path, hub.config, options.command);
  held.set(path, holding);
  try {
    if (options.onAcquired) await options.onAcquired(holding.lock);
    return await fn(holding.lock);
  } finally {
    held.delete(path);
    await holding.release();
    // NOTE: leave no trace: the folders the lock needed are removed again when empty (another
    // process that is about to lock in them re-creates them; see acquire()).
    for (const dir of [join(root, '.csp', 'locks'), ...created.reverse()]) {
      try {
        rmdirSync(dir);
      } catch {
        // not empty, or already gone: both fine
      }
    }
  }
}

/**
 * Throws InternalError (a bug in the caller) when path is in an account folder of root and this
 * process does not hold that account's lock; then, that the lock is still this process's. Every
 * write to an account's files goes through here (documents.ts, journal.ts).
 */
export function assertAccountLockHeld(root: string, path: string): void {
  const rel = relative(resolve(root), resolve(path));
  const parts = rel.split(sep);
  if (parts.length < 2 || parts[0] === '..' || parts[0].startsWith('.')) return;
  const holding = held.get(lockPathFor(resolve(root), parts[0]));
  if (!holding) {
    throw new InternalError(`csp tried to write ${path} without holding the lock of account "${parts[0]}"`, {
      hint: 'wrap the read-modify-write in withAccountLock (src/storage/README.md)',
    });
  }
  holding.lock.assertHeld();
}

/** The lock this process holds on an account, if any. */
export function heldLock(root: string, account: string): HeldLock | undefined {
  return held.get(lockPathFor(resolve(root), account))?.lock;
}

/** The accounts that have a lock folder in the InfoHub (held now, or left by a process that died). */
export function lockedAccounts(root: string): string[] {
  try {
    // Stryker disable next-line MethodExpression: equivalent on Linux: node's readdirSync (libuv scandir) lists names sorted already
    return readdirSync(join(root, '.csp', 'locks'))
      .filter((n) => n.endsWith('.lock'))
      .map((n) => n.slice(0, -'.lock'.length))
      .sort();
  } catch {
    return [];
  }
}

/** Reads a lock's owner.json; undefined when it is missing or unreadable (a lock being taken). */
function readLockOwner(lockPath: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(join(lockPath, 'owner.json'), 'utf8')) as LockOwner;
    // Stryker disable next-line OptionalChaining: equivalent: owner.pid of a JSON null throws, which the catch turns into undefined too
    return typeof owner?.pid === 'number' && typeof owner.host === 'string' ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** True when the owner is a process on this machine that is gone: its lock can be taken over at once. */
function ownerGone(owner: LockOwner | undefined): boolean {
  // Stryker disable next-line ConditionalExpression: equivalent: this process's own pid is alive, so processAlive rules it out too
  return !!owner && owner.host === HOST && owner.pid !== process.pid && !processAlive(owner.pid);
}

type Callback<T = void> = (err: NodeJS.ErrnoException | null, value?: T) => void;

/**
 * The fs proper-lockfile works through: the real one, except that a lock whose owner is gone
 * reads as stale, and that removing a lock removes its owner.json too. Exported for its unit
 * tests only (the exit handler's rmdirSync runs only as a process exits).
 */
export const lockFs = {
  mkdir: (path: string, cb: Callback) => mkdir(path, (err) => cb(err)),
  utimes: (path: string, atime: Date, mtime: Date, cb: Callback) => utimes(path, atime, mtime, (err) => cb(err)),
  // Stryker disable next-line ArrowFunction: equivalent: csp locks with realpath: false, so proper-lockfile never calls it
  realpath: (path: string, cb: Callback<string>) => realpath(path, cb),
  stat: (path: string, cb: Callback<Stats | { mtime: Date }>) =>
    stat(path, (err, stats) => {
      if (err) return cb(err);
      // Stryker disable next-line StringLiteral: equivalent: proper-lockfile stats only the lock folder, whose name ends in .lock
      cb(null, path.endsWith('.lock') && ownerGone(readLockOwner(path)) ? { mtime: new Date(0) } : stats);
    }),
  // NOTE: the lock folder always holds owner.json, so it goes with its content.
  rmdir: (path: string, cb: Callback) => rm(path, { recursive: true }, (err) => cb(err)),
  // NOTE: used only by proper-lockfile's exit handler, for the locks it thinks this process
  // holds: a lock taken over by another process meanwhile is not this process's to remove.
  rmdirSync: (path: string) => {
    const owner = readLockOwner(path);
    if (owner && owner.pid !== process.pid) return;
    rmSync(path, { recursive: true, force: true });
  },
};

async function acquire(
  root: string,
  account: string,
  path: string,
  config: LockingHub['config'],
  command: string,
): Promise<Holding> {
  // NOTE: proper-lockfile (and its signal-exit and graceful-fs) and node:crypto load only
  // for commands that write: csp validate reads the journal, which imports this module.
  const [lockfile, { randomBytes }] = await Promise.all([import('proper-lockfile'), import('node:crypto')]);
  const token = randomBytes(12).toString('hex');
  let compromised: Error | undefined;
  const deadline = Date.now() + config.lockTimeoutMs;
  let delay = 20;
  let release: () => Promise<void>;
  for (;;) {
    try {
      mkdirSync(join(root, '.csp', 'locks'), { recursive: true });
      // NOTE: the first argument is proper-lockfile's key for the lock in this process (the folder is
      // lockfilePath): one per account, or releasing one lock forgets another.
      // Stryker disable next-line MethodExpression: equivalent: the whole path is as unique a key
      release = await lockfile.lock(path.slice(0, -'.lock'.length), {
        lockfilePath: path,
        realpath: false,
        stale: config.lockStaleMs,
        retries: 0,
        fs: lockFs,
        onCompromised: (error: Error) => {
          compromised = error;
        },
      });
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // ENOENT: the locks folder was removed by a process that just released its lock.
      if (code !== 'ELOCKED' && code !== 'ENOENT') {
        throw new PreconditionError(`cannot lock account "${account}": ${(error as Error).message}`, {
          code: 'lock-failed',
          cause: error,
          hint: `check that csp may create folders in ${join(root, '.csp')}`,
        });
      }
      // Stryker disable next-line EqualityOperator: a millisecond of the wait; tests assert no wall-clock times (issue 19)
      if (code === 'ELOCKED' && Date.now() >= deadline) throw lockedError(account, path, config);
      // Stryker disable next-line ArithmeticOperator,MethodExpression: the back-off's timing only; tests assert no wall-clock times (issue 19)
      await new Promise((r) => setTimeout(r, Math.min(delay, Math.max(0, deadline - Date.now())) + Math.random() * 10));
      // Stryker disable next-line ArithmeticOperator,MethodExpression: the back-off's timing only
      delay = Math.min(delay * 1.5, 250);
    }
  }
  const owner: LockOwner = { pid: process.pid, host: HOST, command, since: new Date().toISOString(), token };
  // NOTE: writing owner.json changes the lock folder's mtime, which proper-lockfile checks on its
  // first refresh (stale / 2 later): put back the mtime it set, or a command holding the lock
  // longer than that finds it "compromised" and leaves it behind.
  const set = statSync(path);
  // Stryker disable next-line StringLiteral: equivalent: the final newline is for people who cat the file; JSON.parse ignores it
  writeFileSync(join(path, 'owner.json'), JSON.stringify(owner) + '\n');
  utimesSync(path, set.atime, set.mtime);
  const lock: HeldLock = {
    root,
    account,
    path,
    assertHeld: () => {
      if (compromised || readLockOwner(path)?.token !== token) {
        throw new PreconditionError(
          `the lock of account "${account}" was taken over by another process while ${command} worked (it was stopped or too slow); nothing more was written`,
          {
            code: 'lock-lost',
            cause: compromised,
            hint: `run csp validate, then the same command again`,
          },
        );
      }
    },
  };
  return {
    lock,
    release: async () => {
      // NOTE: a lock that was taken over is not ours to remove (it is the new holder's now).
      if (readLockOwner(path)?.token !== token) return;
      try {
        await release();
      } catch {
        // ERELEASED: proper-lockfile found it compromised first; nothing to remove.
      }
    },
  };
}

function lockedError(account: string, path: string, config: LockingHub['config']): AccountLockedError {
  const owner = readLockOwner(path);
  const who = owner
    ? ` (${owner.command}, process ${owner.pid} on ${owner.host}, since ${owner.since.slice(11, 19)} UTC)`
    : '';
  const seconds = Math.round(config.lockTimeoutMs / 100) / 10;
  return new AccountLockedError(
    `account "${account}" is being changed by another csp process${who}; gave up after waiting ${seconds} s, nothing was changed`,
    {
      owner,
      hint: `run the command again when the other one has finished. If no csp is running, the lock (${path}) is taken over on its own ${Math.round(config.lockStaleMs / 1000)} s after its process stopped; wait longer with CSP_LOCK_TIMEOUT_MS or lock_timeout_ms in .csp.yaml`,
    },
  );
}
