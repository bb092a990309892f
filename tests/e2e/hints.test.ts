/**
 * Issue 15 "Hints that do not run": every "fix:", "hint:" and "->" line csp prints must run as
 * printed once its placeholders (`...`, `<...>`, YYYY-MM-DD, N) are filled in. Scenarios walk a
 * plan through its life (and the places the issue found wrong hints) with CSP_HINT_LOG set, so
 * tests/helpers/cli.ts records every hint; right after the command that printed it, each hint of a
 * new shape runs in a copy of the repository as it stood, and must neither be a usage error (exit 2)
 * nor name something that is "not a field".
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCsp, type CspRun } from '../helpers/cli.js';
import { tempRepo, type TempRepo } from '../helpers/repo.js';
import { hubFiles, planData } from './hub-fixture.js';

const TODAY = '2026-12-05';
const ENV = { CSP_NOW: TODAY };

/** Fills a hint's placeholders with values a person would type; `owner` is one of the plan's people. */
export function fillPlaceholders(hint: string, owner = 'Sarah Chen'): string {
  const named: Record<string, string> = { owner, CA: 'Carl Ortiz', manager: 'Dana Ruiz', name: 'Sarah Chen', 'customer stakeholder': 'Sarah Chen', SA: 'Priya Natarajan', number: '1', item: '1', why: 'waiting on the customer', trigger: 'health_below_40', date: '2027-01-15' };
  return hint
    .replace(/^(csp signal \S+) \.\.\.$/, '$1 --nps 8')
    .replace(/(--(?:owner|who|customer) )"\.\.\."/g, `$1"${owner}"`)
    .replace(/<([^<>]+)>/g, (_, k: string) => named[k] ?? '1')
    .replace(/YYYY-MM-DD/g, '2027-01-15')
    .replace(/"\.\.\."/g, '"Filled in"')
    .replace(/(^|\s)\.\.\.(?=\s|$)/g, '$11')
    .replace(/(--(?:baseline|target|value) )N(?=\s|$)/g, '$11')
    .replace(/\b(obj|rk|vm|ms|sc|kr|ph|ac)-N\b/g, '$1-1');
}

/** Splits a command the way sh does for double and single quotes. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/** The shape of a hint, for running one of each: the command, the kind, a set path with ids as N, the flags. */
function shape(hint: string): string {
  const w = words(hint);
  const head = w.slice(0, w[1] === 'add' || w[1] === 'account-plan' ? 3 : 2);
  const field = w[1] === 'set' ? [String(w[3] ?? '').replace(/\b([a-z]+)-[0-9]+\b/g, '$1-N')] : [];
  return [...head, ...field, ...w.filter((x) => x.startsWith('--')).sort()].join(' ');
}

const seen = new Map<string, string>();
const failures: string[] = [];
let log = '';
let scratch = '';

