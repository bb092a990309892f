// `npm run bench -- infohub`: csp at 10,000 accounts (issue 4). Generates an InfoHub of realistic
// accounts (generate-infohub.mjs: a plan of about 15 KB in one of the four phases, with its action
// tracker, risk register and decision log) in a temporary folder, then times, in this one run and
// on the same files: node -e 0, csp --help, csp validate of one plan, csp validate of the whole
// InfoHub (cold: no cache; then again with nothing changed), csp status --json, and ajv-cli
// validating the same files with the same schemas. Each command is a fresh process, as a user
// runs it; a figure is the median of its runs (the whole-InfoHub ones run once each, in order).
// Peak memory is the process's maximum resident set (GNU time), workers included.
//
// CSP_BENCH_ACCOUNTS=2000 makes a smaller InfoHub; CSP_BENCH_KEEP=1 keeps the folder.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeInfoHub } from './generate-infohub.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const accounts = Number(process.env.CSP_BENCH_ACCOUNTS ?? 10_000);
const dir = mkdtempSync(join(tmpdir(), 'csp-bench-'));
const hub = join(dir, 'infohub');
const env = { ...process.env, CSP_NOW: '2026-11-22', NO_COLOR: '1', CI: '1' };
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** Runs a command once: wall time (ms), peak RSS (MiB, when GNU time is there), exit code. */
function run(cmd, args) {
  const wrapped = timeBin ? [timeBin, ['-f', '%M', cmd, ...args]] : [cmd, args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(wrapped[0], wrapped[1], { cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const rss = timeBin ? Number(r.stderr.trim().split('\n').pop()) / 1024 : NaN;
  return { ms, rss, code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Runs a command n times (after one warm-up) and keeps the median time and the largest RSS. */
function repeat(cmd, args, n = 15) {
  run(cmd, args);
  const runs = Array.from({ length: n }, () => run(cmd, args));
  return { ms: median(runs.map((r) => r.ms)), rss: Math.max(...runs.map((r) => r.rss)), code: runs[0].code };
}

const csp = (...args) => [process.execPath, [join(root, 'bin/csp'), ...args]];

console.log(`generating ${accounts.toLocaleString('en-US')} accounts in ${hub} ...`);
const t0 = Date.now();
const bytes = writeInfoHub(hub, accounts);
console.log(
  `  ${(bytes / 1024 / 1024).toFixed(1)} MiB of YAML (${(bytes / accounts / 1024).toFixed(1)} KiB an account) in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
);

const onePlan = join(hub, 'account-00002', 'success_plan', 'csp.yaml');
const rows = [];
const record = (name, r, note = '') => {
  rows.push({ name, ...r, note });
  console.log(
    `  ${name.padEnd(34)} ${r.ms.toFixed(0).padStart(7)} ms ${Number.isFinite(r.rss) ? `${r.rss.toFixed(0).padStart(5)} MiB` : ''} exit ${r.code} ${note}`,
  );
};

record('node -e 0', repeat(process.execPath, ['-e', '0']));
record('csp --help', repeat(...csp('--help')));
record('csp validate <one plan>', repeat(...csp('validate', onePlan)), '(a develop-phase plan, with gaps to place)');
rmSync(join(hub, '.csp', 'cache'), { recursive: true, force: true });
const cold = run(...csp('validate', '--infohub', hub, '--quiet'));
record('csp validate (all, cold)', cold);
const warm = run(...csp('validate', '--infohub', hub, '--quiet'));
record('csp validate (all, unchanged)', warm);
const status = run(...csp('status', '--infohub', hub, '--json'));
record('csp status --json', status, '(right after validate: the plans are read again for their portfolio entries)');
const statusWarm = run(...csp('status', '--infohub', hub, '--json'));
record('csp status --json (again)', statusWarm);
rmSync(join(hub, '.csp', 'cache'), { recursive: true, force: true });
const statusCold = run(...csp('status', '--infohub', hub, '--json'));
record('csp status --json (no cache)', statusCold);

const ajv = join(root, 'node_modules/.bin/ajv');
let ajvMs = 0;
let ajvRss = 0;
let ajvCode = 0;
for (const [file, schema] of [
  ['success_plan/csp.yaml', 'csp'],
  ['action_tracker.yaml', 'action_tracker'],
  ['risk_register.yaml', 'risk_register'],
  ['decision_log.yaml', 'decision_log'],
]) {
  const r = run(ajv, [
    'validate',
    '-s',
    join(root, 'schemas', `${schema}.schema.json`),
    '-d',
    `${hub}/*/${file}`,
    '-c',
    'ajv-formats',
    '--strict=false',
    '--all-errors',
    '--errors=line',
  ]);
  ajvMs += r.ms;
  ajvRss = Math.max(ajvRss, r.rss);
  ajvCode ||= r.code;
}
record('ajv-cli (same files, 4 schemas)', { ms: ajvMs, rss: ajvRss, code: ajvCode });

const by = Object.fromEntries(rows.map((r) => [r.name, r]));
const floor = by['node -e 0'].ms;
const ratio = (a, b) => (a / b).toFixed(2);
console.log('\nGoals (issue 4), as ratios in this run:');
const goals = [
  ['csp --help / node -e 0', ratio(by['csp --help'].ms, floor), '<= 1.5', by['csp --help'].ms / floor <= 1.5],
  [
    'csp validate <one plan> / node -e 0',
    ratio(by['csp validate <one plan>'].ms, floor),
    '<= 1.6',
    by['csp validate <one plan>'].ms / floor <= 1.6,
  ],
  ['ajv-cli / csp validate cold', ratio(ajvMs, cold.ms), '>= 1.5', ajvMs / cold.ms >= 1.5],
  ['validate unchanged / cold', ratio(warm.ms, cold.ms), '< 0.15', warm.ms / cold.ms < 0.15],
  [
    'peak memory, validate cold (MiB)',
    Number.isFinite(cold.rss) ? cold.rss.toFixed(0) : 'n/a',
    '< 150',
    cold.rss < 150,
  ],
  [
    'peak memory, any status (MiB)',
    Number.isFinite(statusCold.rss) ? Math.max(status.rss, statusWarm.rss, statusCold.rss).toFixed(0) : 'n/a',
    '< 150',
    Math.max(status.rss, statusWarm.rss, statusCold.rss) < 150,
  ],
];
for (const [name, value, goal, ok] of goals)
  console.log(`  ${name.padEnd(38)} ${String(value).padStart(7)}  goal ${goal.padEnd(7)} ${ok ? 'met' : 'NOT met'}`);
if (cold.code !== 0) console.log(`\nnote: csp validate exited ${cold.code}: ${cold.stderr.slice(0, 500)}`);

if (process.env.CSP_BENCH_KEEP) console.log(`\nkept ${dir}`);
else rmSync(dir, { recursive: true, force: true });
