// What the per-account lock and the journal cost (issue 8): `npm run bench -- lock`.
// 1. In one process: loading proper-lockfile, and taking + releasing an account's lock (median).
// 2. Whole processes: `csp add risk` (one file, lock + atomic write) and `csp snapshot` (journal:
//    two steps + git commit), medians over several runs, against `node -e 0` as the floor.
// The lock's share of `csp add` is (1) over (2). Figures are medians; the machine's load moves them.
import { initBenchRepo } from './bench-repo.mjs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'csp');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (n) => `${n.toFixed(2)} ms`;

const dir = mkdtempSync(join(tmpdir(), 'csp-bench-lock-'));
const env = {
  ...process.env,
  CSP_NOW: '2026-11-22',
  CI: '1',
  NO_COLOR: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};
try {
  initBenchRepo(dir, BIN, env, 'Priya');

  // 1. In-process cost.
  await import('node:os'); // NOTE: the loader's own first-import cost is not the lock's
  const started = performance.now();
  const cpu = process.cpuUsage();
  await import('proper-lockfile');
  const importMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const importCpuMs = (used.user + used.system) / 1000;
  const { withAccountLock } = await import(join(ROOT, 'dist', 'storage', 'lock.js'));
  const hub = { root: join(dir, 'infohub'), config: { lockTimeoutMs: 10_000, lockStaleMs: 10_000 } };
  const cycles = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    await withAccountLock(hub, 'acme', async () => undefined, { command: 'bench' });
    cycles.push(performance.now() - t);
  }

  // 2. Whole processes.
  const time = (args) => {
    const xs = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const r = spawnSync(process.execPath, args, { cwd: dir, env, stdio: 'ignore' });
      xs.push(performance.now() - t);
      if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
    }
    return median(xs);
  };
  const floor = time(['-e', '0']);
  let n = 0;
  const add = time([
    BIN,
    'add',
    'risk',
    'acme',
    '--title',
    `Risk ${++n}`,
    '--probability',
    'low',
    '--impact',
    'low',
    '--mitigation',
    'm',
    '--owner',
    'Priya',
  ]);
  const set = time([BIN, 'set', 'acme', 'customer_context.industry', 'Technology']);
  const snapshot = time([BIN, 'snapshot', 'acme']);

  const lockMs = median(cycles);
  console.log('| figure | median |');
  console.log('|---|---|');
  console.log(
    `| load proper-lockfile + graceful-fs, signal-exit, retry (once per process) | ${ms(importMs)} (CPU ${ms(importCpuMs)}) |`,
  );
  console.log(`| take + release an account lock | ${ms(lockMs)} |`);
  console.log(`| node -e 0 (floor) | ${ms(floor)} |`);
  console.log(`| csp add risk (lock + atomic write) | ${ms(add)} |`);
  console.log(`| csp set (lock + atomic write) | ${ms(set)} |`);
  console.log(`| csp snapshot (lock + journal + git commit) | ${ms(snapshot)} |`);
  console.log(
    `\nThe lock's share of csp add: ${ms(importMs + lockMs)} of ${ms(add)} (${(((importMs + lockMs) / add) * 100).toFixed(1)}%).`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
