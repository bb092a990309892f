/**
 * Issue 15 "Hints that do not run": every "fix:", "hint:" and "->" line csp prints must run as
 * printed once its placeholders (`...`, `<...>`, YYYY-MM-DD, N) are filled in. The check itself
 * runs after every csp run of the whole end-to-end suite (tests/helpers/hints.ts, called by
 * tests/helpers/cli.ts runCsp): each hint of a new shape runs in a copy of the repository as it
 * stood, and must neither be a usage error (exit 2) nor name something that is "not a field".
 * The scenarios here walk a plan through its life and the places the issue found wrong hints.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, hintCommands, runCsp, runNode, type CspRun } from '../helpers/cli.js';
import { checkHints, fillPlaceholders, hintFailed, hintShape, words } from '../helpers/hints.js';
import { tempRepo, type TempRepo } from '../helpers/repo.js';
import { hubFiles, planData } from './hub-fixture.js';

const TODAY = '2026-12-05';
const ENV = { CSP_NOW: TODAY };

let log = '';
let scratch = '';

/** Runs csp in the scenario: tests/helpers/cli.ts runs every hint of a new shape it prints (hints.ts) and throws on one that does not run. */
function step(repo: TempRepo, args: string[], env: Record<string, string> = {}): Promise<CspRun> {
  return runCsp(args, { cwd: repo.dir, env: { ...ENV, ...env } });
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'csp-hints-'));
  log = join(scratch, 'hints.jsonl');
  writeFileSync(log, '');
  process.env.CSP_HINT_LOG = log;
});
afterAll(() => {
  delete process.env.CSP_HINT_LOG;
  rmSync(scratch, { recursive: true, force: true });
});

