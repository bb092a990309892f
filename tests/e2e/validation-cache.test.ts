/**
 * The validation cache is never carried by git (issue 19): it lives under the git dir (or the
 * user's cache folder outside git), so a cache committed to the repository, one that marks an
 * invalid plan valid, cannot make a fresh clone's `csp validate` pass it.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolatedEnv, runCsp } from '../helpers/cli.js';
import { tempDir, tempRepo } from '../helpers/repo.js';

const PLAN = 'infohub/acme/success_plan/csp.yaml';

/** Every scan cache file under dir. */
function cacheFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('scan-v2.ndjson'))
    .map((f) => join(dir, f));
}

describe('the validation cache', () => {
  it('a cache force-added to the repository does not make a fresh clone pass an invalid plan', async () => {
    const repo = tempRepo();
    expect(
      (await runCsp(['init', 'acme', '--name', 'Acme', '--owner', 'Priya Natarajan'], { cwd: repo.dir })).code,
    ).toBe(0);
    expect((await runCsp(['validate'], { cwd: repo.dir })).code).toBe(0);
    // The cache is under .git, not in the work tree: git status shows nothing.
    const [cache] = cacheFiles(repo.path('.git'));
    expect(cache, 'a cache under .git').toBeDefined();
    expect(cacheFiles(repo.path('infohub'))).toEqual([]);
    expect(
      repo
        .git('status', '--porcelain', '--untracked-files=all')
        .split('\n')
        .filter((l) => l.includes('cache')),
    ).toEqual([]);

    // A forged cache (the old in-tree location) that says the broken plan has no issues.
    const broken = repo.read(PLAN).replace(/^( {2}phase:).*$/m, '$1 executing');
    const [header, ...lines] = readFileSync(cache!, 'utf8').trim().split('\n');
    const forged = lines.map((line) => {
      const [rel, entry] = JSON.parse(line) as [string, Record<string, unknown>];
      if (rel.endsWith('success_plan/csp.yaml')) entry.hash = createHash('sha1').update(broken).digest('hex');
      delete entry.issues;
      return JSON.stringify([rel, entry]);
    });
    repo.write(PLAN, broken);
    repo.write('infohub/.csp/cache/scan-v2.ndjson', [header, ...forged].join('\n') + '\n');
    repo.git('add', '-f', '-A');
    repo.git('commit', '-q', '--no-verify', '-m', 'broken plan and a forged cache');

    const clone = join(tempDir('csp-clone-'), 'clone');
    execFileSync('git', ['clone', '-q', repo.dir, clone], { env: isolatedEnv(clone) });
    for (const args of [['validate'], ['validate', '--json'], ['status', '--json']]) {
      const run = await runCsp(args, { cwd: clone });
      if (args[0] === 'validate') expect(run.code, `csp ${args.join(' ')}: ${run.stdout}`).toBe(1);
      expect(run.stdout).toMatch(/phase/);
    }
    // And the same repository, where the forged file sits in the work tree: never read.
    expect((await runCsp(['validate'], { cwd: repo.dir })).code).toBe(1);
  });

  it('outside git, the cache goes to the user cache folder (XDG_CACHE_HOME), not the InfoHub', async () => {
    const home = tempDir('csp-home-');
    const dir = join(home, 'work');
    mkdirSync(dir);
    const env = { HOME: home, XDG_CACHE_HOME: join(home, 'xdg') };
    expect(
      (await runCsp(['init', 'acme', '--name', 'Acme', '--owner', 'Priya Natarajan'], { cwd: dir, env })).code,
    ).toBe(0);
    expect((await runCsp(['validate'], { cwd: dir, env })).code).toBe(0);
    expect(cacheFiles(join(home, 'xdg', 'csp'))).toHaveLength(1);
    expect(cacheFiles(join(dir, 'infohub'))).toEqual([]);
    writeFileSync(join(dir, PLAN), readFileSync(join(dir, PLAN), 'utf8').replace(/^( {2}phase:).*$/m, '$1 executing'));
    expect((await runCsp(['validate'], { cwd: dir, env })).code).toBe(1);
  });
});
