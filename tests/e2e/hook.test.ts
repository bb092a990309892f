import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isolatedEnv, runCsp } from '../helpers/cli.js';
import { tempRepo, type TempRepo } from '../helpers/repo.js';
import { addAccounts, hubPath } from '../helpers/infohub.js';

const csp = (repo: TempRepo, args: string[]) => runCsp(args, { cwd: repo.dir });

/** Runs git without throwing: exit status and both outputs (the hook's output is on stderr). */
function git(repo: TempRepo, ...args: string[]): { status: number; out: string } {
  const run = spawnSync('git', args, {
    cwd: repo.dir,
    env: isolatedEnv(repo.dir),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { status: run.status ?? 1, out: `${run.stdout}${run.stderr}` };
}

const PLAN = hubPath('acme', 'csp');
/** Breaks the fixture plan: a milestone without its required due date, on a known line. */
const breakPlan = (text: string) => text.replace('due: "2026-12-02", owner: sh-3', 'owner: sh-3');

/** A repository with acme's valid plan committed and the hook installed. */
async function hookedRepo(): Promise<TempRepo> {
  const repo = tempRepo();
  addAccounts(repo, 'acme');
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'acme plan');
  const install = await csp(repo, ['hook', 'install']);
  expect(install.code, install.stderr).toBe(0);
  return repo;
}

const brokenLine = (repo: TempRepo) =>
  breakPlan(repo.read(PLAN))
    .split('\n')
    .findIndex((l) => l.includes('id: ms-1,')) + 1;

describe('csp hook install', () => {
  it('installs an executable pre-commit hook that blocks a staged broken CSP with file:line:col, and lets it through once fixed', async () => {
    const repo = await hookedRepo();
    const hook = repo.path('.git/hooks/pre-commit');
    expect(statSync(hook).mode & 0o111).not.toBe(0);
    expect(readFileSync(hook, 'utf8')).toContain('validate --staged');

    const good = repo.read(PLAN);
    const line = brokenLine(repo);
    repo.write(PLAN, breakPlan(good));
    repo.git('add', PLAN);
    const blocked = git(repo, 'commit', '-m', 'break the plan');
    expect(blocked.status).not.toBe(0);
    expect(blocked.out).toMatch(new RegExp(`${PLAN}:${line}:\\d+: error .*due`));
    expect(git(repo, 'log', '-1', '--format=%s').out.trim()).toBe('acme plan');

    repo.write(PLAN, good.replace('Kickoff held', 'Kickoff held on site'));
    repo.git('add', PLAN);
    const passed = git(repo, 'commit', '-m', 'retitle ms-1');
    expect(passed.status, passed.out).toBe(0);
    expect(git(repo, 'log', '-1', '--format=%s').out.trim()).toBe('retitle ms-1');
  });

  it('checks the staged version: a broken working file with a good staged version does not block, and the reverse does, saying so', async () => {
    const repo = await hookedRepo();
    const good = repo.read(PLAN);
    repo.write(PLAN, good.replace('Kickoff held', 'Kickoff held on site'));
    repo.git('add', PLAN);
    repo.write(PLAN, breakPlan(good));
    const passed = git(repo, 'commit', '-m', 'staged version is fine');
    expect(passed.status, passed.out).toBe(0);

    repo.write(PLAN, breakPlan(good));
    repo.git('add', PLAN);
    repo.write(PLAN, good);
    const blocked = git(repo, 'commit', '-m', 'staged version is broken');
    expect(blocked.status).not.toBe(0);
    expect(blocked.out).toContain(
      `${PLAN} (staged version): the working file differs; lines are those of the staged version`,
    );
    expect(blocked.out).toMatch(new RegExp(`${PLAN}:${brokenLine(repo)}:\\d+: error`));
  });

  it('sees what git commit -a and git commit <path> are about to commit (GIT_INDEX_FILE)', async () => {
    const repo = await hookedRepo();
    repo.write(PLAN, breakPlan(repo.read(PLAN)));
    const all = git(repo, 'commit', '-a', '-m', 'commit -a of a broken plan');
    expect(all.status).not.toBe(0);
    expect(all.out).toContain(`${PLAN}:${brokenLine(repo)}:`);
    const path = git(repo, 'commit', '-m', 'commit <path> of a broken plan', '--', PLAN);
    expect(path.status).not.toBe(0);
    expect(path.out).toContain(`${PLAN}:${brokenLine(repo)}:`);
    expect(git(repo, 'log', '-1', '--format=%s').out.trim()).toBe('acme plan');
  });

  it('checks trackers and registers too, and lets csp snapshot commit through the hook', async () => {
    const repo = await hookedRepo();
    const snap = await csp(repo, ['snapshot', 'acme']);
    expect(snap.code, snap.stderr).toBe(0);
    repo.write(
      hubPath('acme', 'risk_register'),
      'schema_version: 1\naccount: acme\nrisks:\n  - id: rr-1\n    title: Budget\n    probability: extreme\n',
    );
    repo.git('add', '-A');
    const blocked = git(repo, 'commit', '-m', 'bad register');
    expect(blocked.status).not.toBe(0);
    expect(blocked.out).toMatch(/infohub\/acme\/risk_register\.yaml:6:\d+: error/);
  });

  it('refuses to clobber another hook (exit 3), chains to it with --chain, and replaces it with --force keeping a backup', async () => {
    const repo = tempRepo();
    addAccounts(repo, 'acme');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'acme plan');
    const hook = repo.path('.git/hooks/pre-commit');
    const theirs = '#!/bin/sh\necho ran > "$(git rev-parse --git-dir)/their-hook-ran"\n';
    writeFileSync(hook, theirs);
    chmodSync(hook, 0o755);

    const refused = await csp(repo, ['hook', 'install']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain("a pre-commit hook that is not csp's is already installed");
    expect(refused.stderr).toContain('--chain');
    expect(readFileSync(hook, 'utf8')).toBe(theirs);

    const chained = await csp(repo, ['hook', 'install', '--chain']);
    expect(chained.code, chained.stderr).toBe(0);
    expect(readFileSync(repo.path('.git/hooks/pre-commit.csp-chained'), 'utf8')).toBe(theirs);
    repo.write(PLAN, breakPlan(repo.read(PLAN)));
    const blocked = git(repo, 'commit', '-a', '-m', 'broken');
    expect(blocked.status).not.toBe(0);
    expect(existsSync(repo.path('.git/their-hook-ran'))).toBe(true);
    expect((await csp(repo, ['hook', 'install'])).stdout).toContain('already installed');

    writeFileSync(hook, theirs);
    const forced = await csp(repo, ['hook', 'install', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(repo.path('.git/hooks/pre-commit.csp-backup'), 'utf8')).toBe(theirs);
    expect(readFileSync(hook, 'utf8')).toContain('csp pre-commit hook');
  });

  it('where core.hooksPath is set (husky) writes nothing and prints the snippet to add', async () => {
    const repo = tempRepo();
    repo.git('config', 'core.hooksPath', '.husky');
    const run = await csp(repo, ['hook', 'install']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('core.hooksPath is set to .husky (husky)');
    expect(run.stderr).toContain('.husky/pre-commit');
    expect(run.stdout.trim()).toBe('npx --no-install csp validate --staged --quiet');
    expect(existsSync(repo.path('.git/hooks/pre-commit'))).toBe(false);
    expect(existsSync(repo.path('.husky/pre-commit'))).toBe(false);
    expect((await csp(repo, ['hook', 'install', '--json'])).json()).toMatchObject({
      installed: false,
      outcome: 'hooks-path',
      hooksPath: '.husky',
    });
  });
});

describe('csp validate --staged', () => {
  it('checks only staged documents, names them relative to the repository from a subfolder, and works before the first commit', async () => {
    const repo = tempRepo({}, { commit: false });
    addAccounts(repo, 'acme', 'globex');
    repo.write(hubPath('globex', 'csp'), breakPlan(repo.read(hubPath('globex', 'csp'))));
    repo.git('add', hubPath('acme', 'csp'));
    const ok = await runCsp(['validate', '--staged', '--json'], { cwd: repo.path('infohub/acme') });
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.json().files.map((f: any) => f.file)).toEqual([PLAN]);

    repo.git('add', hubPath('globex', 'csp'));
    const bad = await runCsp(['validate', '--staged'], { cwd: repo.path('infohub') });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`${hubPath('globex', 'csp')}:`);
    const narrowed = await runCsp(['validate', '--staged', 'acme'], { cwd: repo.path('infohub') });
    expect(narrowed.code, narrowed.stdout).toBe(0);
  });
});
