import { describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { tempDir } from '../../helpers/repo.js';
import {
  AccountLockedError,
  assertAccountLockHeld,
  lockPathFor,
  withAccountLock,
  type LockOwner,
} from '../../../src/storage/lock.js';
import { InternalError } from '../../../src/errors.js';

const config = { lockTimeoutMs: 300, lockStaleMs: 10_000 };

/** Makes the lock folder of another holder: owner pid, fresh or old mtime. */
function fakeHolder(root: string, account: string, owner: Partial<LockOwner> | null, ageMs = 0): string {
  const path = lockPathFor(root, account);
  mkdirSync(path, { recursive: true });
  if (owner)
    writeFileSync(
      join(path, 'owner.json'),
      JSON.stringify({
        host: hostname(),
        command: 'csp add',
        since: new Date().toISOString(),
        token: 'theirs',
        ...owner,
      }),
    );
  const t = new Date(Date.now() - ageMs);
  utimesSync(path, t, t);
  return path;
}

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const out = execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(out);
}

describe('withAccountLock', () => {
  it('runs the function under the lock and leaves no trace', async () => {
    const root = tempDir();
    const seen = await withAccountLock(
      { root, config },
      'acme',
      async (lock) => {
        expect(existsSync(lock.path)).toBe(true);
        const owner = JSON.parse(readFileSync(join(lock.path, 'owner.json'), 'utf8')) as LockOwner;
        expect(owner).toMatchObject({ pid: process.pid, host: hostname(), command: 'csp add' });
        return 'done';
      },
      { command: 'csp add' },
    );
    expect(seen).toBe('done');
    expect(existsSync(join(root, '.csp'))).toBe(false);
  });

  it('keeps a .csp folder that held something before', async () => {
    const root = tempDir();
    mkdirSync(join(root, '.csp', 'schemas'), { recursive: true });
    await withAccountLock({ root, config }, 'acme', async () => undefined, { command: 'csp add' });
    expect(existsSync(join(root, '.csp', 'schemas'))).toBe(true);
    expect(existsSync(join(root, '.csp', 'locks'))).toBe(false);
  });

  it('is re-entrant within a process, and runs onAcquired once', async () => {
    const root = tempDir();
    let acquired = 0;
    const onAcquired = async () => void acquired++;
    const inner = await withAccountLock(
      { root, config },
      'acme',
      () => withAccountLock({ root, config }, 'acme', async () => 'inner', { command: 'b', onAcquired }),
      { command: 'a', onAcquired },
    );
    expect(inner).toBe('inner');
    expect(acquired).toBe(1);
  });

  it('releases the lock when the function throws', async () => {
    const root = tempDir();
    await expect(
      withAccountLock({ root, config }, 'acme', async () => Promise.reject(new Error('boom')), { command: 'x' }),
    ).rejects.toThrow('boom');
    expect(existsSync(lockPathFor(root, 'acme'))).toBe(false);
  });

  it('gives up after the timeout with exit 3, naming the holder, and changes nothing', async () => {
    const root = tempDir();
    const path = fakeHolder(root, 'acme', { pid: process.ppid, command: 'csp develop' });
    let ran = false;
    const error = await withAccountLock({ root, config }, 'acme', async () => void (ran = true), {
      command: 'csp add',
    }).catch((e) => e);
    expect(error).toBeInstanceOf(AccountLockedError);
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain('account "acme" is being changed by another csp process (csp develop, process');
    expect(error.message).toContain('nothing was changed');
    expect(error.hint).toContain('CSP_LOCK_TIMEOUT_MS');
    expect(ran).toBe(false);
    expect(JSON.parse(readFileSync(join(path, 'owner.json'), 'utf8')).token).toBe('theirs');
  });

  it('fails at once with a timeout of 0', async () => {
    const root = tempDir();
    fakeHolder(root, 'acme', { pid: process.ppid });
    await expect(
      withAccountLock({ root, config: { ...config, lockTimeoutMs: 0 } }, 'acme', async () => undefined, {
        command: 'x',
      }),
    ).rejects.toBeInstanceOf(AccountLockedError);
  });

  it('treats a lock folder without owner.json (being taken right now) as held', async () => {
    const root = tempDir();
    fakeHolder(root, 'acme', null);
    await expect(
      withAccountLock({ root, config }, 'acme', async () => undefined, { command: 'x' }),
    ).rejects.toBeInstanceOf(AccountLockedError);
  });

  it('takes over at once the lock of a process that is gone', async () => {
    const root = tempDir();
    fakeHolder(root, 'acme', { pid: deadPid() });
    // NOTE: no wall-clock assertion (issue 19): resolving at all within the timeout is the behaviour.
    const owner = await withAccountLock(
      { root, config: { ...config, lockTimeoutMs: 5000 } },
      'acme',
      async (lock) => JSON.parse(readFileSync(join(lock.path, 'owner.json'), 'utf8')),
      { command: 'csp add' },
    );
    expect(owner.pid).toBe(process.pid);
  });

  it('takes over a lock that its (living) holder stopped refreshing past the stale delay', async () => {
    const root = tempDir();
    fakeHolder(root, 'acme', { pid: process.ppid }, 60_000);
    await expect(withAccountLock({ root, config }, 'acme', async () => 'mine', { command: 'x' })).resolves.toBe('mine');
  });

  it('does not take over the lock of a process on another machine before the stale delay', async () => {
    const root = tempDir();
    fakeHolder(root, 'acme', { pid: deadPid(), host: 'another-host' });
    await expect(
      withAccountLock({ root, config }, 'acme', async () => undefined, { command: 'x' }),
    ).rejects.toBeInstanceOf(AccountLockedError);
  });

  it('waits for a holder that releases within the timeout', async () => {
    const root = tempDir();
    // A real second process holds the lock for 300 ms (the same module, through node's loader).
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `
      import lockfile from 'proper-lockfile';
      import { mkdirSync, writeFileSync } from 'node:fs';
      mkdirSync(${JSON.stringify(join(root, '.csp', 'locks'))}, { recursive: true });
      const release = await lockfile.lock(${JSON.stringify(join(root, '.csp', 'locks', 'acme'))}, { lockfilePath: ${JSON.stringify(lockPathFor(root, 'acme'))}, realpath: false });
      process.stdout.write('locked\\n');
      setTimeout(async () => { writeFileSync(${JSON.stringify(join(root, 'releasing'))}, ''); await release(); }, 300);
    `,
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const closed = new Promise((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve) => child.stdout.on('data', () => resolve()));
    // NOTE: no wall-clock assertion (issue 19): the lock is ours only once the holder let it go.
    const holderLetGo = await withAccountLock(
      { root, config: { ...config, lockTimeoutMs: 5000 } },
      'acme',
      async () => existsSync(join(root, 'releasing')),
      { command: 'x' },
    );
    expect(holderLetGo).toBe(true);
    await closed;
  });

  it('refuses to write when the lock was taken over by another process', async () => {
    const root = tempDir();
    const error = await withAccountLock(
      { root, config },
      'acme',
      async (lock) => {
        writeFileSync(join(lock.path, 'owner.json'), JSON.stringify({ pid: 1, host: 'x', token: 'someone-else' }));
        assertAccountLockHeld(root, join(root, 'acme', 'success_plan', 'csp.yaml'));
      },
      { command: 'csp add' },
    ).catch((e) => e);
    expect(error.code).toBe('lock-lost');
    expect(error.exitCode).toBe(3);
  });

  it('refuses unsafe account names before touching anything', async () => {
    const root = tempDir();
    await expect(
      withAccountLock({ root, config }, '../evil', async () => undefined, { command: 'x' }),
    ).rejects.toMatchObject({ exitCode: 2 });
    expect(existsSync(join(root, '.csp'))).toBe(false);
  });
});

describe('assertAccountLockHeld', () => {
  it('throws InternalError for an account file written without the lock', () => {
    const root = tempDir();
    expect(() => assertAccountLockHeld(root, join(root, 'acme', 'success_plan', 'csp.yaml'))).toThrow(InternalError);
  });

  it.each(['.csp.yaml', '.csp/schemas/csp.schema.json', 'README.md'])(
    'lets InfoHub-level files (%s) through',
    (rel) => {
      const root = tempDir();
      expect(() => assertAccountLockHeld(root, join(root, rel))).not.toThrow();
    },
  );
});
