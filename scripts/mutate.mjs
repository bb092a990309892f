#!/usr/bin/env node
// npm run mutate [-- --mutate src/storage/lock.ts[,src/sync/plan.ts]] [-- other stryker flags]
//
// Runs Stryker once per module, under `nice -n 10`, each module against only the fast in-process
// unit tests that cover it (the map below), so a mutant re-runs a handful of tests, not the suite.
// Each module keeps its own incremental file: a re-run only tests mutants whose code or tests changed
// (pass --force to test them all). Prints one summary line per module at the end; `--summary`
// prints those of the last reports without running anything.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** Module -> the unit test files that exercise it (globs, relative to the repo root). */
export const MODULES = {
  'src/storage/files.ts': ['tests/unit/storage/files*.test.ts', 'tests/unit/storage/gate.test.ts'],
  'src/storage/journal.ts': ['tests/unit/storage/journal*.test.ts', 'tests/unit/storage/mutants.test.ts'],
  'src/storage/lock.ts': [
    'tests/unit/storage/lock*.test.ts',
    'tests/unit/storage/journal.test.ts',
    'tests/unit/storage/mutants.test.ts',
  ],
  'src/export/redact.ts': ['tests/unit/export/redact.test.ts', 'tests/unit/export/redact-*.test.ts'],
  'src/domain/gates.ts': ['tests/unit/domain/gates*.test.ts', 'tests/unit/domain/mutants.test.ts'],
  'src/sync/plan.ts': ['tests/unit/sync/plan*.test.ts', 'tests/unit/sync/mutants.test.ts'],
  'src/notes/proposal.ts': [
    'tests/unit/notes/proposal*.test.ts',
    'tests/unit/notes/mutants.test.ts',
    'tests/unit/ai/notes-bounds.test.ts',
  ],
};

const args = process.argv.slice(2);
let selected = Object.keys(MODULES);
const rest = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--mutate' || a === '-m') selected = args[++i].split(',');
  else if (a.startsWith('--mutate=')) selected = a.slice('--mutate='.length).split(',');
  else rest.push(a);
}

/** One line for a module's report: mutants by status and the score (killed + timeout over valid). */
function summarise(file, report, seconds) {
  const counts = {};
  for (const f of Object.values(JSON.parse(readFileSync(report, 'utf8')).files))
    for (const m of f.mutants) counts[m.status] = (counts[m.status] ?? 0) + 1;
  const n = (s) => counts[s] ?? 0;
  const detected = n('Killed') + n('Timeout');
  const valid = detected + n('Survived') + n('NoCoverage');
  const score = valid === 0 ? 100 : (100 * detected) / valid;
  const time = seconds === undefined ? '' : `; ${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${file}: ${valid} mutants, ${n('Killed')} killed, ${n('Timeout')} timeout, ${n('Survived')} survived, ${n('NoCoverage')} no coverage, ${n('Ignored')} ignored; score ${score.toFixed(1)}%${time}`;
}

const reportOf = (file) => `reports/mutation/${file.split('/')[1]}-${basename(file, '.ts')}.json`;

// --summary: the lines of the last reports, without running anything.
if (rest.includes('--summary')) {
  for (const file of selected) if (existsSync(reportOf(file))) console.log(summarise(file, reportOf(file)));
  process.exit(0);
}

const summary = [];
for (const target of selected) {
  const file = target.replace(/:.*$/, ''); // a `file:line-line` range mutates part of the module
  const tests = MODULES[file];
  if (!tests) {
    console.error(
      `mutate: ${file} is not one of the mutated modules (${Object.keys(MODULES).join(', ')}); add it and its tests to scripts/mutate.mjs`,
    );
    process.exit(2);
  }
  const env = {
    ...process.env,
    CSP_MUTATE_TESTS: tests.join(','),
    CSP_MUTATE_NAME: basename(reportOf(file), '.json'),
    CSP_FC_SEED: process.env.CSP_FC_SEED ?? '20261122',
  };
  const started = Date.now();
  const run = spawnSync(
    'nice',
    [
      '-n',
      '10',
      process.execPath,
      'node_modules/@stryker-mutator/core/bin/stryker.js',
      'run',
      'stryker.config.mjs',
      '--mutate',
      target,
      ...rest,
    ],
    { stdio: 'inherit', env },
  );
  const seconds = Math.round((Date.now() - started) / 1000);
  if (run.status !== 0 || !existsSync(reportOf(file))) summary.push(`${file}: stryker exited ${run.status}`);
  else summary.push(summarise(file, reportOf(file), seconds));
}
console.log(`\nMutation summary\n${summary.map((s) => `  ${s}`).join('\n')}`);
