/**
 * The pre-commit framework (https://pre-commit.com) installs csp's hook from this repository's
 * .pre-commit-hooks.yaml and blocks a commit of a broken plan (issue 14). Debian's pre-commit
 * (3.0.4, installed by .ci/run) installs a `language: node` hook with `npm pack` and reads npm's
 * stdout as the tarball's name: the prepare banner broke that (upstream pre-commit issue 3737).
 *
 * The hook repository is a throwaway one-commit copy of this working tree (so uncommitted work is
 * what is tested), named by a local path and that commit. Installing runs npm against the
 * registry (csp's dependencies), so the test takes minutes (npm's cache is the user's; it prefers
 * what the cache holds).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ROOT, isolatedEnv } from '../helpers/cli.js';
import { tempDir, tempRepo } from '../helpers/repo.js';
import { addAccounts, hubPath } from '../helpers/infohub.js';

/** A one-commit git repository holding this working tree's files (tracked and new, not ignored), tests and benchmarks left out. */
function hookRepository(): { dir: string; rev: string } {
  const dir = tempDir('csp-hook-repo-');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((f) => f && !/^(tests|bench)\//.test(f));
  for (const file of files) {
    try {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      copyFileSync(join(ROOT, file), join(dir, file));
    } catch (error) {
      // NOTE: a file deleted in the working tree but still in the index is not part of it.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  // NOTE: pre-commit 3.x runs `npm install --dev` in the hook repository, then `npm pack` (the build
  // runs for each). The copy keeps only the development dependencies the build needs (TypeScript,
  // the type packages and commander's option types): the test tool chain (vitest, mermaid...) took minutes to install on a
  // busy machine and plays no part in how the hook installs. What is packed and installed is the same.
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  manifest.devDependencies = Object.fromEntries(
    Object.entries(manifest.devDependencies).filter(
      ([name]) => name === 'typescript' || name.startsWith('@types/') || name === '@commander-js/extra-typings',
    ),
  );
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const env = isolatedEnv(dir);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git(
    '-c',
    'user.name=csp test',
    '-c',
    'user.email=test@example.com',
    '-c',
    'commit.gpgsign=false',
    'commit',
    '-q',
    '-m',
    'working tree',
  );
  return { dir, rev: git('rev-parse', 'HEAD') };
}

/** The error lines of npm's debug logs in a folder. */
function npmErrors(dir: string): string {
  return readdirSync(dir)
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
    .filter((l) => / (error|warn) /.test(l))
    .slice(-40)
    .join('\n');
}

/**
 * The user's npm configuration file, when there is one (the tests' HOME is a temp folder, which would
 * hide it), and the certificate authorities npm trusts: pre-commit unsets NPM_CONFIG_USERCONFIG for
 * the npm it runs, so a cafile (a TLS-inspecting proxy's) is passed on by variable too.
 */
function userNpmConfig(): Record<string, string> {
  const file = process.env.npm_config_userconfig || join(homedir(), '.npmrc');
  const out: Record<string, string> = existsSync(file) ? { npm_config_userconfig: file } : {};
  // NOTE: npm's own answer, which includes the global npmrc that pre-commit's node prefix does not read.
  const cafile =
    process.env.npm_config_cafile || execFileSync('npm', ['config', 'get', 'cafile'], { encoding: 'utf8' }).trim();
  if (cafile && cafile !== 'null' && cafile !== 'undefined') out.npm_config_cafile = cafile;
  if (process.env.NODE_EXTRA_CA_CERTS) out.NODE_EXTRA_CA_CERTS = process.env.NODE_EXTRA_CA_CERTS;
  return out;
}

describe('the pre-commit framework', () => {
  it('npm pack prints the tarball name alone on stdout, the build included (what pre-commit before 4.6.1 reads)', () => {
    const hook = hookRepository();
    symlinkSync(join(ROOT, 'node_modules'), join(hook.dir, 'node_modules'));
    const env = isolatedEnv(hook.dir, {
      npm_config_cache: process.env.npm_config_cache || join(homedir(), '.npm'),
      npm_config_update_notifier: 'false',
    });
    const pack = spawnSync('npm', ['pack'], { cwd: hook.dir, env, encoding: 'utf8', timeout: 240_000 });
    expect(pack.status, pack.stderr).toBe(0);
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
    expect(pack.stdout).toBe(`csp-tools-csp-${version}.tgz\n`);
  }, 300_000);

  it("Debian's pre-commit installs csp-validate from .pre-commit-hooks.yaml, refuses a commit of a broken plan and lets the fixed one through", async () => {
    const hook = hookRepository();
    const hub = tempRepo();
    const npmLogs = tempDir('csp-npm-logs-');
    // NOTE: pre-commit's home holds the installed hook's node_modules; removing it can take longer than the 60 s hook default.
    const preCommitHome = mkdtempSync(join(tmpdir(), 'csp-pre-commit-home-'));
    onTestFinished(() => rmSync(preCommitHome, { recursive: true, force: true }), 300_000);
    const env = isolatedEnv(hub.dir, {
      // NOTE: the hook repository's .npmrc silences npm; its debug logs say why an install failed.
      npm_config_logs_dir: npmLogs,
      PRE_COMMIT_HOME: preCommitHome,
      // NOTE: HOME is a temp folder; npm keeps its download cache where the user's is, so a second run is quick.
      npm_config_cache: process.env.npm_config_cache || join(homedir(), '.npm'),
      // NOTE: and the user's own npm configuration (registry, proxy, cafile), as the user's pre-commit reads it.
      ...userNpmConfig(),
      npm_config_prefer_offline: 'true',
      npm_config_update_notifier: 'false',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    });
    const run = (cmd: string, ...args: string[]) => {
      const r = spawnSync(cmd, args, {
        cwd: hub.dir,
        env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 840_000,
      });
      return { status: r.status ?? 1, out: `${r.stdout}${r.stderr}${r.error ? String(r.error) : ''}` };
    };
    expect(
      run('pre-commit', '--version').status,
      'pre-commit is not installed: apt-get install -y pre-commit (.ci/run does)',
    ).toBe(0);

    hub.write(
      '.pre-commit-config.yaml',
      `repos:\n  - repo: ${hook.dir}\n    rev: ${hook.rev}\n    hooks:\n      - id: csp-validate\n`,
    );
    addAccounts(hub, 'acme');
    hub.git('add', '-A');
    hub.git('commit', '-q', '-m', 'acme plan');
    expect(run('pre-commit', 'install').status).toBe(0);
    const installed = run('pre-commit', 'install-hooks');
    expect(installed.status, `${installed.out}\n${npmErrors(npmLogs)}`).toBe(0);

    const plan = hubPath('acme', 'csp');
    const good = hub.read(plan);
    const broken = good.replace('due: "2026-12-02", owner: sh-3', 'owner: sh-3');
    expect(broken).not.toBe(good);
    hub.write(plan, broken);
    hub.git('add', plan);
    const refused = run('git', 'commit', '-m', 'break the plan');
    expect(refused.status, refused.out).not.toBe(0);
    const line = broken.split('\n').findIndex((l) => l.includes('id: ms-1,')) + 1;
    expect(refused.out).toMatch(new RegExp(`${plan}:${line}:\\d+: error .*due`));
    expect(hub.git('log', '-1', '--format=%s').trim()).toBe('acme plan');

    hub.write(plan, good.replace('Kickoff held', 'Kickoff held on site'));
    hub.git('add', plan);
    const passed = run('git', 'commit', '-m', 'retitle ms-1');
    expect(passed.status, passed.out).toBe(0);
    expect(passed.out).toMatch(/csp validate.*Passed/);
    expect(hub.git('log', '-1', '--format=%s').trim()).toBe('retitle ms-1');
  }, 900_000);
});
