/**
 * Secrets on every output path (issue 19): a key pasted into a plan is refused by one check
 * (storage/secrets.ts) whether the document goes to a file, to stdout (`> plan.md` must not write
 * what `-o plan.md` refuses), into a PDF (the binary output) or into an .ics file.
 */
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCsp } from '../helpers/cli.js';
import { exportRepo, planPath, FIXTURE_PLAN } from '../helpers/export-plan.js';

const KEY = 'sk-ant-api03-PASTEDpasted0123456789-abcdefghijklmnop_QRSTUV';
/** A secret that is not key-shaped: only the environment says it is one. */
const TOKEN = 'ghp-plain-value-1f2e3d4c5b6a79';
const account = FIXTURE_PLAN.account;

/** The export fixture with `secret` pasted into a customer-visible value and a milestone title. */
function repoWith(secret: string) {
  const repo = exportRepo();
  const text = repo.read(planPath(account));
  repo.write(
    planPath(account),
    text
      .replace('system of record before', `system of record (${secret}) before`)
      .replace('title: Kickoff held,', `title: Kickoff held ${secret},`),
  );
  return repo;
}

describe('one secret check on every output path', () => {
  it.each([
    ['a pasted key', KEY, {}],
    ['the value of a secret variable', TOKEN, { GITHUB_TOKEN: TOKEN }],
  ])(
    'refuses %s in every export format, to a file and to stdout (exit 2, nothing written or printed)',
    async (_, secret, env) => {
      const repo = repoWith(secret);
      for (const args of [
        [],
        ['--format', 'html'],
        ['--format', 'json'],
        ['--json'],
        ['--audience', 'internal'],
        ['-o', 'plan.md'],
        ['-o', 'plan.html'],
        ['-o', 'plan.json'],
      ]) {
        const run = await runCsp(['export', account, ...args], { cwd: repo.dir, env });
        expect(run.code, `csp export ${args.join(' ')}\n${run.stderr}`).toBe(2);
        expect(run.stdout + run.stderr).not.toContain(secret);
        expect(run.stdout + run.stderr).toContain('holds an API key');
        expect(run.stdout + run.stderr).toContain('/customer_context/background');
        expect(
          existsSync(join(repo.dir, 'plan.md')) ||
            existsSync(join(repo.dir, 'plan.html')) ||
            existsSync(join(repo.dir, 'plan.json')),
        ).toBe(false);
      }
    },
  );

  it('refuses a key going into a PDF before Chromium is even started', async () => {
    const repo = repoWith(KEY);
    // A "browser" that would only leave a trace if csp launched it.
    const fake = join(repo.dir, 'fake-chromium');
    writeFileSync(fake, `#!/bin/sh\ntouch "${join(repo.dir, 'launched')}"\nexit 1\n`);
    chmodSync(fake, 0o755);
    const run = await runCsp(['export', account, '-o', 'x.pdf'], { cwd: repo.dir, env: { CSP_CHROMIUM: fake } });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('holds an API key');
    expect(run.stdout + run.stderr).not.toContain(KEY);
    expect(existsSync(join(repo.dir, 'x.pdf'))).toBe(false);
    expect(existsSync(join(repo.dir, 'launched'))).toBe(false);
  });

  it('exports the customer view when the key is only in an internal value', async () => {
    const repo = exportRepo();
    repo.write(
      planPath(account),
      repo
        .read(planPath(account))
        .replace('competitive_context: Incumbent', `competitive_context: rotate ${KEY} Incumbent`),
    );
    const customer = await runCsp(['export', account], { cwd: repo.dir });
    expect(customer.code, customer.stderr).toBe(0);
    expect(customer.stdout).toContain('TechCorp Industries');
    expect((await runCsp(['export', account, '--audience', 'internal'], { cwd: repo.dir })).code).toBe(2);
  });

  it('refuses a secret in a reminder going into an .ics file, even one line folding would split', async () => {
    for (const [secret, env] of [
      [KEY, {}],
      [`${TOKEN}${'x'.repeat(70)}`, { GITHUB_TOKEN: `${TOKEN}${'x'.repeat(70)}` }],
    ] as const) {
      const repo = repoWith(secret);
      const run = await runCsp(['remind', '--ics', 'r.ics', '--upcoming', '400'], { cwd: repo.dir, env });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stdout + run.stderr).not.toContain(secret);
      expect(existsSync(join(repo.dir, 'r.ics'))).toBe(false);
    }
  });
});
