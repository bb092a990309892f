/**
 * A commit csp reports is a commit that happened (issue 14, section 1): a commit git or a hook
 * refuses is exit 4 with what was said, nothing is reported as made, and nothing csp wrote stays
 * written or staged; a stopped rebase, a cherry-pick or revert in progress refuse with exit 3; a
 * left-behind index lock is named with the fix at once; and csp's commits never race the user's:
 * none of csp's files lands in a user's commit, none of the user's staged files in csp's.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliGitPort } from '../../src/git/cli-port.js';
import { isolatedEnv, runCsp } from '../helpers/cli.js';
import { addAccounts, hubPath } from '../helpers/infohub.js';
import { tempDir, tempRepo, type TempRepo } from '../helpers/repo.js';

/** A repository with the fixture plan of acme (in finalize) and a user's notes.txt committed. */
function planRepo(): TempRepo {
  const repo = tempRepo({ 'notes.txt': 'line one\n' });
  addAccounts(repo, 'acme');
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'acme plan');
  return repo;
}

const csp = (repo: TempRepo, args: string[], env: Record<string, string> = {}) =>
  runCsp(args, { cwd: repo.dir, env, timeout: 60_000 });
const head = (repo: TempRepo) => repo.git('rev-parse', 'HEAD').trim();
const history = (repo: TempRepo) =>
  existsSync(repo.path(hubPath('acme', 'history'))) ? readdirSync(repo.path(hubPath('acme', 'history'))) : [];

