/**
 * `csp init --from-crm --crm-id <name>` with a name two accounts share (issue 19): a usage error
 * (exit 2) that lists the candidates, and a hint that picks one and runs as printed. Nothing is
 * created by the refused run.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCsp } from '../helpers/cli.js';
import { tempRepo } from '../helpers/repo.js';

/** Splits a printed command line the way a POSIX shell would (single quotes and plain words). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g))
    words.push(m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]!);
  return words;
}

describe('an ambiguous --crm-id', () => {
  it('is a usage error listing both accounts; the hint picks one and runs as printed', async () => {
    const repo = tempRepo();
    cpSync(join(ROOT, 'tests/fixtures/crm/sf-apex-recipes'), repo.path('crm'), { recursive: true });
    const file = repo.path('crm/Accounts.json');
    const data = JSON.parse(readFileSync(file, 'utf8')) as { records: Array<{ name: string }> };
    data.records[2]!.name = data.records[0]!.name = 'Twin Co';
    writeFileSync(file, JSON.stringify(data, null, 2));

    for (const id of ['Twin Co', ' twin co ']) {
      const run = await runCsp(['init', 'twin', '--from-crm', 'crm', '--crm-id', id, '--owner', "Priya O'Neil"], {
        cwd: repo.dir,
      });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain('ambiguous');
      expect(run.stderr).toContain('AccountRef1 (Twin Co)');
      expect(run.stderr).toContain('AccountRef3 (Twin Co)');
      expect(existsSync(repo.path('infohub/twin'))).toBe(false);
    }
    const run = await runCsp(
      ['init', 'twin', '--from-crm', 'crm', '--crm-id', 'Twin Co', '--owner', "Priya O'Neil", '--json'],
      { cwd: repo.dir },
    );
    expect(run.code).toBe(2);
    const hint = run.json<{ error: { hint: string } }>().error.hint;
    const command = shellWords(hint.slice(hint.indexOf('csp ')));
    expect(command.slice(0, 2)).toEqual(['csp', 'init']);
    const picked = await runCsp(command.slice(1), { cwd: repo.dir });
    expect(picked.code, picked.stderr).toBe(0);
    expect(repo.read('infohub/twin/success_plan/csp.yaml')).toContain("Priya O'Neil");
  });

  it('refuses a Maven export whose two rows share the account name (the id there)', async () => {
    const repo = tempRepo();
    cpSync(join(ROOT, 'tests/fixtures/crm/maven-crm'), repo.path('crm'), { recursive: true });
    const accounts = repo.read('crm/accounts.csv');
    const [header, first] = accounts.split('\n');
    repo.write(
      'crm/accounts.csv',
      `${header}\n${first}\n${first!.replace(/,\d{4},/, ',2011,')}\n${accounts.split('\n').slice(2).join('\n')}`,
    );
    const name = first!.split(',')[0]!;
    const run = await runCsp(['init', 'dup', '--from-crm', 'crm', '--crm-id', name, '--owner', 'Priya'], {
      cwd: repo.dir,
    });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('ambiguous');
    expect(run.stderr).toMatch(/crm\/accounts\.csv:2, crm\/accounts\.csv:3/);
    expect(existsSync(repo.path('infohub/dup'))).toBe(false);
  });
});
