/**
 * vitest globalSetup for end-to-end tests: builds dist/ once (scripts/build.mjs, the same build
 * as npm run build), so the tests run the binary a user would run.
 */
import { execFileSync } from 'node:child_process';
import { ROOT } from './cli.js';

export default function setup(): void {
  execFileSync(process.execPath, [`${ROOT}scripts/build.mjs`], { cwd: ROOT, stdio: 'inherit' });
}
