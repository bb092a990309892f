#!/usr/bin/env node
// Builds dist/: compiles src/ with tsc. `npm run build`, `npm ci` (prepare) and the e2e test
// setup all run this one script, so there is one build. After tsc, the schemas are compiled to
// standalone validators (scripts/build-validators.mjs).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// NOTE: this is npm's `prepare` script, and `npm pack` prints the tarball's name on stdout: the
// pre-commit framework before 4.6.1 reads that stdout as the name (upstream pre-commit issue 3737),
// so the build prints nothing there. tsc's errors go to stderr (.npmrc silences npm's own banner).
const quiet = { cwd: root, stdio: ['ignore', 2, 2] };
execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.json`], quiet);
execFileSync(process.execPath, [`${root}scripts/build-validators.mjs`], quiet);
// The command index: what `csp --help` lists, so that a run loads only the register module of the
// command it names (src/cli/program.ts).
const { describeCommands } = await import(`${root}dist/cli/program.js`);
const { writeFileSync } = await import('node:fs');
writeFileSync(`${root}dist/cli/command-index.json`, `${JSON.stringify(await describeCommands(), null, 1)}\n`);
