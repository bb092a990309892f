#!/usr/bin/env node
// Builds dist/: compiles src/ with tsc. `npm run build`, `npm ci` (prepare) and the e2e test
// setup all run this one script, so there is one build. After tsc, the schemas are compiled to
// standalone validators (scripts/build-validators.mjs).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.json`], { cwd: root, stdio: 'inherit' });
execFileSync(process.execPath, [`${root}scripts/build-validators.mjs`], { cwd: root, stdio: 'inherit' });
// The command index: what `csp --help` lists, so that a run loads only the register module of the
// command it names (src/cli/program.ts).
const { describeCommands } = await import(`${root}dist/cli/program.js`);
const { writeFileSync } = await import('node:fs');
writeFileSync(`${root}dist/cli/command-index.json`, `${JSON.stringify(await describeCommands(), null, 1)}\n`);
