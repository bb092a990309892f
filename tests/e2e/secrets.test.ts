/**
 * Secrets (issue 8): with an Anthropic key in the environment, csp never writes it to a file, a
 * git object, its output or an error message, even with --debug (stack traces, causes) and
 * --json, and refuses to store it when it is passed as a value.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { isolatedEnv, runCsp } from '../helpers/cli.js';
import { tempRepo, type TempRepo } from '../helpers/repo.js';

const KEY = 'sk-ant-api03-FAKEfakeFAKE0123456789-abcdefghijklmnopqrstuvwxyz_ABCDEFG';
const OTHER = 'plain-secret-token-9f8e7d6c5b4a';
const env = { ANTHROPIC_API_KEY: KEY, GITHUB_TOKEN: OTHER };

/** Every byte csp could have left: files of the repository and HOME, and every git object, uncompressed. */
function everything(repo: TempRepo): string {
  const parts: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const stat = lstatSync(path);
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile()) parts.push(path, readFileSync(path, 'latin1'));
    }
  };
  walk(repo.dir);
  parts.push(
    execFileSync('git', ['cat-file', '--batch-all-objects', '--batch'], {
      cwd: repo.dir,
      env: isolatedEnv(repo.dir),
      encoding: 'latin1',
      maxBuffer: 64 * 1024 * 1024,
    }),
  );
  return parts.join('\n');
}

describe('the Anthropic key never leaks', () => {
  it('through a whole lifecycle, failures with --debug and --json, and refused values', async () => {
    const repo = tempRepo();
    const runs: Array<{ args: string[]; code?: number }> = [
      {
        args: ['init', 'acme', '--name', 'Acme Corp', '--owner', 'Priya Natarajan', '--arr', '250000', '--debug'],
        code: 0,
      },
      {
        args: [
          'add',
          'risk',
          'acme',
          '--title',
          'Data migration',
          '--probability',
          'high',
          '--impact',
          'high',
          '--mitigation',
          'Dry run',
          '--owner',
          'Priya Natarajan',
          '--debug',
        ],
        code: 0,
      },
      { args: ['snapshot', 'acme', '--debug'], code: 0 },
      { args: ['develop', 'acme', '--debug'], code: 1 },
      { args: ['develop', 'acme', '--debug', '--json'], code: 1 },
      // The key (or another secret) as a value: refused, and not echoed.
      { args: ['set', 'acme', 'customer_context.background', `our key is ${KEY}`, '--debug'], code: 2 },
      {
        args: [
          'add',
          'risk',
          'acme',
          '--title',
          `token ${OTHER}`,
          '--probability',
          'low',
          '--impact',
          'low',
          '--debug',
          '--json',
        ],
        code: 2,
      },
      { args: ['add', 'decision', 'acme', '--decision', 'Use the key', '--rationale', KEY, '--debug'], code: 2 },
      // Errors whose messages carry the key (a path that holds it), with stack traces and causes.
      {
        args: [
          'init',
          'beta',
          '--name',
          'Beta',
          '--owner',
          'Priya',
          '--from-crm',
          `exports/${KEY}.csv`,
          '--crm-id',
          'x',
          '--debug',
        ],
        code: 3,
      },
      { args: ['validate', `infohub/${KEY}.yaml`, '--debug'], code: 2 },
      { args: ['set', 'acme', `meta.${KEY}`, 'x', '--debug', '--json'], code: 2 },
      { args: ['add', 'risk', KEY, '--title', 't', '--probability', 'low', '--impact', 'low', '--debug'], code: 2 },
      { args: ['--infohub', `/nowhere/${KEY}`, 'validate', '--debug'], code: 3 },
      { args: ['repair', '--debug'], code: 0 },
      { args: ['validate', '--debug', '--json'], code: 0 },
    ];
    for (const { args, code } of runs) {
      const run = await runCsp(args, { cwd: repo.dir, env });
      if (code !== undefined) expect(run.code, `csp ${args.join(' ')}\n${run.stderr}`).toBe(code);
      for (const secret of [KEY, OTHER]) {
        expect(run.stdout, `stdout of csp ${args.slice(0, 2).join(' ')}`).not.toContain(secret);
        expect(run.stderr, `stderr of csp ${args.slice(0, 2).join(' ')}`).not.toContain(secret);
      }
      // The key's shape is masked too, even where the environment does not name it.
      expect(run.stderr + run.stdout).not.toMatch(/sk-ant-api03-FAKE/);
    }
    const all = everything(repo);
    expect(all).not.toContain(KEY);
    expect(all).not.toContain(OTHER);
    expect(all).not.toContain('sk-ant-api03');
  }, 240_000);

  it('masks a key that someone pasted into a plan by hand, in validate output of every format', async () => {
    const repo = tempRepo();
    expect((await runCsp(['init', 'acme', '--name', 'Acme', '--owner', 'Priya'], { cwd: repo.dir })).code).toBe(0);
    repo.write(
      'infohub/acme/success_plan/csp.yaml',
      repo.read('infohub/acme/success_plan/csp.yaml').replace(/^( *)plan_type: .*$/m, `$1plan_type: ${KEY}`),
    );
    for (const args of [
      ['validate'],
      ['validate', '--format', 'json'],
      ['validate', '--json'],
      ['snapshot', 'acme', '--debug'],
    ]) {
      const run = await runCsp(args, { cwd: repo.dir, env });
      expect(run.code, run.stderr).not.toBe(0);
      expect(run.stdout + run.stderr).not.toContain(KEY);
    }
    expect(repo.git('log', '--all', '--format=%H').trim().split('\n')).toHaveLength(1);
  });

  it('refuses a key-shaped value even when no key is in the environment', async () => {
    const repo = tempRepo();
    expect((await runCsp(['init', 'acme', '--name', 'Acme', '--owner', 'Priya'], { cwd: repo.dir })).code).toBe(0);
    const before = repo.read('infohub/acme/success_plan/csp.yaml');
    const run = await runCsp(['set', 'acme', 'customer_context.background', KEY], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('holds an API key');
    expect(run.stderr).not.toContain(KEY);
    expect(repo.read('infohub/acme/success_plan/csp.yaml')).toBe(before);
  });
});
