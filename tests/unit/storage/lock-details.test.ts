/**
 * The account lock's smaller promises (src/storage/lock.ts, issue 19): the message of a command
 * that gave up, the lock folders it lists, the lock a process holds, and a lock that cannot be made.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { tempDir } from '../../helpers/repo.js';
import {
  AccountLockedError,
  assertAccountLockHeld,
  heldLock,
  lockedAccounts,
  lockPathFor,
  withAccountLock,
} from '../../../src/storage/lock.js';
import { InternalError, PreconditionError } from '../../../src/errors.js';

const config = { lockTimeoutMs: 300, lockStaleMs: 10_000 };

function holder(root: string, account: string, owner: object | null): string {
  const path = lockPathFor(root, account);
  mkdirSync(path, { recursive: true });
  if (owner) writeFileSync(join(path, 'owner.json'), JSON.stringify(owner));
  const now = new Date();
  utimesSync(path, now, now);
  return path;
}

describe('a command that gave up waiting', () => {
  it('names the holder, the wait in seconds and the stale delay', async () => {
    const root = tempDir();
    const owner = {
      pid: process.ppid,
      host: hostname(),
      command: 'csp develop',
      since: '2026-12-05T10:11:12.345Z',
      token: 't',
    };
    const path = holder(root, 'acme', owner);
    const error = await withAccountLock(
      { root, config: { lockTimeoutMs: 250, lockStaleMs: 12_400 } },
      'acme',
      async () => 'ran',
      { command: 'csp add' },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(AccountLockedError);
    expect(error.code).toBe('account-locked');
    expect(error.owner).toEqual(owner);
    expect(error.message).toBe(
      `account "acme" is being changed by another csp process (csp develop, process ${process.ppid} on ${hostname()}, since 10:11:12 UTC); gave up after waiting 0.3 s, nothing was changed`,
    );
    expect(error.hint).toBe(
      `run the command again when the other one has finished. If no csp is running, the lock (${path}) is taken over on its own 12 s after its process stopped; wait longer with CSP_LOCK_TIMEOUT_MS or lock_timeout_ms in .csp.yaml`,
    );
  });

  it('says nothing of a holder that has not written who it is yet', async () => {
    const root = tempDir();
    holder(root, 'acme', null);
    const error = await withAccountLock(
      { root, config: { lockTimeoutMs: 1250, lockStaleMs: 10_000 } },
      'acme',
      async () => 'ran',
      { command: 'csp add' },
    ).catch((e) => e);
    expect(error.message).toBe(
      'account "acme" is being changed by another csp process; gave up after waiting 1.3 s, nothing was changed',
    );
    expect(error.owner).toBeUndefined();
  });

  it('treats an owner.json without a numeric pid or a host as no owner', async () => {
    const root = tempDir();
    for (const [account, owner] of [
      ['a', { pid: '12', host: 'h', command: 'c', since: '2026-12-05T10:11:12Z' }],
      ['b', { pid: 12, command: 'c', since: '2026-12-05T10:11:12Z' }],
    ] as const) {
      holder(root, account, owner);
      const error = await withAccountLock(
        { root, config: { lockTimeoutMs: 0, lockStaleMs: 10_000 } },
        account,
        async () => 'ran',
        { command: 'x' },
      ).catch((e) => e);
      expect(error.owner).toBeUndefined();
      expect(error.message).not.toContain('process 12');
    }
  });
});

describe('lockedAccounts', () => {
  it('lists the accounts with a lock folder, sorted; none when there is no locks folder', () => {
    const root = tempDir();
    expect(lockedAccounts(root)).toEqual([]);
    for (const name of ['zeta.lock', 'acme.lock', 'notes.txt', 'lock'])
      mkdirSync(join(root, '.csp', 'locks', name), { recursive: true });
    expect(lockedAccounts(root)).toEqual(['acme', 'zeta']);
  });
});

describe('heldLock and assertHeld', () => {
  it('gives the lock this process holds, only while it holds it', async () => {
    const root = tempDir();
    expect(heldLock(root, 'acme')).toBeUndefined();
    const inside = await withAccountLock(
      { root, config },
      'acme',
      async (lock) => {
        expect(heldLock(root, 'beta')).toBeUndefined();
        lock.assertHeld();
        assertAccountLockHeld(root, join(root, 'acme', 'success_plan', 'csp.yaml'));
        return heldLock(`${root}/`, 'acme');
      },
      { command: 'csp add' },
    );
    expect(inside).toMatchObject({ root, account: 'acme', path: lockPathFor(root, 'acme') });
    expect(heldLock(root, 'acme')).toBeUndefined();
  });

  it('refuses to write once the owner file is gone, naming the command', async () => {
    const root = tempDir();
    const error = await withAccountLock(
      { root, config },
      'acme',
      async (lock) => {
        rmSync(join(lock.path, 'owner.json'));
        lock.assertHeld();
      },
      { command: 'csp develop' },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(PreconditionError);
    expect(error.message).toBe(
      'the lock of account "acme" was taken over by another process while csp develop worked (it was stopped or too slow); nothing more was written',
    );
    expect(error.hint).toBe('run csp validate, then the same command again');
  });

  it('names the file and the account when a write comes without the lock', () => {
    const root = tempDir();
    const error = (() => {
      try {
        assertAccountLockHeld(root, join(root, 'acme', 'csp.yaml'));
      } catch (e) {
        return e as InternalError;
      }
    })();
    expect(error).toBeInstanceOf(InternalError);
    expect(error!.message).toBe(
      `csp tried to write ${join(root, 'acme', 'csp.yaml')} without holding the lock of account "acme"`,
    );
    expect(error!.hint).toBe('wrap the read-modify-write in withAccountLock (src/storage/README.md)');
  });

  it('lets paths outside the InfoHub and files at its top through', () => {
    const root = tempDir();
    expect(() => assertAccountLockHeld(join(root, 'hub'), join(root, 'other', 'acme', 'csp.yaml'))).not.toThrow();
    expect(() => assertAccountLockHeld(root, join(root, 'csp.yaml'))).not.toThrow();
  });
});

describe('the folders a lock needs', () => {
  it('creates a missing InfoHub folder for the lock and removes it again', async () => {
    const root = join(tempDir(), 'hub');
    await withAccountLock({ root, config }, 'acme', async (lock) => expect(existsSync(lock.path)).toBe(true), {
      command: 'x',
    });
    expect(existsSync(root)).toBe(false);
  });

  it('keeps an InfoHub folder that was there before', async () => {
    const root = tempDir();
    await withAccountLock({ root, config }, 'acme', async () => undefined, { command: 'x' });
    expect(existsSync(root)).toBe(true);
    expect(existsSync(join(root, '.csp'))).toBe(false);
  });

  it('keeps the locks folder while another account is locked in it', async () => {
    const root = tempDir();
    holder(root, 'beta', {
      pid: process.ppid,
      host: hostname(),
      command: 'c',
      since: new Date().toISOString(),
      token: 't',
    });
    await withAccountLock({ root, config }, 'acme', async () => undefined, { command: 'x' });
    expect(lockedAccounts(root)).toEqual(['beta']);
  });

  it('fails with exit 3 when the lock folder cannot be made', async () => {
    const root = tempDir();
    writeFileSync(join(root, '.csp'), 'not a folder');
    const error = await withAccountLock({ root, config }, 'acme', async () => 'ran', { command: 'x' }).catch((e) => e);
    expect(error).toBeInstanceOf(PreconditionError);
    expect(error.code).toBe('lock-failed');
    expect(error.message).toMatch(/^cannot lock account "acme": .*ENOTDIR/);
    expect(error.hint).toBe(`check that csp may create folders in ${join(root, '.csp')}`);
  });
});