describe('every hint csp prints runs as printed', () => {
  it('fills the placeholders of the hint shapes it knows', () => {
    expect(fillPlaceholders('csp set acme value_tracking.metrics.vm-N.baseline <number>')).toBe(
      'csp set acme value_tracking.metrics.vm-1.baseline 1',
    );
    expect(
      fillPlaceholders('csp add criterion acme --criterion "..." --baseline ... --target ... --due YYYY-MM-DD'),
    ).toBe('csp add criterion acme --criterion "Filled in" --baseline 1 --target 1 --due 2027-01-15');
    expect(hintShape('csp set acme risks.rk-2.mitigation "x"')).toBe(
      hintShape('csp set beta risks.rk-7.mitigation "y"'),
    );
    expect(hintShape('csp signal import')).not.toBe(hintShape('csp signal acme ...'));
    expect(hintFailed(2, 'error: unknown option')).toBe(true);
    expect(hintFailed(1, 'ms-2.status is not a field of the plan')).toBe(true);
    expect(hintFailed(3, 'no plan')).toBe(false);
  });

  it('the suite-wide check runs a new hint shape in a copy of the repository and reports one that is a usage error', async () => {
    const repo = tempRepo({ 'note.txt': 'x\n' });
    const run = (a: string[], cwd: string, env: Record<string, string | undefined>) =>
      runNode([BIN, ...a], { cwd, env });
    const failures = await checkHints(
      [`csp validate ${repo.dir}/note.txt --no-such-flag-${process.pid}`],
      { cwd: repo.dir, env: ENV },
      run,
      ROOT,
    );
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ code: 2 });
    expect(failures[0].filled).not.toContain(repo.dir);
  });

  it('through a plan lifecycle and the places issue 15 found wrong hints', async () => {
    const repo = tempRepo();
    // Stage 2 to Stage 4: the gaps and the blocked proposal of a plan created at Stage 4
    await step(repo, ['init', 'acme', '--name', 'Acme Corp', '--owner', 'Priya Natarajan', '--arr', '250k']);
    await step(repo, ['init', 's4', '--name', 'S', '--owner', 'P', '--stage', 'Stage 4', '--arr', '500k']);
    await step(repo, ['validate']);
    // the status and import hints name an account: csp validate takes it as well as a path
    const byName = await step(repo, ['validate', 's4']);
    expect(byName.stdout + byName.stderr).toContain('infohub/s4/success_plan/csp.yaml');
    await step(repo, ['develop', 'acme']);
    await step(repo, ['add', 'phase', 'acme', '--name', 'Foundation', '--start', '2026-12-10', '--end', '2027-02-01']);
    const sh9 = await step(repo, [
      'add',
      'milestone',
      'acme',
      '--phase',
      'ph-1',
      '--title',
      'Kickoff',
      '--due',
      '2027-01-10',
      '--owner',
      'sh-9',
    ]);
    expect(sh9.stderr).toContain('there is no stakeholder sh-9');
    expect(sh9.stderr).not.toContain('--name "sh-9"');
    await step(repo, [
      'add',
      'objective',
      'acme',
      '--statement',
      'Cut QBR prep by 2027-06-30',
      '--owner',
      'Nobody Known',
    ]);
    await step(repo, ['set', 'acme', 'no_such.field', 'x']);
    await step(repo, ['set', 'acme', 'meta.phase', 'execute']);
    await step(repo, ['status', 'acme']);
    await step(repo, ['status']);
    // a full clone: the missing-account hint does not send people to git sparse-checkout
    const missing = await step(repo, ['status', 'acmee']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('csp init acmee');
    expect(missing.stderr).not.toContain('sparse-checkout');

    // an executing plan: reminders name milestones by id, a finalize plan refuses a risk without a mitigation
    const hub = tempRepo(
      hubFiles([
        {
          account: 'exec',
          updated: '2026-11-01',
          renewal: '2027-03-01',
          milestones: [
            { id: 'ms-2', title: 'SSO live', due: '2026-12-06' },
            { id: 'ms-3', title: 'Training', due: '2026-11-20' },
          ],
        },
      ]),
    );
    const fin = planData({ account: 'fin', phase: 'finalize', updated: TODAY }) as any;
    fin.meta.status = 'pending_review';
    hub.write('infohub/fin/success_plan/csp.yaml', yaml.dump(fin, { lineWidth: -1 }));
    hub.git('add', '-A');
    hub.git('commit', '-qm', 'plans');
    await step(hub, ['remind']);
    await step(hub, ['status', 'exec']);
    const risk = await step(hub, [
      'add',
      'risk',
      'fin',
      '--title',
      'Champion leaves',
      '--probability',
      'high',
      '--impact',
      'high',
    ]);
    expect(risk.code).toBe(1);
    expect(risk.stderr).toContain(
      'rk-2 was not added; add it again with --mitigation: csp add risk fin --title "Champion leaves"',
    );
    expect(risk.stderr).toMatch(/csp add risk fin .*--mitigation "\.\.\."/);
    expect(risk.stderr).not.toContain('risks.rk-2.mitigation');
    await step(hub, ['add', 'risk', 'fin', '--title', 'Budget cut', '--probability', 'low', '--impact', 'medium']);
    await step(hub, ['approve', 'fin', '--by', 'Carl Ortiz']);
    await step(hub, ['handoff', 'fin', '--to', 'Dana Ruiz', '--no-snapshot']);
    const renew = await step(hub, ['renew', 'exec', '--no-snapshot']);
    for (const line of renew.stderr.split('\n').filter((l) => l.includes('csp add risk')))
      expect(line).toContain('--mitigation');
    await step(hub, ['recover', 'exec', '--dry-run']);
    await step(hub, ['track-value', 'exec', '--metric', 'vm-1', '--value', '3', '--date', '2027-02-05']);
    await step(hub, ['import', 'no-such-export', '--owner', 'P']);

    // csp import names its own flag for the export's format (it is --source; --crm-source is init's and status's)
    hub.write('weird/notes.csv', 'a,b\n1,2\n');
    const unknown = await runCsp(['import', 'weird', '--owner', 'P'], { cwd: hub.dir, env: ENV });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('--source');
    expect(unknown.stderr).not.toContain('--crm-source');

    const shapes = new Set(
      readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => hintShape(JSON.parse(l).hint)),
    );
    expect(shapes.size).toBeGreaterThan(15);
  }, 600_000);

  it('after --infohub <dir> from another folder, every hint names the same InfoHub and runs as printed there', async () => {
    const repo = tempRepo({ 'elsewhere/README.md': 'not the InfoHub\n' });
    const hub = join(repo.dir, "Priya's plans");
    const cwd = join(repo.dir, 'elsewhere');
    const at = (args: string[]) => runCsp(['--infohub', hub, ...args], { cwd, env: ENV });
    const runs = [
      await at(['init', 'acme', '--name', 'Acme Corp', '--owner', 'Priya Natarajan', '--arr', '250k']),
      await at(['status', 'acme']),
      await at(['develop', 'acme']),
      await at(['set', 'acme', 'no_such.field', 'x']),
      await runCsp(['status', 'nosuch', `--infohub=${hub}`], { cwd, env: ENV }),
      await at(['validate']),
    ];
    const hints = runs.flatMap((r) => hintCommands(`${r.stdout}\n${r.stderr}`));
    expect(hints.length).toBeGreaterThan(5);
    for (const hint of hints) expect(hint).toMatch(/^csp --infohub '\/.*Priya'\\''s plans' /);
    // NOTE: each hint as a person would paste it, filled, from the folder they ran csp in.
    for (const hint of new Set(hints.map((h) => fillPlaceholders(h, 'Priya Natarajan')))) {
      const run = await runNode([BIN, ...words(hint).slice(1)], { cwd, env: ENV });
      expect(hintFailed(run.code, run.stdout + run.stderr, true), `${hint}\n${run.stderr}`).toBe(false);
      expect(run.stderr).not.toContain('no InfoHub found');
    }
  }, 300_000);
});
