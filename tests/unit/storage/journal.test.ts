import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from '../../helpers/repo.js';
import { withAccountLock } from '../../../src/storage/lock.js';
import {
  journalPathFor,
  pendingRecovery,
  recoverAccount,
  transaction,
  writeChecked,
  type PlannedWrite,
} from '../../../src/storage/journal.js';
import type { GitPort } from '../../../src/git/port.js';
import { ExternalError, InternalError } from '../../../src/errors.js';

const config = { lockTimeoutMs: 1000, lockStaleMs: 10_000 };

/** A git that records commits; `fail` makes commitFiles throw. */
class FakeGit implements GitPort {
  commits: Array<{ files: string[]; message: string }> = [];
  constructor(private readonly options: { fail?: boolean; pending?: boolean; repo?: string | null } = {}) {}
  async topLevel(dir: string) {
    return this.options.repo === undefined ? dir : this.options.repo;
  }
  async identity() {
    return { name: 'T', email: 't@example.com' };
  }
  async commitFiles(_repo: string, files: string[], message: string) {
    if (this.options.fail) throw new ExternalError('git commit failed: disk full');
    this.commits.push({ files, message });
    return 'c0ffee' + this.commits.length;
  }
  async changedFiles(_repo: string, files: string[]) {
    return new Set((this.options.pending ?? true) ? files : []);
  }
  // The journal uses only the methods above; the rest of the port fails loudly if it is ever called.
  state = unused<GitPort['state']>('state');
  addedFiles = unused<GitPort['addedFiles']>('addedFiles');
  stagedPaths = unused<GitPort['stagedPaths']>('stagedPaths');
  unmergedPaths = unused<GitPort['unmergedPaths']>('unmergedPaths');
  stagedContents = unused<GitPort['stagedContents']>('stagedContents');
  fileState = unused<GitPort['fileState']>('fileState');
  config = unused<GitPort['config']>('config');
  gitPath = unused<GitPort['gitPath']>('gitPath');
  headCommit = unused<GitPort['headCommit']>('headCommit');
  headFolders = unused<GitPort['headFolders']>('headFolders');
  headFiles = unused<GitPort['headFiles']>('headFiles');
  headContents = unused<GitPort['headContents']>('headContents');
}

/** A GitPort method the journal does not call: throws, naming it. */
function unused<F>(name: string): F {
  return (async () => {
    throw new Error(`FakeGit.${name} is not used by the journal`);
  }) as F;
}

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

/** Writes the journal a killed `csp develop` would leave (format: src/storage/README.md). */
function leaveJournal(
  root: string,
  files: Array<{ path: string; before: string | null; after: string | null }>,
  commit?: { message: string; files: string[] },
) {
  const path = journalPathFor(root, 'acme');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(
    path,
    JSON.stringify({
      csp_journal: 1,
      account: 'acme',
      command: 'csp develop',
      pid: 999999,
      started: '2026-11-22T10:00:00.000Z',
      files,
      ...(commit ? { commit } : {}),
    }),
  );
  return path;
}

