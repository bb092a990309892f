/**
 * The journal's checks and messages (src/storage/journal.ts, issue 19): which journals csp refuses
 * to act on and why, what pendingRecovery reports, and what a transaction writes (or not) before
 * its first rename.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from '../../helpers/repo.js';
import { withAccountLock } from '../../../src/storage/lock.js';
import {
  journalPathFor,
  pendingRecovery,
  recoverAccount,
  transaction,
  writeChecked,
} from '../../../src/storage/journal.js';
import type { GitPort } from '../../../src/git/port.js';
import { InternalError, PreconditionError, UsageError } from '../../../src/errors.js';

const config = { lockTimeoutMs: 1000, lockStaleMs: 10_000 };

function setup() {
  const root = tempDir();
  const file = (rel: string, text?: string) => {
    const path = join(root, rel);
    if (text !== undefined) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
    return path;
  };
  const read = (rel: string) => (existsSync(join(root, rel)) ? readFileSync(join(root, rel), 'utf8') : null);
  const locked = <T>(fn: () => Promise<T>) => withAccountLock({ root, config }, 'acme', fn, { command: 'csp test' });
  return { root, file, read, locked };
}

function journal(root: string, account: string, body: unknown, name = `${account}.json`): string {
  const path = join(root, '.csp', 'journal', name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
  return path;
}

const good = (extra: object = {}) => ({
  csp_journal: 1,
  account: 'acme',
  command: 'csp develop',
  pid: 1,
  started: '2026-11-22T10:00:00.000Z',
  files: [{ path: 'acme/a.yaml', before: 'old\n', after: 'new\n' }],
  ...extra,
});

describe('pendingRecovery', () => {
  it('lists the journals by account with their files; ignores other names', () => {
    const { root } = setup();
    expect(pendingRecovery(root)).toEqual([]);
    journal(root, 'zeta', { ...good(), account: 'zeta', files: [{ path: 'zeta/x.yaml', before: null, after: 'x' }] });
    journal(root, 'acme', good());
    journal(root, 'x', good(), '.acme.json.csp-tmp-1-1');
    journal(root, 'x', good(), '.hidden.json');
    journal(root, 'x', good(), 'notes.txt');
    expect(pendingRecovery(root)).toEqual([
      {
        account: 'acme',
        command: 'csp develop',
        started: '2026-11-22T10:00:00.000Z',
        journal: journalPathFor(root, 'acme'),
        files: [join(root, 'acme/a.yaml')],
      },
      {
        account: 'zeta',
        command: 'csp develop',
        started: '2026-11-22T10:00:00.000Z',
        journal: journalPathFor(root, 'zeta'),
        files: [join(root, 'zeta/x.yaml')],
      },
    ]);
  });

  it.each<[string, unknown, string]>([
    ['another version', good({ csp_journal: 2 }), 'it is not a csp journal of this account'],
    ['another account', good({ account: 'beta' }), 'it is not a csp journal of this account'],
    ['no command', good({ command: 7 }), 'it is not a csp journal of this account'],
    ['no file list', good({ files: {} }), 'it is not a csp journal of this account'],
    ['null', null, 'it is not a csp journal of this account'],
    [
      'an empty path',
      good({ files: [{ path: '', before: null, after: 'x' }] }),
      "it names a file outside the account's folder ()",
    ],
    [
      'a number as path',
      good({ files: [{ path: 3, before: null, after: 'x' }] }),
      "it names a file outside the account's folder (3)",
    ],
    ['a null entry', good({ files: [null] }), "it names a file outside the account's folder (undefined)"],
    [
      'the account folder itself',
      good({ files: [{ path: 'acme', before: null, after: 'x' }] }),
      "it names a file outside the account's folder (acme)",
    ],
    [
      'a look-alike account',
      good({ files: [{ path: 'acme2/a.yaml', before: null, after: 'x' }] }),
      "it names a file outside the account's folder (acme2/a.yaml)",
    ],
    [
      'a .. inside the account',
      good({ files: [{ path: 'acme/../beta/a.yaml', before: null, after: 'x' }] }),
      "it names a file outside the account's folder (acme/../beta/a.yaml)",
    ],
    [
      'the csp config',
      good({ files: [{ path: '.csp.yaml', before: null, after: 'x' }] }),
      "it names a file outside the account's folder (.csp.yaml)",
    ],
    [
      'a number as text before',
      good({ files: [{ path: 'acme/a.yaml', before: 1, after: 'x' }] }),
      'its entry for acme/a.yaml is malformed',
    ],
    [
      'a number as text after',
      good({ files: [{ path: 'acme/a.yaml', before: 'x', after: 2 }] }),
      'its entry for acme/a.yaml is malformed',
    ],
    ['a commit without a message', good({ commit: { files: ['acme/a.yaml'] } }), 'its commit step is malformed'],
    [
      'a commit without files',
      good({ commit: { message: 'm', files: 'acme/a.yaml' } }),
      'its commit step is malformed',
    ],
    [
      'a commit of a file outside',
      good({ commit: { message: 'm', files: ['acme/a.yaml', '../x'] } }),
      'its commit step is malformed',
    ],
  ])('names the problem of a journal with %s', (_what, body, problem) => {
    const { root } = setup();
    journal(root, 'acme', body);
    expect(pendingRecovery(root)).toEqual([
      { account: 'acme', command: 'unknown', journal: journalPathFor(root, 'acme'), files: [], problem },
    ]);
  });

  it('accepts the schema copies and the .gitattributes csp init writes, and null texts', () => {
    const { root } = setup();
    journal(
      root,
      'acme',
      good({
        files: [
          { path: '.csp/schemas/csp.schema.json', before: null, after: '{}' },
          { path: '.gitattributes', before: 'a', after: null },
        ],
        commit: { message: 'm', files: ['.gitattributes'] },
      }),
    );
    expect(pendingRecovery(root)[0]).not.toHaveProperty('problem');
  });
});

describe('recoverAccount', () => {
  it('explains an unusable journal, naming it in the hint', async () => {
    const { root, locked } = setup();
    const path = journal(root, 'acme', good({ csp_journal: 2 }));
    const error = await locked(() => recoverAccount(root, 'acme')).catch((e) => e);
    expect(error).toBeInstanceOf(PreconditionError);
    expect(error.message).toBe(
      'an interrupted csp operation on account "acme" left a journal that csp cannot use: it is not a csp journal of this account',
    );
    expect(error.hint).toBe(
      `check the files it names; ${path} holds their old and new texts. Delete the journal when the files are right`,
    );
  });

  it('names every file changed since the kill', async () => {
    const { root, file, locked } = setup();
    file('acme/a.yaml', 'edited\n');
    file('acme/b.yaml', 'edited too\n');
    journal(
      root,
      'acme',
      good({
        files: [
          { path: 'acme/a.yaml', before: 'old\n', after: 'new\n' },
          { path: 'acme/b.yaml', before: null, after: 'new\n' },
        ],
      }),
    );
    const error = await locked(() => recoverAccount(root, 'acme')).catch((e) => e);
    expect(error.message).toBe(
      'an interrupted csp develop on account "acme" (started 2026-11-22T10:00:00.000Z) cannot be finished: acme/a.yaml, acme/b.yaml changed since',
    );
  });

  it('rolls back with the first line of a git error as the reason, and removes the journal folder', async () => {
    const { root, file, read, locked } = setup();
    file('acme/a.yaml', 'new\n');
    journal(
      root,
      'acme',
      good({
        files: [
          { path: 'acme/a.yaml', before: 'old\n', after: 'new\n' },
          { path: 'acme/b.yaml', before: null, after: 'b\n' },
        ],
        commit: { message: 'm', files: ['acme/a.yaml'] },
      }),
    );
    const git = {
      topLevel: async () => root,
      changedFiles: async () => {
        throw new Error('fatal: index locked\nmore detail');
      },
    } as unknown as GitPort;
    const result = await locked(() => recoverAccount(root, 'acme', { git: async () => git }));
    expect(result).toEqual({
      account: 'acme',
      command: 'csp develop',
      started: '2026-11-22T10:00:00.000Z',
      files: [join(root, 'acme/a.yaml'), join(root, 'acme/b.yaml')],
      outcome: 'rolled-back',
      reason: 'git failed: fatal: index locked',
    });
    expect([read('acme/a.yaml'), read('acme/b.yaml')]).toEqual(['old\n', null]);
    expect(existsSync(join(root, '.csp', 'journal'))).toBe(false);
  });

  it('rolls back when there is no git to commit with', async () => {
    const { root, file, read, locked } = setup();
    file('acme/a.yaml', 'old\n');
    journal(root, 'acme', good({ commit: { message: 'm', files: ['acme/a.yaml'] } }));
    const result = await locked(() => recoverAccount(root, 'acme'));
    expect(result).toMatchObject({ outcome: 'rolled-back', reason: 'the InfoHub is no longer in a git repository' });
    expect(read('acme/a.yaml')).toBe('old\n');
  });

  it('keeps the journal folder while another account has a journal in it', async () => {
    const { root, file, locked } = setup();
    file('acme/a.yaml', 'old\n');
    journal(root, 'acme', good());
    journal(root, 'zeta', { ...good(), account: 'zeta', files: [] });
    const result = await locked(() => recoverAccount(root, 'acme'));
    expect(result).toEqual({
      account: 'acme',
      command: 'csp develop',
      started: '2026-11-22T10:00:00.000Z',
      files: [join(root, 'acme/a.yaml')],
      outcome: 'finished',
    });
    expect(readdirSync(join(root, '.csp', 'journal'))).toEqual(['zeta.json']);
  });

  it('sweeps dead temp files in the journal folder and the InfoHub root, not live ones', async () => {
    const { root, file, locked } = setup();
    const dead = file('.csp/journal/.acme.json.csp-tmp-999999-1', 'half');
    const top = file('.csp.yaml.csp-tmp-999999-2', 'half');
    const live = file(`.csp/schemas/.csp.schema.json.csp-tmp-${process.ppid}-3`, 'being written');
    await locked(() => recoverAccount(root, 'acme'));
    expect([existsSync(dead), existsSync(top), existsSync(live)]).toEqual([false, false, true]);
  });

  it('refuses to run without the lock', async () => {
    const { root } = setup();
    await expect(recoverAccount(root, 'acme')).rejects.toThrow('recovering account "acme" without holding its lock');
  });
});

describe('transaction', () => {
  it('without the lock: an internal error naming the command', async () => {
    const { root, file } = setup();
    const error = await transaction({ root }, 'acme', [{ path: file('acme/a.yaml'), before: null, after: 'x' }], {
      command: 'csp x',
    }).catch((e) => e);
    expect(error).toBeInstanceOf(InternalError);
    expect(error.message).toBe('csp x started a transaction on account "acme" without holding its lock');
  });

  it('writes nothing for writes that change nothing', async () => {
    const { root, file, read, locked } = setup();
    file('acme/a.yaml', 'same\n');
    // a pending journal would refuse a transaction that writes
    journal(root, 'acme', good());
    await expect(
      locked(async () =>
        transaction({ root }, 'acme', [{ path: join(root, 'acme/a.yaml'), before: 'same\n', after: 'same\n' }], {
          command: 'csp x',
        }),
      ),
    ).resolves.toEqual({});
    expect(read('acme/a.yaml')).toBe('same\n');
  });

  it('refuses to start while an interrupted operation is pending', async () => {
    const { root, file, read } = setup();
    file('acme/a.yaml', 'old\n');
    // recovery runs when the lock is taken: the journal appears after it (a process whose lock was taken over)
    const error = await withAccountLock(
      { root, config },
      'acme',
      async () => {
        const path = journal(root, 'acme', good());
        const e = await transaction(
          { root },
          'acme',
          [
            { path: join(root, 'acme/a.yaml'), before: 'old\n', after: 'new\n' },
            { path: join(root, 'acme/b.yaml'), before: null, after: 'b\n' },
          ],
          { command: 'csp x' },
        ).catch((x) => x);
        return { e, path };
      },
      { command: 'csp x' },
    );
    expect(error.e).toBeInstanceOf(PreconditionError);
    expect(error.e.code).toBe('journal-pending');
    expect(error.e.message).toBe(
      `an interrupted operation on account "acme" is pending (${error.path}); nothing was written`,
    );
    expect(read('acme/a.yaml')).toBe('old\n');
  });

  it('a single write without a commit needs no journal', async () => {
    const { root, file, read } = setup();
    file('acme/a.yaml', 'old\n');
    await withAccountLock(
      { root, config },
      'acme',
      async () => {
        journal(root, 'acme', good());
        await transaction({ root }, 'acme', [{ path: join(root, 'acme/a.yaml'), before: 'old\n', after: 'new\n' }], {
          command: 'csp x',
        });
      },
      { command: 'csp x' },
    );
    expect(read('acme/a.yaml')).toBe('new\n');
  });

  it('refuses a secret in any new text before writing anything', async () => {
    const { root, file, read, locked } = setup();
    file('acme/a.yaml', 'old\n');
    const key = `sk-ant-api03-${'A'.repeat(90)}`;
    const error = await locked(() =>
      transaction(
        { root },
        'acme',
        [
          { path: join(root, 'acme/a.yaml'), before: 'old\n', after: 'new\n' },
          { path: join(root, 'acme/b.yaml'), before: null, after: `k: ${key}\n` },
        ],
        { command: 'csp x' },
      ),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(read('acme/a.yaml')).toBe('old\n');
    expect(existsSync(join(root, '.csp', 'journal'))).toBe(false);
  });

  it('a new text that cannot be staged: nothing replaced, no temp file, no journal', async () => {
    const { root, file, read, locked } = setup();
    file('acme/a.yaml', 'old\n');
    file('acme/blocker', 'a file where a folder is needed');
    await expect(
      locked(() =>
        transaction(
          { root },
          'acme',
          [
            { path: join(root, 'acme/a.yaml'), before: 'old\n', after: 'new\n' },
            { path: join(root, 'acme/blocker/b.yaml'), before: null, after: 'b\n' },
          ],
          { command: 'csp x' },
        ),
      ),
    ).rejects.toThrow();
    expect(read('acme/a.yaml')).toBe('old\n');
    expect(readdirSync(join(root, 'acme')).sort()).toEqual(['a.yaml', 'blocker']);
    expect(existsSync(join(root, '.csp', 'journal'))).toBe(false);
  });

  it('removes a file whose new text is null, in a transaction', async () => {
    const { root, file, read, locked } = setup();
    file('acme/a.yaml', 'old\n');
    file('acme/b.yaml', 'gone soon\n');
    await locked(() =>
      transaction(
        { root },
        'acme',
        [
          { path: join(root, 'acme/a.yaml'), before: 'old\n', after: 'new\n' },
          { path: join(root, 'acme/b.yaml'), before: 'gone soon\n', after: null },
        ],
        { command: 'csp x' },
      ),
    );
    expect([read('acme/a.yaml'), read('acme/b.yaml')]).toEqual(['new\n', null]);
  });

  it('tells the user to run the command again when no rerun is named', async () => {
    const { root, file, locked } = setup();
    file('acme/a.yaml', 'edited\n');
    const error = await locked(async () =>
      writeChecked(root, { path: join(root, 'acme/a.yaml'), before: 'old\n', after: 'new\n' }),
    ).catch((e) => e);
    expect(error.message).toBe(
      `${join(root, 'acme/a.yaml')} was changed by something else while csp worked on it; nothing was written`,
    );
    expect(error.hint).toBe('run the command again');
    const exists = await locked(async () =>
      writeChecked(root, { path: join(root, 'acme/a.yaml'), before: null, after: 'new\n' }),
    ).catch((e) => e);
    expect(exists.message).toBe(`${join(root, 'acme/a.yaml')} already exists`);
    expect(exists.code).toBe('file-exists');
  });
});
