/**
 * The account lock's edges (src/storage/lock.ts, issue 19 "Tests that can fail"): several locks in
 * one process, a lock whose folder cannot be examined, a lock found compromised, the exit handler's
 * removal, and the order of lockedAccounts.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { tempDir } from '../../helpers/repo.js';
import { lockedAccounts, lockFs, lockPathFor, withAccountLock } from '../../../src/storage/lock.js';
import { PreconditionError } from '../../../src/errors.js';

const config = { lockTimeoutMs: 300, lockStaleMs: 10_000 };

describe('several locks in one process', () => {
  it('releases each of them, whatever order they were taken in', async () => {
    const root = tempDir();
    const inside = await withAccountLock(
      { root, config },
      'acme',
      () =>
        withAccountLock({ root, config }, 'beta', async () => lockedAccounts(root), { command: 'inner' }).then(
          async (both) => {
            // beta is released, acme still held
            expect(lockedAccounts(root)).toEqual(['acme']);
            return both;
          },
        ),
      { command: 'outer' },
    );
    expect(inside).toEqual(['acme', 'beta']);
    expect(lockedAccounts(root)).toEqual([]);
    expect(existsSync(join(root, '.csp'))).toBe(false);
    // and the account can be locked again at once (no folder was left behind)
    await expect(
      withAccountLock({ root, config: { ...config, lockTimeoutMs: 0 } }, 'acme', async () => 'again', {
        command: 'x',
      }),
    ).resolves.toBe('again');
  });
});

describe('a lock folder that cannot be examined', () => {
  it('fails with lock-failed (exit 3) when the lock path is a link through a file', async () => {
    const root = tempDir();
    mkdirSync(join(root, '.csp', 'locks'), { recursive: true });
    writeFileSync(join(root, '.csp', 'locks', 'plain'), 'not a folder');
    const path = lockPathFor(root, 'acme');
    symlinkSync(join(root, '.csp', 'locks', 'plain', 'x'), path);
    const error = await withAccountLock({ root, config }, 'acme', async () => 'ran', { command: 'x' }).catch((e) => e);
    expect(error).toBeInstanceOf(PreconditionError);
    expect(error.code).toBe('lock-failed');
    expect(error.exitCode).toBe(3);
    expect(error.message).toMatch(/^cannot lock account "acme": .*ENOTDIR/);
  });
});

describe('a lock found compromised', () => {
  it('refuses the writes that follow once its folder was touched by someone else', async () => {
    const root = tempDir();
    // NOTE: proper-lockfile checks the folder's mtime every lockStaleMs / 2 (1 s at its 2 s minimum).
    const error = await withAccountLock(
      { root, config: { lockTimeoutMs: 300, lockStaleMs: 2000 } },
      'acme',
      async (lock) => {
        const past = new Date(Date.now() - 60_000);
        utimesSync(lock.path, past, past);
        for (;;) {
          await new Promise((r) => setTimeout(r, 100));
          lock.assertHeld();
        }
      },
      { command: 'csp add' },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(PreconditionError);
    expect(error.code).toBe('lock-lost');
    expect(error.cause?.code).toBe('ECOMPROMISED');
  });
});

describe('the exit handler (lockFs.rmdirSync)', () => {
  const folder = (owner: object | null) => {
    const path = lockPathFor(tempDir(), 'acme');
    mkdirSync(path, { recursive: true });
    if (owner) writeFileSync(join(path, 'owner.json'), JSON.stringify(owner));
    return path;
  };

  it("removes this process's lock folder with its owner.json", () => {
    const path = folder({ pid: process.pid, host: hostname(), token: 't' });
    lockFs.rmdirSync(path);
    expect(existsSync(path)).toBe(false);
  });

  it('leaves a lock that another process took over', () => {
    const path = folder({ pid: process.ppid, host: hostname(), token: 'theirs' });
    lockFs.rmdirSync(path);
    expect(readdirSync(path)).toEqual(['owner.json']);
  });

  it('removes a lock folder whose owner.json is not written yet, and is quiet when it is gone', () => {
    const path = folder(null);
    lockFs.rmdirSync(path);
    expect(existsSync(path)).toBe(false);
    expect(() => lockFs.rmdirSync(path)).not.toThrow();
  });
});

describe('lockedAccounts', () => {
  it('sorts the accounts whatever order the file system lists their folders in', () => {
    // NOTE: node's readdirSync sorts on Linux and macOS (libuv's scandir) but not everywhere; the order is csp's promise.
    const names = [...'abcdefghijklmnopqrstuvwxyz'].map((c, i) => `${c}${(i * 7) % 10}-acct`);
    const root = tempDir();
    for (const name of [...names].reverse())
      mkdirSync(join(root, '.csp', 'locks', `${name}.lock`), { recursive: true });
    expect(lockedAccounts(root)).toEqual(names);
  });
});