/** Writes an executable hook into .git/hooks. */
function hook(repo: TempRepo, name: string, body: string): void {
  const path = repo.path(`.git/hooks/${name}`);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

/**
 * What must hold after a commit csp did not make: HEAD where it was, the plan as it was, no
 * snapshot file, and the index and working tree exactly as the user left them.
 */
function expectNothingChanged(
  repo: TempRepo,
  before: { head: string; plan: string; status: string; staged: string },
): void {
  expect(head(repo)).toBe(before.head);
  expect(repo.read(hubPath('acme', 'csp'))).toBe(before.plan);
  expect(history(repo)).toEqual([]);
  expect(repo.git('diff', '--cached', '--name-only')).toBe(before.staged);
  expect(repo.git('status', '--porcelain', '--untracked-files=all')).toBe(before.status);
}

function snapshotOf(repo: TempRepo) {
  return {
    head: head(repo),
    plan: repo.read(hubPath('acme', 'csp')),
    status: repo.git('status', '--porcelain', '--untracked-files=all'),
    staged: repo.git('diff', '--cached', '--name-only'),
  };
}

describe('a commit git refuses is reported as refused, and nothing stays written or staged', () => {
  it('a pre-commit hook that exits 1 and prints nothing: snapshot and handoff exit 4 naming the hook, no commit reported', async () => {
    const repo = planRepo();
    repo.write('notes.txt', 'my staged work\n');
    repo.git('add', 'notes.txt');
    hook(repo, 'pre-commit', 'exit 1');
    const before = snapshotOf(repo);
    for (const args of [
      ['snapshot', 'acme'],
      ['handoff', 'acme', '--to', 'Carl Ortiz'],
    ]) {
      const run = await csp(repo, args);
      expect(run.code, `${args[0]}: ${run.stderr}`).toBe(4);
      expect(run.stderr).toContain('pre-commit hook (.git/hooks/pre-commit) refused the commit');
      expect(run.stderr).toContain('printed nothing');
      expect(run.stdout).not.toMatch(/commit [0-9a-f]{8}/);
      expect(run.stdout + run.stderr).not.toContain(before.head.slice(0, 8));
      expectNothingChanged(repo, before);
    }
  });

  it('a pre-commit hook that prints and exits 1: exit 4 with its words; the snapshot is neither left nor staged', async () => {
    const repo = planRepo();
    hook(repo, 'pre-commit', 'echo "plans must be reviewed by Dana first" >&2\nexit 1');
    const before = snapshotOf(repo);
    const run = await csp(repo, ['snapshot', 'acme', '--json']);
    expect(run.code, run.stderr).toBe(4);
    expect(run.json().error).toMatchObject({ code: 'git-hook-refused', exitCode: 4 });
    expect(run.json().error.message).toContain('pre-commit hook');
    expect(run.json().error.message).toContain('plans must be reviewed by Dana first');
    expectNothingChanged(repo, before);
    // The user's next commit holds nothing of csp's.
    repo.write('notes.txt', 'next\n');
    repo.git('add', 'notes.txt');
    repo.git('commit', '-q', '--no-verify', '-m', 'user');
    expect(repo.git('show', '--name-only', '--format=', 'HEAD').trim()).toBe('notes.txt');
  });

  it('a commit-msg hook runs on csp commits too and can refuse them', async () => {
    const repo = planRepo();
    hook(
      repo,
      'commit-msg',
      'grep -q "^JIRA-" "$1" || { echo "commit message must start with a JIRA key" >&2; exit 1; }',
    );
    const before = snapshotOf(repo);
    const run = await csp(repo, ['snapshot', 'acme']);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('commit-msg hook');
    expect(run.stderr).toContain('must start with a JIRA key');
    expectNothingChanged(repo, before);
  });

  it('the hooks see csp files, and only them, as staged; a passing hook lets the commit through', async () => {
    const repo = planRepo();
    repo.write('notes.txt', 'my staged work\n');
    repo.git('add', 'notes.txt');
    hook(repo, 'pre-commit', `git diff --cached --name-only > "${repo.path('.git/seen-by-hook')}"`);
    const run = await csp(repo, ['snapshot', 'acme']);
    expect(run.code, run.stderr).toBe(0);
    expect(repo.read('.git/seen-by-hook').trim().split('\n')).toEqual([
      `${hubPath('acme', 'history')}/csp_v1_2026-11-22.yaml`,
    ]);
    expect(repo.git('show', '--name-only', '--format=', 'HEAD').trim()).toBe(
      `${hubPath('acme', 'history')}/csp_v1_2026-11-22.yaml`,
    );
    expect(run.stdout).toContain(`commit ${head(repo).slice(0, 8)}`);
    expect(repo.git('status', '--porcelain')).toBe('M  notes.txt\n');
  });

  it("gpg signing that fails (commit.gpgsign with a gpg that exits 1): exit 4 with git's message, nothing committed or staged", async () => {
    const repo = planRepo();
    const gpg = join(tempDir(), 'gpg-that-fails');
    writeFileSync(gpg, '#!/bin/sh\necho "gpg: signing failed: No secret key" >&2\nexit 1\n');
    chmodSync(gpg, 0o755);
    repo.git('config', 'gpg.program', gpg);
    repo.git('config', 'commit.gpgsign', 'true');
    const before = snapshotOf(repo);
    for (const args of [
      ['snapshot', 'acme'],
      ['handoff', 'acme', '--to', 'Carl Ortiz'],
    ]) {
      const run = await csp(repo, args);
      expect(run.code, `${args[0]}: ${run.stderr}`).toBe(4);
      expect(run.stderr).toContain('gpg failed to sign the data');
      expect(run.stderr).toContain('commit.gpgsign');
      expectNothingChanged(repo, before);
    }
  });
});

describe('git states that csp refuses to commit in (exit 3, before anything is written)', () => {
  /** main and topic each change notes.txt; the plan is on both. */
  function divergedRepo(): TempRepo {
    const repo = planRepo();
    repo.git('switch', '-q', '-c', 'topic');
    repo.write('notes.txt', 'topic says\n');
    repo.git('commit', '-q', '-am', 'topic notes');
    repo.git('switch', '-q', 'main');
    repo.write('notes.txt', 'main says\n');
    repo.git('commit', '-q', '-am', 'main notes');
    return repo;
  }

  it('a stopped rebase (detached HEAD, rebase-merge): refused with the way out, no commit on the detached HEAD', async () => {
    const repo = divergedRepo();
    repo.git('switch', '-q', 'topic');
    expect(() => repo.git('rebase', 'main')).toThrow();
    expect(repo.git('status')).toContain('rebase in progress');
    const before = { head: head(repo), plan: repo.read(hubPath('acme', 'csp')) };
    for (const args of [
      ['snapshot', 'acme'],
      ['handoff', 'acme', '--to', 'Carl Ortiz'],
    ]) {
      const run = await csp(repo, args);
      expect(run.code, `${args[0]}: ${run.stderr}`).toBe(3);
      expect(run.stderr).toContain('a rebase is in progress');
      expect(run.stderr).toContain('git rebase --abort');
      expect(head(repo)).toBe(before.head);
      expect(repo.read(hubPath('acme', 'csp'))).toBe(before.plan);
      expect(history(repo)).toEqual([]);
    }
    // The hint's commands run as printed.
    repo.git('rebase', '--abort');
    expect((await csp(repo, ['snapshot', 'acme'])).code).toBe(0);
  });

  it.each([
    ['cherry-pick', ['cherry-pick', 'topic']],
    ['revert', ['revert', '--no-edit', 'HEAD~1']],
  ])("a %s in progress: refused with the way out instead of git's raw error", async (what, command) => {
    const repo = divergedRepo();
    if (what === 'revert') {
      repo.write('notes.txt', 'main says more\n');
      repo.git('commit', '-q', '-am', 'more notes');
    }
    expect(() => repo.git(...command)).toThrow();
    const before = { head: head(repo), plan: repo.read(hubPath('acme', 'csp')) };
    const run = await csp(repo, ['snapshot', 'acme']);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain(`a ${what} is in progress`);
    expect(run.stderr).toContain(`git ${what} --abort`);
    expect(head(repo)).toBe(before.head);
    expect(history(repo)).toEqual([]);
    repo.git(what, '--abort');
    expect((await csp(repo, ['snapshot', 'acme'])).code).toBe(0);
  });

  it('a stale .git/index.lock is named with the fix at once, not after a long wait', async () => {
    const repo = planRepo();
    writeFileSync(repo.path('.git/index.lock'), '');
    const before = snapshotOf(repo);
    const started = Date.now();
    const run = await csp(repo, ['snapshot', 'acme']);
    const took = Date.now() - started;
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('.git/index.lock exists');
    expect(run.stderr).toMatch(/hint: if no git process is running, remove the lock \(rm \S*\.git\/index\.lock\)/);
    expect(run.stderr).not.toContain('taken over');
    // csp itself takes a second or two on a loaded machine; the old wait alone was 15 s.
    expect(took).toBeLessThan(12_000);
    expect(head(repo)).toBe(before.head);
    expect(history(repo)).toEqual([]);
    expect(existsSync(repo.path('.git/index.lock'))).toBe(true);
  });
});

describe('csp commits and a user committing at the same time', () => {
  it("snapshots racing a loop of user commits: none of csp files in the user's commits, none of the user's in csp's, nothing lost", async () => {
    const repo = planRepo();
    const base = head(repo);
    repo.write('user/.keep', '');
    repo.git('add', 'user/.keep');
    repo.git('commit', '-q', '-m', 'user folder');
    const stop = repo.path('.git/stop-user-loop');
    // The user: stages a file of their own every few rounds and runs `git commit` as fast as git
    // lets them (most rounds have nothing of theirs staged: a commit then takes whatever else is).
    const loop = spawn(
      'sh',
      [
        '-c',
        `i=0; while [ ! -e "${stop}" ] && [ $i -lt 3000 ]; do i=$((i+1));
           if [ $((i % 8)) -eq 0 ]; then echo "$i" > "user/f$i.txt"; n=0; until git add "user/f$i.txt" 2>/dev/null || [ $n -gt 500 ]; do n=$((n+1)); sleep 0.01; done; fi;
           git commit -q -m "user $i" >/dev/null 2>&1;
         done; echo $i`,
      ],
      { cwd: repo.dir, env: isolatedEnv(repo.dir), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const rounds = new Promise<number>((resolve) => {
      let out = '';
      loop.stdout.on('data', (d) => (out += d));
      loop.on('close', () => resolve(Number(out.trim())));
    });
    const runs = [];
    try {
      for (let i = 0; i < 4; i++) runs.push(await csp(repo, ['snapshot', 'acme', '--force', '-m', `race ${i}`]));
    } finally {
      writeFileSync(stop, '');
    }
    expect(await rounds).toBeGreaterThan(0);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);

    const snapshots = history(repo).map((f) => `${hubPath('acme', 'history')}/${f}`);
    expect(snapshots).toHaveLength(4);
    const commits = repo.git('rev-list', '--reverse', `${base}..HEAD`).trim().split('\n');
    let cspCommits = 0;
    for (const commit of commits) {
      const subject = repo.git('log', '-1', '--format=%s', commit).trim();
      const files = repo
        .git('diff-tree', '--no-commit-id', '--name-only', '-r', commit)
        .trim()
        .split('\n')
        .filter(Boolean);
      if (subject.startsWith('csp(acme)')) {
        cspCommits++;
        expect(files, subject).toHaveLength(1);
        expect(snapshots, subject).toContain(files[0]);
      } else {
        for (const f of files) expect(f, `${subject} holds ${f}`).toMatch(/^user\//);
      }
    }
    expect(cspCommits).toBe(4);
    // Nothing lost: every snapshot is in HEAD, every user file committed or still staged.
    const tracked = new Set(repo.git('ls-files').trim().split('\n'));
    for (const s of snapshots) expect(tracked.has(s), s).toBe(true);
    expect(
      repo.git('ls-tree', '-r', '--name-only', 'HEAD', '--', hubPath('acme', 'history')).trim().split('\n').sort(),
    ).toEqual([...snapshots].sort());
    const userFiles = readdirSync(repo.path('user')).filter((f) => f !== '.keep');
    for (const f of userFiles) expect(tracked.has(`user/${f}`), f).toBe(true);
    expect(repo.git('status', '--porcelain', '--', 'infohub')).toBe('');
  }, 240_000);
});

describe('the git adapter', () => {
  it('commits a csp file whose folder is outside the sparse checkout, and the index follows', async () => {
    const repo = planRepo();
    repo.git('sparse-checkout', 'set', '--cone', 'user');
    expect(existsSync(repo.path(hubPath('acme', 'csp')))).toBe(false);
    const snapshot = `${hubPath('acme', 'history')}/csp_v1_2026-11-22.yaml`;
    repo.write(snapshot, 'schema_version: 1\n');
    repo.write('user/mine.txt', 'mine\n');
    repo.git('add', 'user/mine.txt');
    const git = new CliGitPort(isolatedEnv(repo.dir));
    const commit = await git.commitFiles(repo.dir, [repo.path(snapshot)], 'csp(acme): snapshot v1');
    expect(commit).toBe(head(repo));
    expect(repo.git('show', '--name-only', '--format=', 'HEAD').trim()).toBe(snapshot);
    expect(repo.git('diff', '--cached', '--name-only').trim()).toBe('user/mine.txt');
    expect(repo.git('ls-files', '--', snapshot).trim()).toBe(snapshot);
    expect(repo.git('status', '--porcelain', '--', 'infohub')).toBe('');
  });

  it('a csp killed while it held the index lock: the next commit takes the lock over and brings the index in step', async () => {
    const repo = planRepo();
    const snapshot = `${hubPath('acme', 'history')}/csp_v1_2026-11-22.yaml`;
    repo.write(snapshot, 'schema_version: 1\n');
    // What a killed csp leaves between moving HEAD and writing the index: HEAD holds the snapshot,
    // the index does not, and the lock is still there with csp's note naming a process that is gone.
    const blob = repo.git('hash-object', '-w', snapshot).trim();
    const temp = repo.path('.git/killed-index');
    const env = { ...isolatedEnv(repo.dir), GIT_INDEX_FILE: temp };
    execFileSync('git', ['read-tree', 'HEAD'], { cwd: repo.dir, env });
    execFileSync('git', ['update-index', '--add', '--cacheinfo', `100644,${blob},${snapshot}`], { cwd: repo.dir, env });
    const tree = execFileSync('git', ['write-tree'], { cwd: repo.dir, env, encoding: 'utf8' }).trim();
    const made = repo.git('commit-tree', tree, '-p', 'HEAD', '-m', 'csp(acme): snapshot v1').trim();
    repo.git('update-ref', 'HEAD', made);
    writeFileSync(repo.path('.git/index.lock'), '');
    const dead = spawnSync('true').pid;
    writeFileSync(
      repo.path('.git/index.csp-lock-owner'),
      JSON.stringify({ pid: dead, host: hostname(), inodes: [statSync(repo.path('.git/index.lock')).ino] }),
    );
    expect(repo.git('status', '--porcelain', '--untracked-files=all')).toContain(`D  ${snapshot}`);

    const git = new CliGitPort(isolatedEnv(repo.dir));
    expect(await git.commitFiles(repo.dir, [repo.path(snapshot)], 'csp(acme): snapshot v1')).toBe(made);
    expect(head(repo)).toBe(made);
    expect(repo.git('status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(existsSync(repo.path('.git/index.lock'))).toBe(false);
  });

  it("a git failure is never an empty answer: a broken config file is exit 4 with git's message", async () => {
    const repo = planRepo();
    writeFileSync(repo.path('.git/config'), '[core\nbroken');
    const git = new CliGitPort(isolatedEnv(repo.dir));
    await expect(git.config(repo.dir, 'user.name')).rejects.toMatchObject({
      exitCode: 4,
      message: expect.stringContaining('bad config'),
    });
    await expect(git.state(repo.dir)).rejects.toMatchObject({ exitCode: 4 });
  });
});
