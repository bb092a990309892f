/**
 * The command-line contract scripts rely on (SPEC "Commands"): exit codes, usage errors that name
 * the flag when a value is missing and there is no terminal, --json on stdout alone, help with
 * an example for every command, and start-up that does not load the AI SDK or the prompt library.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT, runCsp, runNode } from '../helpers/cli.js';
import { tempDir, tempRepo } from '../helpers/repo.js';

const PLAN = readFileSync(`${ROOT}tests/fixtures/plans-e2e/techcorp-csp.yaml`, 'utf8');
const FILE = 'infohub/techcorp-industries/success_plan/csp.yaml';
const COMMANDS = ['init', 'add', 'set', 'develop', 'finalize', 'review', 'approve', 'handoff', 'validate', 'snapshot'];

describe('exit codes and usage errors', () => {
  it('names the missing flags when stdin is not a terminal (exit 2), and writes nothing', async () => {
    const repo = tempRepo();
    const run = await runCsp(['init', 'acme'], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('missing --name, --owner');
    expect(run.stderr).toContain('csp init acme --name "<customer>" --owner "<SA>"');
    const add = await runCsp(['add', 'risk', 'acme', '--title', 'x'], { cwd: repo.dir });
    expect(add.code).toBe(2); // usage is checked before the account is looked up
  });

  it.each([
    ['../etc', 'path separator'],
    ['a/b', 'path separator'],
    ['Acme Corp', 'use the slug, e.g. acme-corp'],
    ['con', 'reserved name'],
    ['-x', 'unknown option'],
  ])('refuses the unsafe account name %j (exit 2)', async (name, message) => {
    const repo = tempRepo();
    const run = await runCsp(['init', name, '--name', 'X', '--owner', 'Y'], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(() => readFileSync(join(repo.dir, 'infohub', 'x'))).toThrow();
  });

  it('refuses to overwrite a plan (exit 3) and says how to go on', async () => {
    const repo = tempRepo({ [FILE]: PLAN });
    const run = await runCsp(['init', 'techcorp-industries', '--name', 'TechCorp', '--owner', 'Priya'], {
      cwd: repo.dir,
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('already exists');
    expect(repo.read(FILE)).toBe(PLAN);
  });

  it('reports a missing InfoHub (exit 3) and an unknown account (exit 3)', async () => {
    const dir = tempDir();
    const none = await runCsp(['validate'], { cwd: dir });
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('no InfoHub found');
    const repo = tempRepo({ [FILE]: PLAN });
    const unknown = await runCsp(['add', 'objective', 'nobody', '--statement', 'x'], { cwd: repo.dir });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('no plan for account "nobody"');
  });

  it('refuses a phase change in the wrong phase (exit 3) and a snapshot outside git (exit 3)', async () => {
    const repo = tempRepo({ [FILE]: PLAN });
    const wrong = await runCsp(['develop', 'techcorp-industries'], { cwd: repo.dir });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('is in phase finalize');
    const dir = tempDir();
    const plain = await runCsp(['snapshot', 'techcorp-industries', '--infohub', join(ROOT, 'tests/fixtures/none')], {
      cwd: dir,
    });
    expect(plain.code).toBe(3);
  });

  it('refuses fields that lifecycle commands own, naming the command (exit 2)', async () => {
    const repo = tempRepo({ [FILE]: PLAN });
    const run = await runCsp(['set', 'techcorp-industries', 'meta.status', 'active'], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('csp review techcorp-industries --customer "<name>" --signed-off');
    const typed = await runCsp(['set', 'techcorp-industries', 'meta.arr_usd', 'lots'], { cwd: repo.dir });
    expect(typed.code).toBe(2);
    expect(typed.stderr).toContain('meta.arr_usd must be a number');
  });

  it('prints machine-readable JSON alone on stdout, errors included', async () => {
    const repo = tempRepo({ [FILE]: PLAN });
    const ok = await runCsp(
      [
        'add',
        'stakeholder',
        'techcorp-industries',
        '--name',
        'Ana Silva',
        '--role',
        'admin',
        '--side',
        'customer',
        '--json',
      ],
      { cwd: repo.dir },
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.json()).toMatchObject({ ok: true, kind: 'stakeholder', id: 'sh-4' });
    // A milestone after the plan's end would add an error: refused, as JSON with the issue.
    const refused = await runCsp(
      [
        'add',
        'milestone',
        'techcorp-industries',
        '--phase',
        'ph-1',
        '--title',
        'Late',
        '--due',
        '2028-01-01',
        '--owner',
        'sh-1',
        '--json',
      ],
      { cwd: repo.dir },
    );
    expect(refused.code).toBe(1);
    expect(refused.json()).toMatchObject({
      ok: false,
      error: { code: 'change-refused' },
      issues: [{ code: 'milestone-outside-plan' }],
    });
    // A fourth objective in a finalize-phase plan needs its first key result: the flag is named.
    const usage = await runCsp(
      ['add', 'objective', 'techcorp-industries', '--statement', 'Fourth objective by 2027-06-30', '--json'],
      { cwd: repo.dir },
    );
    expect(usage.code).toBe(2);
    expect(usage.json().error.hint).toContain('--metric');
    const bad = await runCsp(
      ['add', 'objective', 'techcorp-industries', '--statement', 'x', '--owner', 'Nobody', '--json'],
      { cwd: repo.dir },
    );
    expect(bad.code).toBe(2);
    expect(bad.json()).toMatchObject({ ok: false, error: { code: 'bad-value', exitCode: 2 } });
  });

  it('shows no stack trace unless --debug', async () => {
    const repo = tempRepo();
    const plain = await runCsp(['validate', 'missing.yaml'], { cwd: repo.dir });
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = await runCsp(['validate', 'missing.yaml', '--debug'], { cwd: repo.dir });
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});

describe('help', () => {
  it.each(COMMANDS)('csp %s --help shows an example', async (command) => {
    const dir = tempDir();
    const run = await runCsp([command, '--help'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Examples?:\n\s+\$ csp /);
  });
});

describe('start-up cost', () => {
  async function importsOf(args: string[], cwd: string): Promise<string[]> {
    const log = join(tempDir(), 'imports.txt');
    const run = await runNode(['--import', `${ROOT}tests/helpers/trace-imports.mjs`, BIN, ...args], {
      cwd,
      env: { CSP_TRACE_IMPORTS: log },
    });
    expect(run.code, run.stderr).toBe(0);
    return readFileSync(log, 'utf8').split('\n').filter(Boolean);
  }

  it('csp --help loads commander and none of the heavy libraries', async () => {
    const urls = await importsOf(['--help'], tempDir());
    expect(urls.some((u) => u.includes('/commander/'))).toBe(true);
    for (const lib of [
      '@anthropic-ai',
      '@inquirer',
      'inquirer',
      'simple-git',
      'node_modules/yaml/',
      'ajv',
      'chalk',
      'date-fns',
      'pptxgenjs',
      'jszip',
    ]) {
      expect(
        urls.filter((u) => u.includes(lib)),
        lib,
      ).toEqual([]);
    }
    // The command list comes from the command index the build writes, not from the 22 register modules.
    expect(urls.filter((u) => u.includes('/dist/commands/'))).toEqual([]);
  });

  it('csp validate <one file> does not load the AI SDK, the prompt library or git', async () => {
    const repo = tempRepo({ [FILE]: PLAN });
    const urls = await importsOf(['validate', FILE], repo.dir);
    expect(urls.filter((u) => u.includes('/register.js')).map((u) => u.replace(/.*\/dist\//, ''))).toEqual([
      'commands/validate/register.js',
    ]);
    for (const lib of [
      '@anthropic-ai',
      '@inquirer',
      'inquirer',
      'simple-git',
      'chalk',
      'pptxgenjs',
      'jszip',
      'playwright-core',
    ]) {
      expect(
        urls.filter((u) => u.includes(lib)),
        lib,
      ).toEqual([]);
    }
  });
});

describe('pipes', () => {
  it('ends quietly when the reader closes the pipe early (csp --help | head -1)', async () => {
    const { spawnSync } = await import('node:child_process');
    const run = spawnSync('sh', ['-c', `node ${BIN} --help | head -1`], { encoding: 'utf8' });
    expect(run.stdout).toMatch(/^Usage: csp/);
    expect(run.stderr).not.toContain('EPIPE');
  });
});