/** Runs csp in the scenario; then every new hint it printed, filled in, in a copy of the repository. */
async function step(repo: TempRepo, args: string[], env: Record<string, string> = {}): Promise<CspRun> {
  const before = existsSync(log) ? readFileSync(log, 'utf8').length : 0;
  const result = await runCsp(args, { cwd: repo.dir, env: { ...ENV, ...env } });
  const added = existsSync(log) ? readFileSync(log, 'utf8').slice(before) : '';
  for (const { hint } of added.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { hint: string })) {
    const key = shape(hint);
    if (seen.has(key)) continue;
    seen.set(key, hint);
    const copy = mkdtempSync(join(scratch, 'hint-'));
    cpSync(repo.dir, copy, { recursive: true });
    const w = words(hint);
    const account = w[1] === 'add' ? w[3] : w[2];
    const planFile = join(copy, 'infohub', String(account), 'success_plan/csp.yaml');
    const owner = existsSync(planFile) ? ((yaml.load(readFileSync(planFile, 'utf8')) as any)?.meta?.owner?.name ?? 'Sarah Chen') : 'Sarah Chen';
    const filled = fillPlaceholders(hint, owner);
    const saved = process.env.CSP_HINT_LOG;
    delete process.env.CSP_HINT_LOG;
    const run = await runCsp(words(filled).slice(1), { cwd: copy, env: { ...ENV, ...env } });
    process.env.CSP_HINT_LOG = saved;
    if (run.code === 2 || /not a field/.test(run.stdout + run.stderr)) failures.push(`after csp ${args.join(' ')}: the hint\n    ${hint}\n  filled as\n    ${filled}\n  exited ${run.code}: ${(run.stderr || run.stdout).trim().split('\n').slice(0, 3).join(' | ')}`);
    rmSync(copy, { recursive: true, force: true });
  }
  return result;
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
    expect(fillPlaceholders('csp set acme value_tracking.metrics.vm-N.baseline <number>')).toBe('csp set acme value_tracking.metrics.vm-1.baseline 1');
    expect(fillPlaceholders('csp add criterion acme --criterion "..." --baseline ... --target ... --due YYYY-MM-DD')).toBe('csp add criterion acme --criterion "Filled in" --baseline 1 --target 1 --due 2027-01-15');
    expect(shape('csp set acme risks.rk-2.mitigation "x"')).toBe(shape('csp set beta risks.rk-7.mitigation "y"'));
  });

  it('through a plan lifecycle and the places issue 15 found wrong hints', async () => {
    const repo = tempRepo();
    // Stage 2 to Stage 4: the gaps and the blocked proposal of a plan created at Stage 4
    await step(repo, ['init', 'acme', '--name', 'Acme Corp', '--owner', 'Priya Natarajan', '--arr', '250k']);
    await step(repo, ['init', 's4', '--name', 'S', '--owner', 'P', '--stage', 'Stage 4', '--arr', '500k']);
    await step(repo, ['validate']);
    await step(repo, ['develop', 'acme']);
    await step(repo, ['add', 'phase', 'acme', '--name', 'Foundation', '--start', '2026-12-10', '--end', '2027-02-01']);
    const sh9 = await step(repo, ['add', 'milestone', 'acme', '--phase', 'ph-1', '--title', 'Kickoff', '--due', '2027-01-10', '--owner', 'sh-9']);
    expect(sh9.stderr).toContain('there is no stakeholder sh-9');
    expect(sh9.stderr).not.toContain('--name "sh-9"');
    await step(repo, ['add', 'objective', 'acme', '--statement', 'Cut QBR prep by 2027-06-30', '--owner', 'Nobody Known']);
    await step(repo, ['set', 'acme', 'no_such.field', 'x']);
    await step(repo, ['set', 'acme', 'meta.phase', 'execute']);
    await step(repo, ['status', 'acme']);
    await step(repo, ['status']);

    // an executing plan: reminders name milestones by id, a finalize plan refuses a risk without a mitigation
    const hub = tempRepo(hubFiles([
      { account: 'exec', updated: '2026-11-01', renewal: '2027-03-01', milestones: [{ id: 'ms-2', title: 'SSO live', due: '2026-12-06' }, { id: 'ms-3', title: 'Training', due: '2026-11-20' }] },
    ]));
    const fin = planData({ account: 'fin', phase: 'finalize', updated: TODAY }) as any;
    fin.meta.status = 'pending_review';
    hub.write('infohub/fin/success_plan/csp.yaml', yaml.dump(fin, { lineWidth: -1 }));
    hub.git('add', '-A');
    hub.git('commit', '-qm', 'plans');
    await step(hub, ['remind']);
    await step(hub, ['status', 'exec']);
    const risk = await step(hub, ['add', 'risk', 'fin', '--title', 'Champion leaves', '--probability', 'high', '--impact', 'high']);
    expect(risk.code).toBe(1);
    expect(risk.stderr).toContain('rk-2 was not added; add it again with --mitigation: csp add risk fin --title "Champion leaves"');
    expect(risk.stderr).toMatch(/csp add risk fin .*--mitigation "\.\.\."/);
    expect(risk.stderr).not.toContain('risks.rk-2.mitigation');
    await step(hub, ['add', 'risk', 'fin', '--title', 'Budget cut', '--probability', 'low', '--impact', 'medium']);
    await step(hub, ['approve', 'fin', '--by', 'Carl Ortiz']);
    await step(hub, ['handoff', 'fin', '--to', 'Dana Ruiz', '--no-snapshot']);
    const renew = await step(hub, ['renew', 'exec', '--no-snapshot']);
    for (const line of renew.stderr.split('\n').filter((l) => l.includes('csp add risk'))) expect(line).toContain('--mitigation');
    await step(hub, ['recover', 'exec', '--dry-run']);
    await step(hub, ['track-value', 'exec', '--metric', 'vm-1', '--value', '3', '--date', '2027-02-05']);
    await step(hub, ['import', 'no-such-export', '--owner', 'P']);

    // csp import names its own flag for the export's format (it is --source; --crm-source is init's and status's)
    hub.write('weird/notes.csv', 'a,b\n1,2\n');
    const unknown = await runCsp(['import', 'weird', '--owner', 'P'], { cwd: hub.dir, env: ENV });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('--source');
    expect(unknown.stderr).not.toContain('--crm-source');

    expect(seen.size).toBeGreaterThan(15);
    expect(failures, `hints that do not run:\n${failures.join('\n')}`).toEqual([]);
  }, 600_000);
});
