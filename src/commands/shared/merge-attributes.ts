/**
 * csp's lines in a repository's .gitattributes (they attach the merge driver, csp merge-file, to
 * csp's documents): written by csp init and csp hook install, idempotent, keeping what is there.
 */
import { join } from 'node:path';
import type { AppContext } from '../../cli/context.js';
import { runGit } from '../../git/exec.js';
import { withDriverAttributes } from '../../merge/driver-setup.js';
import { readIfExists, writeFileAtomic } from '../../storage/files.js';

/** Adds csp's lines to `<dir>/.gitattributes` when some are missing. */
export function ensureAttributes(dir: string): { file: string; changed: boolean } {
  const file = join(dir, '.gitattributes');
  const next = withDriverAttributes(readIfExists(file));
  if (next !== null) writeFileAtomic(file, next);
  return { file, changed: next !== null };
}

/** Adds csp's lines to the .gitattributes of the repository that holds dir (of dir itself outside git). */
export async function ensureRepoAttributes(dir: string, ctx: AppContext): Promise<{ file: string; changed: boolean }> {
  const top = await runGit(['rev-parse', '--show-toplevel'], { cwd: dir, env: ctx.env });
  const root = top.code === 0 ? top.stdout.toString('utf8').trim() : '';
  return ensureAttributes(root || dir);
}
