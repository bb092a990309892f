#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.mjs in turn (or those named on the command line:
// `npm run bench -- hook`), each in its own process so that one's memory and caches do not
// colour another's figures. Each benchmark prints its own table; they are measurements, not tests.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
// Arguments from the first --option on go to the benchmarks (`npm run bench -- clone --accounts 10000`).
const firstOption = process.argv.findIndex((a, i) => i > 1 && a.startsWith('--'));
const wanted = process.argv.slice(2, firstOption < 0 ? undefined : firstOption);
const passed = firstOption < 0 ? [] : process.argv.slice(firstOption);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
if (benches.length === 0) {
  console.error(
    `no benchmark matches ${wanted.join(' ') || '(none found)'}; available: ${readdirSync(dir)
      .filter((f) => f.endsWith('.bench.mjs'))
      .join(', ')}`,
  );
  process.exit(2);
}
let failed = 0;
for (const file of benches) {
  console.log(`\n## ${file}\n`);
  const run = spawnSync(process.execPath, ['--expose-gc', `${dir}${file}`, ...passed], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