describe('transaction', () => {
  it('writes every file, commits, and leaves no journal', async () => {
    const { root, file, read, locked } = setup();
    const plan = file('acme/success_plan/csp.yaml', 'v: 1\n');
    const snap = file('acme/success_plan/csp_history/csp_v1_2026-11-22.yaml');
    const git = new FakeGit();
    const result = await locked(() =>
      transaction(
        { root },
        'acme',
        [
          { path: plan, before: 'v: 1\n', after: 'v: 2\n' },
          { path: snap, before: null, after: 'v: 2\n' },
        ],
        { command: 'csp develop', commit: { repo: root, message: 'snapshot v1', files: [plan, snap], git } },
      ),
    );
    expect(result.commit).toBe('c0ffee1');
    expect(read('acme/success_plan/csp.yaml')).toBe('v: 2\n');
    expect(read('acme/success_plan/csp_history/csp_v1_2026-11-22.yaml')).toBe('v: 2\n');
    expect(git.commits).toEqual([{ files: [plan, snap], message: 'snapshot v1' }]);
    expect(existsSync(join(root, '.csp', 'journal'))).toBe(false);
    expect(pendingRecovery(root)).toEqual([]);
  });

  it('puts every file back when the commit fails, and rethrows', async () => {
    const { root, file, read, locked } = setup();
    const plan = file('acme/success_plan/csp.yaml', 'v: 1\n');
    const snap = file('acme/success_plan/csp_history/csp_v1_2026-11-22.yaml');
    const error = await locked(() =>
      transaction(
        { root },
        'acme',
        [
          { path: plan, before: 'v: 1\n', after: 'v: 2\n' },
          { path: snap, before: null, after: 'v: 2\n' },
        ],
        {
          command: 'csp develop',
          commit: { repo: root, message: 'm', files: [plan, snap], git: new FakeGit({ fail: true }) },
        },
      ),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ExternalError);
    expect(read('acme/success_plan/csp.yaml')).toBe('v: 1\n');
    expect(read('acme/success_plan/csp_history/csp_v1_2026-11-22.yaml')).toBeNull();
    expect(pendingRecovery(root)).toEqual([]);
  });

  it('writes nothing when a file is not as the caller read it', async () => {
    const { root, file, read, locked } = setup();
    const plan = file('acme/success_plan/csp.yaml', 'edited by someone\n');
    const log = file('acme/decision_log.yaml');
    const error = await locked(() =>
      transaction(
        { root },
        'acme',
        [
          { path: log, before: null, after: 'new\n' },
          { path: plan, before: 'v: 1\n', after: 'v: 2\n' },
        ],
        { command: 'csp x' },
      ),
    ).catch((e) => e);
    expect(error).toMatchObject({ code: 'changed-meanwhile', exitCode: 3 });
    expect(read('acme/decision_log.yaml')).toBeNull();
    expect(read('acme/success_plan/csp.yaml')).toBe('edited by someone\n');
  });

  it('tells the user which command to run again when a file changed during a review', async () => {
    const { root, file, locked } = setup();
    const plan = file('acme/success_plan/csp.yaml', 'edited while the draft was reviewed\n');
    const error = await locked(() =>
      transaction({ root }, 'acme', [{ path: plan, before: 'v: 1\n', after: 'v: 2\n' }], {
        command: 'csp draft',
        rerun: 'csp draft acme',
      }),
    ).catch((e) => e);
    expect(error).toMatchObject({ code: 'changed-meanwhile', exitCode: 3, hint: 'run it again: csp draft acme' });
  });

  it('refuses to create a file that exists', async () => {
    const { root, file, locked } = setup();
    const snap = file('acme/success_plan/csp_history/csp_v1_2026-11-22.yaml', 'old\n');
    await expect(
      locked(() => transaction({ root }, 'acme', [{ path: snap, before: null, after: 'new\n' }], { command: 'csp x' })),
    ).rejects.toMatchObject({ code: 'file-exists' });
  });

  it('refuses to run without the lock (a bug in the caller)', async () => {
    const { root, file } = setup();
    await expect(
      transaction({ root }, 'acme', [{ path: file('acme/a.yaml'), before: null, after: 'x\n' }], { command: 'csp x' }),
    ).rejects.toBeInstanceOf(InternalError);
    expect(() => writeChecked(root, { path: file('acme/a.yaml'), before: null, after: 'x\n' })).toThrow(InternalError);
  });

  it('refuses a path outside the InfoHub', async () => {
    const { root, locked } = setup();
    await expect(
      locked(() =>
        transaction(
          { root },
          'acme',
          [
            { path: join(root, '..', 'evil.yaml'), before: null, after: 'x' },
            { path: join(root, 'acme', 'a.yaml'), before: null, after: 'x' },
          ],
          { command: 'csp x' },
        ),
      ),
    ).rejects.toMatchObject({ code: 'outside-infohub' });
    expect(existsSync(join(root, 'acme', 'a.yaml'))).toBe(false);
  });
});

