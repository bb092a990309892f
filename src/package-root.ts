/**
 * The folder csp is installed in (the one holding its package.json, schemas/ and playbooks/),
 * found by walking up from this module: the same answer from src/ under vitest and from dist/ after
 * tsc.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the package root, with a trailing slash. Throws when the install is damaged (no package.json). */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    // NOTE: dist/ holds no package.json; node_modules packages do, but csp's own is the first one up.
    if (existsSync(manifest) && /"name":\s*"@csp-tools\/csp"/.test(readFileSync(manifest, 'utf8'))) return dir + '/';
    if (dirname(dir) === dir)
      throw new Error(`csp cannot find its package.json above ${start}: the installation is damaged`);
  }
}
