/**
 * Tests that kill mutants the issue-19 audit saw survive in storage: a lock that another process
 * took over is left to it when this one finishes (its folder and owner stay), and the journal is
 * never written in place (a transaction whose lock was taken over leaves no journal at all, and
 * no account file changed).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from '../../helpers/repo.js';
import { withAccountLock } from '../../../src/storage/lock.js';
import { journalPathFor, transaction } from '../../../src/storage/journal.js';

const config = { lockTimeoutMs: 1000, lockStaleMs: 10_000 };
const takeOver = (lockPath: string) =>
  writeFileSync(
    join(lockPath, 'owner.json'),
    JSON.stringify({
      pid: 1,
      host: 'elsewhere',
      command: 'csp add',
      since: new Date().toISOString(),
      token: 'someone-else',
    }),
  );

describe('a lock taken over by another process', () => {
  it('is not released by the process that lost it: the new holder keeps its folder and owner', async () => {
    const root = tempDir();
    let path = '';
    await withAccountLock(
      { root, config },
      'acme',
      async (lock) => {
        path = lock.path;
        takeOver(lock.path);
      },
      { command: 'csp set' },
    ).catch(() => undefined);
    expect(existsSync(path)).toBe(true);
    expect(JSON.parse(readFileSync(join(path, 'owner.json'), 'utf8')).token).toBe('someone-else');
  });

  it('stops a transaction before its journal is in place: no journal, no temp file, no file changed', async () => {
    const root = tempDir();
    const plan = join(root, 'acme', 'success_plan', 'csp.yaml');
    mkdirSync(dirname(plan), { recursive: true });
    writeFileSync(plan, 'v: 1\n');
    const error = await withAccountLock(
      { root, config },
      'acme',
      async (lock) => {
        takeOver(lock.path);
        return transaction(
          { root },
          'acme',
          [
            { path: plan, before: 'v: 1\n', after: 'v: 2\n' },
            { path: join(root, 'acme', 'x.yaml'), before: null, after: 'x: 1\n' },
          ],
          { command: 'csp develop' },
        );
      },
      { command: 'csp develop' },
    ).catch((e) => e);
    expect(error?.code).toBe('lock-lost');
    expect(existsSync(journalPathFor(root, 'acme'))).toBe(false);
    const journalDir = dirname(journalPathFor(root, 'acme'));
    expect(existsSync(journalDir) ? readdirSync(journalDir) : []).toEqual([]);
    expect(readFileSync(plan, 'utf8')).toBe('v: 1\n');
    expect(existsSync(join(root, 'acme', 'x.yaml'))).toBe(false);
  });
});
