/**
 * What a transaction records and leaves at each step (src/storage/journal.ts, issue 19 "Tests that
 * can fail"): the journal's content while the commit runs, the temp files, an undo that fails
 * halfway, the hints of its refusals, and what recovery asks git.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from '../../helpers/repo.js';
import { withAccountLock } from '../../../src/storage/lock.js';
import { journalPathFor, recoverAccount, transaction } from '../../../src/storage/journal.js';
import type { GitPort } from '../../../src/git/port.js';
import { ExternalError, InternalError, PreconditionError } from '../../../src/errors.js';

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

/** A git whose commit runs `during` first (what the disk holds mid-transaction), then records or fails. */
function git(during: () => void = () => undefined, fail = false) {
  const calls = { commits: [] as Array<{ files: string[]; message: string }>, asked: [] as string[][] };
  const port = {
    topLevel: async (dir: string) => dir,
    changedFiles: async (_repo: string, files: string[]) => {
      calls.asked.push(files);
      return new Set(files);
    },
    commitFiles: async (_repo: string, files: string[], message: string) => {
      during();
      if (fail) throw new ExternalError('git commit failed: disk full');
      calls.commits.push({ files, message });
      return 'c0ffee';
    },
  } as unknown as GitPort;
  return { port, calls };
}

describe('the journal of a transaction', () => {
  it('holds, while the commit runs, the changed files (relative paths, both texts) and the commit step', async () => {
    const { root, file, read, locked } = setup();
    const a = file('acme/success_plan/csp.yaml', 'a: old\n');
    const same = file('acme/success_plan/same.yaml', 'same\n');
    const b = file('acme/csp_history/v1.yaml');
    let seen: unknown;
    const { port } = git(() => {
      seen = JSON.parse(readFileSync(journalPathFor(root, 'acme'), 'utf8'));
    });
    const result = await locked(() =>
      transaction(
        { root },
        'acme',
        [
          { path: a, before: 'a: old\n', after: 'a: new\n' },
          { path: same, before: 'same\n', after: 'same\n' },
          { path: b, before: null, after: 'v: 1\n' },
        ],
        { command: 'csp snapshot', commit: { repo: root, message: 'snapshot v1', files: [a, b], git: port } },
      ),
    );
    expect(result).toEqual({ commit: 'c0ffee' });
    expect(seen).toMatchObject({
      csp_journal: 1,
      account: 'acme',
      command: 'csp snapshot',
      pid: process.pid,
      files: [
        { path: 'acme/success_plan/csp.yaml', before: 'a: old\n', after: 'a: new\n' },
        { path: 'acme/csp_history/v1.yaml', before: null, after: 'v: 1\n' },
      ],
      commit: { message: 'snapshot v1', files: ['acme/success_plan/csp.yaml', 'acme/csp_history/v1.yaml'] },
    });
    expect(existsSync(journalPathFor(root, 'acme'))).toBe(false);
    expect([read('acme/success_plan/csp.yaml'), read('acme/csp_history/v1.yaml')]).toEqual(['a: new\n', 'v: 1\n']);
    // every staged temp file was renamed into place: none is left beside the files
    expect(readdirSync(join(root, 'acme', 'success_plan')).sort()).toEqual(['csp.yaml', 'same.yaml']);
    expect(readdirSync(join(root, 'acme', 'csp_history'))).toEqual(['v1.yaml']);
  });

  it('fails when the journal cannot be written, having changed nothing', async () => {
    const { root, file, read, locked } = setup();
    const a = file('acme/a.yaml', 'old\n');
    const b = file('acme/b.yaml', 'old\n');
    mkdirSync(join(root, '.csp'), { recursive: true });
    writeFileSync(join(root, '.csp', 'journal'), 'a file where the journal folder goes');
    const error = await locked(() =>
      transaction(
        { root },
        'acme',
        [
          { path: a, before: 'old\n', after: 'new\n' },
          { path: b, before: 'old\n', after: 'new\n' },
        ],
        { command: 'csp x' },
      ),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect([read('acme/a.yaml'), read('acme/b.yaml')]).toEqual(['old\n', 'old\n']);
  });
});

describe('a transaction that cannot put the files back', () => {
  it('keeps the journal, leaves the files written last-first as far as it got, and says to run csp repair', async () => {
    const { root, file, read, locked } = setup();
    const a = file('acme/a.yaml', 'a: old\n');
    const b = file('acme/sub/b.yaml', 'b: old\n');
    // the commit fails after both files are replaced, and b's folder is gone: b cannot be put back
    const { port } = git(() => {
      rmSync(join(root, 'acme', 'sub'), { recursive: true });
      writeFileSync(join(root, 'acme', 'sub'), 'not a folder');
    }, true);
    const error = await locked(() =>
      transaction(
        { root },
        'acme',
        [
          { path: a, before: 'a: old\n', after: 'a: new\n' },
          { path: b, before: 'b: old\n', after: 'b: new\n' },
        ],
        { command: 'csp develop', commit: { repo: root, message: 'm', files: [a, b], git: port } },
      ),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(PreconditionError);
    expect(error.code).toBe('write-interrupted');
    expect(error.message).toBe(
      'csp develop failed halfway and could not put the files back; the next csp command on "acme" will finish it',
    );
    expect(error.hint).toBe('run csp repair acme');
    expect(error.cause).toBeInstanceOf(AggregateError);
    expect(error.cause.errors[0]).toBeInstanceOf(ExternalError);
    expect(error.cause.errors).toHaveLength(2);
    // undone in reverse order: b (the last written) failed first, so a still holds its new text
    expect(read('acme/a.yaml')).toBe('a: new\n');
    expect(existsSync(journalPathFor(root, 'acme'))).toBe(true);
  });
});

describe("a transaction's refusals", () => {
  it('without the lock: the hint names withAccountLock', async () => {
    const { root, file } = setup();
    const error = await transaction({ root }, 'acme', [{ path: file('acme/a.yaml'), before: null, after: 'x' }], {
      command: 'csp x',
    }).catch((e) => e);
    expect(error).toBeInstanceOf(InternalError);
    expect(error.hint).toBe('wrap it in withAccountLock (src/storage/README.md)');
  });

  it('with a journal pending: the hint names csp repair, then the command again', async () => {
    const { root, file, locked } = setup();
    const a = file('acme/a.yaml', 'old\n');
    const b = file('acme/b.yaml', 'old\n');
    const error = await locked(async () => {
      // the journal of a process whose lock was taken over, appearing after recovery ran
      mkdirSync(join(root, '.csp', 'journal'), { recursive: true });
      writeFileSync(journalPathFor(root, 'acme'), '{}');
      return transaction(
        { root },
        'acme',
        [
          { path: a, before: 'old\n', after: 'new\n' },
          { path: b, before: 'old\n', after: 'new\n' },
        ],
        { command: 'csp x' },
      );
    }).catch((e) => e);
    expect(error.code).toBe('journal-pending');
    expect(error.hint).toBe('run csp repair acme, then the same command again');
  });

  it('a file that exists where a new one was planned: the hint says csp never overwrites it', async () => {
    const { root, file, locked } = setup();
    const a = file('acme/a.yaml', 'there\n');
    const error = await locked(() =>
      transaction({ root }, 'acme', [{ path: a, before: null, after: 'new\n' }], { command: 'csp x' }),
    ).catch((e) => e);
    expect(error.code).toBe('file-exists');
    expect(error.hint).toBe('csp never overwrites a file it did not open: edit it, or remove it first');
  });
});

describe('recovery and git', () => {
  it("asks git about the journal's files and commits the commit step's files, as absolute paths", async () => {
    const { root, file, read, locked } = setup();
    file('acme/a.yaml', 'old\n');
    mkdirSync(join(root, '.csp', 'journal'), { recursive: true });
    writeFileSync(
      journalPathFor(root, 'acme'),
      JSON.stringify({
        csp_journal: 1,
        account: 'acme',
        command: 'csp develop',
        pid: 1,
        started: '2026-11-22T10:00:00.000Z',
        files: [{ path: 'acme/a.yaml', before: 'old\n', after: 'new\n' }],
        commit: { message: 'develop', files: ['acme/a.yaml'] },
      }),
    );
    const { port, calls } = git();
    const result = await locked(() => recoverAccount(root, 'acme', { git: async () => port }));
    expect(result?.outcome).toBe('finished');
    expect(read('acme/a.yaml')).toBe('new\n');
    expect(calls.asked).toEqual([[join(root, 'acme/a.yaml')]]);
    expect(calls.commits).toEqual([{ files: [join(root, 'acme/a.yaml')], message: 'develop' }]);
  });
});