describe('recoverAccount', () => {
  const before = 'v: 1\n';
  const after = 'v: 2\n';

  it('finishes an operation killed halfway: the rest of the files, then the commit', async () => {
    const { root, file, read, locked } = setup();
    const plan = file('acme/success_plan/csp.yaml', after);
    file('acme/success_plan/csp_history/csp_v1_2026-11-22.yaml');
    leaveJournal(
      root,
      [
        { path: 'acme/success_plan/csp.yaml', before, after },
        { path: 'acme/success_plan/csp_history/csp_v1_2026-11-22.yaml', before: null, after },
      ],
      {
        message: 'csp(acme): snapshot v1',
        files: ['acme/success_plan/csp.yaml', 'acme/success_plan/csp_history/csp_v1_2026-11-22.yaml'],
      },
    );
    expect(pendingRecovery(root)).toMatchObject([
      {
        account: 'acme',
        command: 'csp develop',
        started: '2026-11-22T10:00:00.000Z',
        files: [plan, join(root, 'acme/success_plan/csp_history/csp_v1_2026-11-22.yaml')],
      },
    ]);
    const git = new FakeGit();
    const result = await locked(() => recoverAccount(root, 'acme', { git: async () => git }));
    expect(result).toMatchObject({ outcome: 'finished', command: 'csp develop', commit: 'c0ffee1' });
    expect(read('acme/success_plan/csp_history/csp_v1_2026-11-22.yaml')).toBe(after);
    expect(git.commits[0].message).toBe('csp(acme): snapshot v1');
    expect(pendingRecovery(root)).toEqual([]);
  });

  it('does not commit again when the commit was made before the kill', async () => {
    const { root, file, locked } = setup();
    file('acme/a.yaml', after);
    file('acme/b.yaml', after);
    leaveJournal(
      root,
      [
        { path: 'acme/a.yaml', before, after },
        { path: 'acme/b.yaml', before: null, after },
      ],
      { message: 'm', files: ['acme/a.yaml', 'acme/b.yaml'] },
    );
    const git = new FakeGit({ pending: false });
    const result = await locked(() => recoverAccount(root, 'acme', { git: async () => git }));
    expect(result?.outcome).toBe('finished');
    expect(git.commits).toEqual([]);
  });

  it('rolls back when the commit cannot be made', async () => {
    const { root, file, read, locked } = setup();
    file('acme/a.yaml', after);
    leaveJournal(
      root,
      [
        { path: 'acme/a.yaml', before, after },
        { path: 'acme/b.yaml', before: null, after },
      ],
      { message: 'm', files: ['acme/a.yaml', 'acme/b.yaml'] },
    );
    const result = await locked(() => recoverAccount(root, 'acme', { git: async () => new FakeGit({ fail: true }) }));
    expect(result).toMatchObject({ outcome: 'rolled-back', reason: 'git failed: git commit failed: disk full' });
    expect(read('acme/a.yaml')).toBe(before);
    expect(read('acme/b.yaml')).toBeNull();
    expect(pendingRecovery(root)).toEqual([]);
  });

  it('rolls back a committing operation when the InfoHub is no longer in git', async () => {
    const { root, file, read, locked } = setup();
    file('acme/a.yaml', before);
    leaveJournal(
      root,
      [
        { path: 'acme/a.yaml', before, after },
        { path: 'acme/b.yaml', before: null, after },
      ],
      { message: 'm', files: ['acme/a.yaml'] },
    );
    const result = await locked(() => recoverAccount(root, 'acme', { git: async () => new FakeGit({ repo: null }) }));
    expect(result?.outcome).toBe('rolled-back');
    expect(read('acme/a.yaml')).toBe(before);
  });

  it('changes nothing when a file was edited since the kill', async () => {
    const { root, file, read, locked } = setup();
    file('acme/a.yaml', 'someone edited this\n');
    file('acme/b.yaml', after);
    const journal = leaveJournal(root, [
      { path: 'acme/a.yaml', before, after },
      { path: 'acme/b.yaml', before: null, after },
    ]);
    const error = await locked(() => recoverAccount(root, 'acme')).catch((e) => e);
    expect(error).toMatchObject({ code: 'journal-conflict', exitCode: 3 });
    expect(error.message).toContain('acme/a.yaml changed since');
    expect(read('acme/a.yaml')).toBe('someone edited this\n');
    expect(existsSync(journal)).toBe(true);
  });

  it.each([
    ['a path out of the InfoHub', '../../outside.txt'],
    ['an absolute path', '/tmp/evil.txt'],
    ["another account's file", 'other/success_plan/csp.yaml'],
    ['the git folder', '.git/config'],
    ['a NUL byte', 'acme/a\0.yaml'],
  ])('refuses a journal that names %s, writing nothing', async (_what, path) => {
    const { root, locked } = setup();
    leaveJournal(root, [
      { path, before: null, after: 'pwned\n' },
      { path: 'acme/b.yaml', before: null, after },
    ]);
    await expect(locked(() => recoverAccount(root, 'acme'))).rejects.toMatchObject({
      code: 'journal-unusable',
      exitCode: 3,
    });
    expect(existsSync(join(root, 'acme', 'b.yaml'))).toBe(false);
    expect(pendingRecovery(root)[0].problem).toMatch(/outside the account's folder/);
  });

  it('reports an unreadable journal without touching anything', async () => {
    const { root, locked } = setup();
    mkdirSync(join(root, '.csp', 'journal'), { recursive: true });
    writeFileSync(journalPathFor(root, 'acme'), '{"csp_journal": 1, "acc');
    expect(pendingRecovery(root)).toMatchObject([{ account: 'acme', command: 'unknown' }]);
    await expect(locked(() => recoverAccount(root, 'acme'))).rejects.toMatchObject({ code: 'journal-unusable' });
  });

  it("sweeps the temp files killed writers left in the account's folders", async () => {
    const { root, file, locked } = setup();
    const tmp = file('acme/success_plan/.csp.yaml.csp-tmp-999999-1', 'half');
    const mine = file(`acme/.x.yaml.csp-tmp-${process.pid}-7`, 'in use');
    const keep = file('acme/success_plan/notes.csp-tmp-1-1', 'not ours');
    await locked(() => recoverAccount(root, 'acme'));
    expect(existsSync(tmp)).toBe(false);
    expect(existsSync(mine)).toBe(true);
    expect(existsSync(keep)).toBe(true);
  });

  it('does nothing when nothing is pending', async () => {
    const { root, locked } = setup();
    await expect(locked(() => recoverAccount(root, 'acme'))).resolves.toBeUndefined();
  });
});

describe('transaction then recovery, step by step', () => {
  // Every prefix of a transaction's writes is a state a kill can leave; recovery must reach the
  // final state from each.
  it.each([0, 1, 2, 3])('finishes from the state after %i of 3 writes', async (k) => {
    const { root, file, read, locked } = setup();
    const writes: PlannedWrite[] = ['a', 'b', 'c'].map((n) => ({
      path: file(`acme/${n}.yaml`, `${n}: old\n`),
      before: `${n}: old\n`,
      after: `${n}: new\n`,
    }));
    leaveJournal(
      root,
      writes.map((w) => ({ path: w.path.slice(root.length + 1), before: w.before, after: w.after })),
    );
    writes.slice(0, k).forEach((w) => writeFileSync(w.path, w.after!));
    await locked(() => recoverAccount(root, 'acme'));
    expect(['a', 'b', 'c'].map((n) => read(`acme/${n}.yaml`))).toEqual(['a: new\n', 'b: new\n', 'c: new\n']);
  });
});
