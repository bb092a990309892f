/**
 * The shared data the tests read besides the committed fixtures (issue 19): `shared/` beside the
 * repository (`<clone>/../shared`), resolved from the repository root, never from a fixed path. A
 * test that needs it FAILS when it is missing (with the reason), rather than quietly running on
 * less data.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT } from './cli.js';

/** `<repository>/../shared`. */
export const SHARED_DIR = resolve(ROOT, '..', 'shared');

/** The path of a file or folder under shared/ (relative path); throws when it is not there. */
export function sharedData(rel: string): string {
  const path = join(SHARED_DIR, rel);
  if (!existsSync(path))
    throw new Error(
      `${path} is missing: these tests need shared/ beside the repository (${SHARED_DIR}), and do not run on less data`,
    );
  return path;
}
