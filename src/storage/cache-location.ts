/**
 * Where csp keeps an InfoHub's validation cache (issue 19): somewhere git cannot carry it, so that
 * a cache committed to the repository (force-added, or from an older csp that kept it in
 * `<root>/.csp/cache/`) can never make another clone trust a result it did not compute.
 * - In a git work tree: `<git dir>/csp/cache/<hub>/`, the work tree's own git dir (`.git/`, or
 *   `.git/worktrees/<name>/` of a linked worktree), found by walking up to the `.git` entry
 *   without running git (validate stays one process); `<hub>` tells apart InfoHubs of one repository.
 * - Elsewhere: the user's cache folder, `$XDG_CACHE_HOME/csp/validation/<hub>/` (default
 *   `~/.cache`; `~/Library/Caches` on macOS).
 */
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

/** The folder the in-tree cache of older csp versions used (read by nothing now; removed when the new cache is written). */
export const LEGACY_CACHE_DIR = (root: string): string => join(root, '.csp', 'cache');

const found = new Map<string, string>();

/**
 * The folder of root's validation cache (see the module comment). Never throws: a root that
 * cannot be resolved is used as given. `env` gives XDG_CACHE_HOME and HOME.
 */
export function validationCacheDir(root: string, env: Record<string, string | undefined> = process.env): string {
  const known = found.get(root);
  if (known) return known;
  let real = root;
  try {
    real = realpathSync(root);
  } catch {
    // NOTE: a root that does not exist yet: its path as given.
  }
  const git = gitDirOf(real);
  const hub = (text: string) => createHash('sha1').update(text).digest('hex').slice(0, 16);
  const dir = git
    ? join(git.gitDir, 'csp', 'cache', hub(relative(git.top, real) || '.'))
    : join(userCacheBase(env), 'csp', 'validation', hub(real));
  found.set(root, dir);
  return dir;
}

/** The git dir of the work tree holding path, and the work tree's top; null outside git. */
export function gitDirOf(path: string): { gitDir: string; top: string } | null {
  for (let dir = path; ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    try {
      const stat = lstatSync(dotGit);
      if (stat.isDirectory()) return { gitDir: dotGit, top: dir };
      if (stat.isFile()) {
        // NOTE: a linked worktree or a submodule: `.git` is a file `gitdir: <path>`.
        const target = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8'))?.[1];
        if (target) return { gitDir: isAbsolute(target) ? target : resolve(dir, target), top: dir };
      }
    } catch {
      // NOTE: no .git here: look in the parent.
    }
    if (dirname(dir) === dir) return null;
  }
}

function userCacheBase(env: Record<string, string | undefined>): string {
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return env.XDG_CACHE_HOME;
  const home = env.HOME || homedir();
  return process.platform === 'darwin' ? join(home, 'Library', 'Caches') : join(home, '.cache');
}
