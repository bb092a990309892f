#!/usr/bin/env node
// Customer health and reminders at the size of a real portfolio (issue 7), against `node -e 0` in
// the same run on the same machine:
//   - csp signal import of the RavenStack data (500 accounts, 32,000 rows; the committed 42-account
//     subset when /work/shared is absent): up to 2024-11-15 into an empty InfoHub, then to the end of
//     the data (the last quarter changes in every file), then again with nothing changed;
//   - csp status of every imported account (--json), and csp health backtest --fit;
//   - csp remind over an InfoHub of 1,000 plans (BENCH_PLANS).
// Medians of BENCH_RUNS runs (the first two imports run once: they change the files).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PLANS = Number(process.env.BENCH_PLANS ?? 1000);
const DATA = existsSync('/work/shared/data/ravenstack-saas')
  ? '/work/shared/data/ravenstack-saas'
  : join(ROOT, 'tests/fixtures/ravenstack-saas');
const env = { ...process.env, CSP_NOW: '2026-11-22', CI: '1', NO_COLOR: '1' };
const dir = mkdtempSync(join(tmpdir(), 'csp-health-bench-'));

function timed(args, cwd = dir) {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 512 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed (${run.status}):\n${run.stderr}`);
  return ms;
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const repeat = (args, cwd) => median(Array.from({ length: RUNS }, () => timed(args, cwd)));
const csp = join(ROOT, 'bin/csp');

/** A complete post-sales plan (as tests/e2e/hub-fixture.ts builds), renamed per account. */
function plan(i) {
  const account = `account-${String(i).padStart(4, '0')}`;
  const due = (d) => new Date(Date.UTC(2026, 10, 22 + d)).toISOString().slice(0, 10);
  return [
    account,
    yaml.dump(
      {
        schema_version: 1,
        meta: {
          account,
          account_name: `Account ${i}`,
          plan_type: 'onboarding',
          phase: 'execute',
          status: 'active',
          owner: { name: 'Carl Ortiz', role: 'CA' },
          opportunity_stage: 'Closed Won',
          arr_usd: 250000,
          created: '2025-12-01',
          updated: due(-(i % 90)),
          plan_start: '2026-01-15',
          plan_end: '2027-06-30',
          last_customer_review: due(-(i % 120)),
          customer_sign_off: { by: 'Sarah Chen', date: '2026-01-10' },
        },
        customer_context: {
          industry: 'Technology',
          primary_use_case: 'QBR automation',
          background: 'Notes.',
          contract: { start: due(-(i % 300)), end: null, renewal_date: due(i % 200) },
        },
        stakeholders: [
          { id: 'sh-1', name: 'Carl Ortiz', side: 'vendor', role: 'CA' },
          { id: 'sh-2', name: 'Sarah Chen', side: 'customer', role: 'champion' },
        ],
        adoption_journey: {
          phases: [
            {
              id: 'ph-1',
              name: 'Adoption',
              start: '2026-01-15',
              end: '2027-06-01',
              milestones: [0, 1, 2, 3, 4, 5].map((k) => ({
                id: `ms-${k + 1}`,
                title: `Milestone ${k + 1}`,
                due: due(((i + k * 7) % 40) - 20),
                owner: 'sh-2',
                status: 'not_started',
              })),
            },
          ],
        },
        value_tracking: { metrics: [{ id: 'vm-1', name: 'Hours', baseline: 24, target: 4, measurements: [] }] },
      },
      { lineWidth: -1 },
    ),
  ];
}

try {
  const hub = join(dir, 'infohub');
  mkdirSync(hub);
  writeFileSync(join(hub, '.csp.yaml'), 'schema_version: 1\n');
  const node0 = repeat(['-e', '0']);
  const importCold = timed([csp, 'signal', 'import', DATA, '--mapping', 'ravenstack', '--as-of', '2024-11-15']);
  const importUpdate = timed([csp, 'signal', 'import', DATA, '--mapping', 'ravenstack']);
  const importAgain = repeat([csp, 'signal', 'import', DATA, '--mapping', 'ravenstack']);
  const accounts = readdirSync(hub).filter((f) => !f.startsWith('.'));
  const status = repeat([csp, 'status', ...accounts, '--as-of', '2024-12-31', '--json']);
  const backtest = repeat([
    csp,
    'health',
    'backtest',
    '--labels',
    join(DATA, 'ravenstack_accounts.csv'),
    '--fit',
    '--json',
  ]);

  const plans = join(dir, 'plans', 'infohub');
  for (let i = 0; i < PLANS; i++) {
    const [account, text] = plan(i);
    mkdirSync(join(plans, account, 'success_plan'), { recursive: true });
    writeFileSync(join(plans, account, 'success_plan', 'csp.yaml'), text);
  }
  const remind = repeat([csp, 'remind', '--json'], join(dir, 'plans'));
  const remindIcs = repeat([csp, 'remind', '--ics', join(dir, 'r.ics'), '--json'], join(dir, 'plans'));

  const row = (what, ms) =>
    console.log(`| ${what.padEnd(66)} | ${ms.toFixed(0).padStart(7)} ms | ${(ms / node0).toFixed(1).padStart(6)}x |`);
  console.log(`data: ${DATA} (${accounts.length} accounts); ${PLANS} plans for remind; medians of ${RUNS} runs\n`);
  console.log(`| ${'what'.padEnd(66)} | ${'time'.padStart(10)} | ${'/ node'.padStart(7)} |`);
  console.log(`|${'-'.repeat(68)}|${'-'.repeat(12)}|${'-'.repeat(9)}|`);
  row('node -e 0', node0);
  row(`csp signal import to 2024-11-15 (${accounts.length} accounts, creates the files)`, importCold);
  row('csp signal import to 2024-12-31 (updates every file)', importUpdate);
  row('csp signal import again (nothing changed)', importAgain);
  row(`csp status of ${accounts.length} accounts --json`, status);
  row('csp health backtest --fit --json', backtest);
  row(`csp remind --json (${PLANS} plans)`, remind);
  row(`csp remind --ics (${PLANS} plans, 90 days ahead)`, remindIcs);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
