#!/usr/bin/env node
// The pre-commit hook's cost (issue 3): a commit touching one CSP in an InfoHub of 1,000 accounts,
// with the hook installed by `csp hook install`, against the same commit with --no-verify, and
// against `node -e 0` measured in the same run on the same machine. Goal: the hook adds < 0.5 s.
//
// Builds a temporary git repository (1,000 accounts: csp.yaml from tests/fixtures/csp, an action
// tracker and a risk register each, 3,000 files), then alternates the measurements so that load on
// a shared machine colours all of them alike. Figures are medians (and minimums) of RUNS rounds.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const GOAL_MS = 500;

const dir = mkdtempSync(join(tmpdir(), 'csp-hook-bench-'));
const env = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  CSP_NOW: '2026-11-22',
  CI: '1',
  NO_COLOR: '1',
};
delete env.GIT_INDEX_FILE;
delete env.GIT_DIR;
const git = (...args) => execFileSync('git', args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] }).toString();

function timed(command, args) {
  const start = process.hrtime.bigint();
  const run = spawnSync(command, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${run.status}):\n${run.stdout}${run.stderr}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const min = (xs) => Math.min(...xs);
const fmt = (ms) => `${ms.toFixed(0).padStart(6)} ms`;

try {
  const fixture = readFileSync(join(ROOT, 'tests/fixtures/csp/csp.example.yaml'), 'utf8');
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Bench SA');
  git('config', 'user.email', 'bench@example.com');
  git('config', 'commit.gpgsign', 'false');
  git('config', 'gc.auto', '0');
  const slug = (i) => `account-${String(i).padStart(4, '0')}`;
  for (let i = 0; i < ACCOUNTS; i++) {
    const account = slug(i);
    const base = join(dir, 'infohub', account);
    mkdirSync(join(base, 'success_plan'), { recursive: true });
    writeFileSync(
      join(base, 'success_plan', 'csp.yaml'),
      fixture.replace(/^ {2}account: techcorp-industries$/m, `  account: ${account}`),
    );
    writeFileSync(join(base, 'action_tracker.yaml'), `schema_version: 1\naccount: ${account}\nactions: []\n`);
    writeFileSync(join(base, 'risk_register.yaml'), `schema_version: 1\naccount: ${account}\nrisks: []\n`);
  }
  git('add', '-A');
  git('commit', '-q', '-m', `${ACCOUNTS} accounts`);
  const install = spawnSync(process.execPath, [join(ROOT, 'bin/csp'), 'hook', 'install'], {
    cwd: dir,
    env,
    encoding: 'utf8',
  });
  if (install.status !== 0) throw new Error(`csp hook install failed: ${install.stderr}`);

  const plan = join(dir, 'infohub', slug(Math.floor(ACCOUNTS / 2)), 'success_plan', 'csp.yaml');
  const original = readFileSync(plan, 'utf8');
  let n = 0;
  const touch = () => {
    n++;
    writeFileSync(plan, original.replace('Kickoff held', `Kickoff held (${n})`));
    git('add', plan);
  };

  const node0 = [];
  const hookAlone = [];
  const withHook = [];
  const noVerify = [];
  // One warm-up round (file cache, git's index), not counted.
  for (let round = -1; round < RUNS; round++) {
    const t0 = timed(process.execPath, ['-e', '0']);
    touch();
    const t1 = timed(join(dir, '.git/hooks/pre-commit'), []);
    const t2 = timed('git', ['commit', '-q', '-m', `with hook ${n}`]);
    touch();
    const t3 = timed('git', ['commit', '-q', '--no-verify', '-m', `no verify ${n}`]);
    if (round < 0) continue;
    node0.push(t0);
    hookAlone.push(t1);
    withHook.push(t2);
    noVerify.push(t3);
  }
  // A broken plan must still be refused by the same hook (the figures are of a hook that works).
  writeFileSync(plan, original.replace('due: "2026-12-02", owner: sh-3', 'owner: sh-3'));
  git('add', plan);
  const refused = spawnSync('git', ['commit', '-q', '-m', 'broken'], { cwd: dir, env, encoding: 'utf8' });
  if (refused.status === 0)
    throw new Error('the hook let a broken plan through: the benchmark measured nothing useful');

  const added = median(withHook) - median(noVerify);
  console.log(
    `InfoHub of ${ACCOUNTS} accounts (${ACCOUNTS * 3} files), a commit touching one CSP; ${RUNS} rounds, medians (min)`,
  );
  console.log('');
  const row = (name, xs) => console.log(`| ${name.padEnd(46)} | ${fmt(median(xs))} | ${fmt(min(xs))} |`);
  console.log(`| ${'measure'.padEnd(46)} |    median |       min |`);
  console.log(`|${'-'.repeat(48)}|-----------|-----------|`);
  row('node -e 0', node0);
  row('pre-commit hook alone (csp validate --staged)', hookAlone);
  row('git commit --no-verify', noVerify);
  row('git commit with the hook', withHook);
  console.log('');
  const ratio = added / median(node0);
  console.log(
    `hook adds ${added.toFixed(0)} ms to a commit (${ratio.toFixed(1)}x node -e 0 in this run); goal < ${GOAL_MS} ms: ${added < GOAL_MS ? 'met' : 'NOT met'}`,
  );
  // NOTE: on a shared machine every figure scales with the load; the ratio to node -e 0 holds better.
  console.log(
    `at the reference node -e 0 of 70 ms (PERFORMANCE.md, an idle machine of this kind) that ratio is ${(ratio * 70).toFixed(0)} ms`,
  );
  console.log('and a broken plan staged in the same repository is refused: yes');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
