#!/usr/bin/env node
// The merge driver (issue 20). Two figures:
// 1. Driver time per file, node start included: `csp merge-file base ours theirs --path ...` on the
//    15 KB fixture plan (each side adds a stakeholder with the same id, changes other fields, and
//    meta.updated), against `node -e 0` measured alternately in the same run. Medians (and
//    minimums) of RUNS rounds.
// 2. A team on one InfoHub (bench/team-merge.mjs): a bare remote, CLONES clones, ROUNDS rounds of
//    random csp edits each, then pull (merge or rebase) and push with retry; how many merges
//    needed a person.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulateTeam } from './team-merge.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const CLONES = Number(process.env.BENCH_CLONES ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 25);
const SEED = Number(process.env.BENCH_SEED ?? 7);

const dir = mkdtempSync(join(tmpdir(), 'csp-merge-bench-'));
const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', CI: '1', NO_COLOR: '1' };
const base = readFileSync(join(ROOT, 'tests/fixtures/csp/csp.example.yaml'), 'utf8');
const addSh = (text, name) =>
  text.replace(
    /^stakeholders:\n/m,
    `stakeholders:\n  - id: sh-9\n    name: ${name}\n    side: customer\n    role: admin\n`,
  );
writeFileSync(join(dir, 'base.yaml'), base);
writeFileSync(
  join(dir, 'ours.src.yaml'),
  addSh(base, 'Olu Ours')
    .replace(/updated: "[0-9-]+"/, 'updated: "2026-11-20"')
    .replace(/^( {2}industry:) .*$/m, '$1 Banking'),
);
writeFileSync(
  join(dir, 'theirs.yaml'),
  addSh(base, 'Theo Theirs')
    .replace(/updated: "[0-9-]+"/, 'updated: "2026-11-21"')
    .replace(/^( {2}segment:) .*$/m, '$1 SMB'),
);

function timed(args) {
  copyFileSync(join(dir, 'ours.src.yaml'), join(dir, 'ours.yaml'));
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed (${run.status}):\n${run.stdout}${run.stderr}`);
  return ms;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const driver = [
  join(ROOT, 'bin/csp'),
  'merge-file',
  'base.yaml',
  'ours.yaml',
  'theirs.yaml',
  '--path',
  'infohub/acme/success_plan/csp.yaml',
];
const floor = [];
const merge = [];
timed(driver);
for (let i = 0; i < RUNS; i++) {
  floor.push(timed(['-e', '0']));
  merge.push(timed(driver));
}
const merged = readFileSync(join(dir, 'ours.yaml'), 'utf8');
if (!merged.includes('Theo Theirs') || !merged.includes('Olu Ours') || !merged.includes('id: sh-10'))
  throw new Error('the bench merge did not merge both sides');
rmSync(dir, { recursive: true, force: true });
console.log('| figure | median | min |');
console.log('|---|---|---|');
console.log(`| node -e 0 | ${median(floor).toFixed(0)} ms | ${Math.min(...floor).toFixed(0)} ms |`);
console.log(
  `| csp merge-file, one 15 KB plan (id collision, 2 fields, meta.updated) | ${median(merge).toFixed(0)} ms | ${Math.min(...merge).toFixed(0)} ms |`,
);
console.log(`| ratio | ${(median(merge) / median(floor)).toFixed(2)}x | |`);

console.log(
  `\nTeam simulation: ${CLONES} clones x ${ROUNDS} rounds, seed ${SEED} (BENCH_CLONES, BENCH_ROUNDS, BENCH_SEED)`,
);
const { stats, problems } = await simulateTeam({
  clones: CLONES,
  rounds: ROUNDS,
  seed: SEED,
  log: (line) => process.stderr.write(`  ${line}\n`),
});
console.log(
  `| edits | pulls (merge / rebase) | push retries | ids renumbered | snapshots kept under a new number | needed a person | line-merge fallbacks | items added | time |`,
);
console.log('|---|---|---|---|---|---|---|---|---|');
const items = Object.values(stats.items).reduce((a, b) => a + b, 0);
console.log(
  `| ${stats.edits} | ${stats.pulls} (${stats.merges} / ${stats.rebases}) | ${stats.pushRetries} | ${stats.renumbered} | ${stats.snapshotsKept} | ${stats.personNeeded} | ${stats.fallbacks} | ${items} | ${stats.seconds} s |`,
);
if (problems.length) {
  console.log(`\nPROBLEMS:\n${problems.join('\n')}`);
  process.exit(1);
}
console.log('every added item present once, csp validate passes, no conflict markers');
