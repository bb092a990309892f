/**
 * vitest globalSetup for end-to-end tests: builds dist/ once (scripts/build.mjs, the same build
 * as npm run build), so the tests run the binary a user would run; and provides the folder where
 * the run records the hint shapes it has checked (hints.ts, issue 15), removed at the end.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ROOT } from './cli.js';
import './hints.js';

export default function setup(project: TestProject): () => void {
  execFileSync(process.execPath, [`${ROOT}scripts/build.mjs`], { cwd: ROOT, stdio: 'inherit' });
  const shapes = mkdtempSync(join(tmpdir(), 'csp-hint-shapes-'));
  project.provide('cspHintShapes', shapes);
  return () => rmSync(shapes, { recursive: true, force: true });
}
