/**
 * GitPort for the real git. Commits go through simple-git 3 (ECOSYSTEM.md: 4.x strips
 * GIT_* variables, GIT_INDEX_FILE among them, which a pre-commit hook needs), loaded only when a
 * command commits. The read-only questions (state, staged files, index contents, which commit
 * added a snapshot) run the git CLI directly (exec.ts): the environment passes through whole,
 * and a pre-commit hook does not pay for loading a library. baseDir / cwd is always explicit.
 */
import type { SimpleGit } from 'simple-git';
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { ExternalError } from '../errors.js';
import { gitFailed, gitText, runGit, splitNul } from './exec.js';
import type { FileState, GitAddedFile, GitIdentity, GitPort, RepoState } from './port.js';

/** The real implementation of GitPort. */
export class SimpleGitPort implements GitPort {
  constructor(private readonly env: Record<string, string | undefined>) {}

  private async git(dir: string): Promise<SimpleGit> {
    const { simpleGit } = await import('simple-git');
    return simpleGit({ baseDir: dir, trimmed: true });
  }

  private run(repo: string, args: readonly string[]) {
    return runGit(args, { cwd: repo, env: this.env });
  }

  private text(repo: string, args: readonly string[]) {
    return gitText(args, { cwd: repo, env: this.env });
  }

  async topLevel(dir: string): Promise<string | null> {
    try {
      const run = await this.run(dir, ['rev-parse', '--show-toplevel']);
      return run.code === 0 ? run.stdout.toString('utf8').trim() || null : null;
    } catch {
      // NOTE: dir may not exist yet (csp init creating the InfoHub): then it is in no repository.
      return null;
    }
  }

  async identity(repo: string): Promise<GitIdentity> {
    return {
      name: this.env.GIT_AUTHOR_NAME || (await this.config(repo, 'user.name')),
      email: this.env.GIT_AUTHOR_EMAIL || (await this.config(repo, 'user.email')),
    };
  }

  async config(repo: string, key: string): Promise<string | undefined> {
    const run = await this.run(repo, ['config', '--get', key]);
    return run.code === 0 ? run.stdout.toString('utf8').trim() || undefined : undefined;
  }

  async state(repo: string): Promise<RepoState> {
    const [head, branch, merge] = await Promise.all([
      this.run(repo, ['rev-parse', '-q', '--verify', 'HEAD']),
      this.run(repo, ['symbolic-ref', '-q', '--short', 'HEAD']),
      this.run(repo, ['rev-parse', '-q', '--verify', 'MERGE_HEAD']),
    ]);
    const name = branch.code === 0 ? branch.stdout.toString('utf8').trim() : undefined;
    return { head: head.code !== 0 ? 'unborn' : name ? 'branch' : 'detached', ...(name ? { branch: name } : {}), merging: merge.code === 0 };
  }

  async commitFiles(repo: string, files: string[], message: string): Promise<string> {
    const paths = files.map((f) => relative(repo, f));
    const git = await this.git(repo);
    const deadline = Date.now() + COMMIT_RETRY_MS;
    for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
      try {
        await addPaths(git, paths);
        // NOTE: `commit --only -- <paths>` commits these paths as they are in the working tree and
        // leaves every other staged change staged, which is what "only the files csp wrote" means.
        await git.raw(['commit', '--only', '-m', message, '--', ...paths]);
        return (await git.revparse(['HEAD'])).trim();
      } catch (error) {
        // NOTE: another git (a csp working on another account, an editor refreshing its status)
        // holds the index or HEAD lock for a moment: wait for it rather than fail. And a
        // concurrent `commit --only` can write back an index it read before our `add` (a lost
        // update inside git: seen with 8 processes committing at once), so the commit finds the
        // new file unknown: adding it again is the cure.
        if (isTransientCommitError(error) && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
          continue;
        }
        throw new ExternalError(`git commit failed: ${firstLine(error)}`, { cause: error, code: 'git-commit-failed', hint: 'run git status to see the state of the repository; a pre-commit hook may have refused the commit (its message is above)' });
      }
    }
  }

  async addedFiles(repo: string, dir: string): Promise<GitAddedFile[]> {
    if ((await this.headCommit(repo)) === null) return []; // no commit yet
    const out = await this.text(repo, ['log', '--date-order', '--reverse', '--diff-filter=A', '--no-renames', '--format=%x1e%H%x1f%aI%x1f%an%x1f%s', '--name-only', '-z', '--', repoRelative(repo, dir) || '.']);
    const added: GitAddedFile[] = [];
    for (const record of out.split('\x1e').filter(Boolean)) {
      const [header, rest = ''] = splitOnce(record, '\0');
      const [hash, date, author, message] = header.split('\x1f');
      for (const path of splitNul(rest.replace(/^\n/, ''))) added.push({ file: resolve(repo, path), hash, date, author, message });
    }
    return added;
  }

  async stagedPaths(repo: string): Promise<string[]> {
    return splitNul(await this.text(repo, ['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR']));
  }

  async unmergedPaths(repo: string): Promise<string[]> {
    return [...new Set(splitNul(await this.text(repo, ['diff', '--name-only', '-z', '--diff-filter=U'])))];
  }

  async stagedContents(repo: string, paths: readonly string[]): Promise<Map<string, Buffer>> {
    const found = new Map<string, Buffer>();
    // NOTE: one `git cat-file --batch` for every path (one process, not one per file); a path with a
    // newline cannot be named on its line, so it gets its own `git show :<path>`.
    const batchable = paths.filter((p) => !/[\n\r]/.test(p));
    if (batchable.length > 0) {
      const args = ['cat-file', '--batch'];
      const run = await runGit(args, { cwd: repo, env: this.env, input: batchable.map((p) => `:${p}\n`).join('') });
      if (run.code !== 0) throw gitFailed(args, run);
      parseBatch(run.stdout, batchable, found);
    }
    for (const path of paths.filter((p) => /[\n\r]/.test(p))) {
      const run = await this.run(repo, ['show', `:${path}`]);
      if (run.code === 0) found.set(path, run.stdout);
    }
    return found;
  }

  async fileState(repo: string, file: string): Promise<FileState> {
    // NOTE: git prints real paths; a file reached through a symlinked folder must be named as one.
    const real = existsSync(file) ? realpathSync(file) : file;
    const out = splitNul(await this.text(repo, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', relative(repo, real)]));
    const entry = out[0];
    if (!entry) return 'clean';
    const xy = entry.slice(0, 2);
    if (xy === '??') return 'untracked';
    if (/U/.test(xy) || xy === 'AA' || xy === 'DD') return 'unmerged';
    return 'modified';
  }

  async headCommit(repo: string): Promise<string | null> {
    // NOTE: rev-parse --verify fails in a repository without commits: there is no HEAD yet.
    const run = await this.run(repo, ['rev-parse', '--verify', '--quiet', '--short', 'HEAD']);
    return run.code === 0 ? run.stdout.toString('utf8').trim() || null : null;
  }

  async changedFiles(repo: string, files: string[]): Promise<Set<string>> {
    const changed = new Set<string>();
    // NOTE: git prints real paths; a file reached through a symlinked folder must be named as one.
    const byPath = new Map(files.map((f) => [relative(repo, existsSync(f) ? realpathSync(f) : f), f]));
    const paths = [...byPath.keys()];
    // One `git status` for many files (csp export --all asks for every plan), in slices that
    // keep the command line short.
    for (let at = 0; at < paths.length; at += 500) {
      const out = splitNul(await this.text(repo, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...paths.slice(at, at + 500)]));
      for (let i = 0; i < out.length; i++) {
        const file = byPath.get(out[i].slice(3));
        if (file) changed.add(file);
        // A rename or copy is followed by its source path.
        if (/^[RC]/.test(out[i])) i++;
      }
    }
    return changed;
  }

  async headFolders(repo: string, dir: string, holding: string, only: (name: string) => boolean = () => true): Promise<string[]> {
    if ((await this.headCommit(repo)) === null) return [];
    const rel = repoRelative(repo, dir);
    const folders: Array<{ name: string; tree: string }> = [];
    for (const entry of splitNul(await this.text(repo, ['ls-tree', '-z', 'HEAD', ...(rel ? ['--', `${rel}/`] : [])]))) {
      // "<mode> <type> <object>\t<path>"
      const m = /^\d+ tree ([0-9a-f]+)\t(.*)$/s.exec(entry);
      const name = m ? m[2].slice(m[2].lastIndexOf('/') + 1) : '';
      if (m && !/[\n\r]/.test(name) && only(name)) folders.push({ name, tree: m[1] });
    }
    if (folders.length === 0) return [];
    // NOTE: looked up inside each folder's own tree: HEAD:<dir>/<name>/<holding> would scan the
    // InfoHub's tree of 10,000 entries once per account (50 s at 10,000 accounts, against 0.3 s).
    const args = ['cat-file', '--batch-check=%(objecttype)'];
    const run = await runGit(args, { cwd: repo, env: this.env, input: folders.map((f) => `${f.tree}:${holding}\n`).join('') });
    if (run.code !== 0) throw gitFailed(args, run);
    const types = run.stdout.toString('utf8').split('\n');
    return folders.filter((_, i) => types[i] === 'blob' || types[i] === 'tree').map((f) => f.name);
  }

  async headFiles(repo: string, paths: readonly string[]): Promise<string[]> {
    if (paths.length === 0 || (await this.headCommit(repo)) === null) return [];
    const rels = paths.map((p) => repoRelative(repo, p) || '.');
    const files: string[] = [];
    // NOTE: in slices, like changedFiles: csp export --all may ask about every account's history.
    for (let at = 0; at < rels.length; at += 500) {
      const out = await this.text(repo, ['ls-tree', '-r', '-z', '--name-only', 'HEAD', '--', ...rels.slice(at, at + 500)]);
      for (const p of splitNul(out)) files.push(resolve(repo, p));
    }
    return files;
  }

  async headContents(repo: string, files: readonly string[]): Promise<Map<string, Buffer>> {
    const found = new Map<string, Buffer>();
    if (files.length === 0) return found;
    const byRel = new Map(files.map((f) => [repoRelative(repo, f), f]));
    const rels = [...byRel.keys()];
    // NOTE: one `git cat-file --batch` for every file, as stagedContents; a path with a newline
    // cannot be named on its line, so it gets its own `git show`.
    const batchable = rels.filter((p) => !/[\n\r]/.test(p));
    const byName = new Map<string, Buffer>();
    if (batchable.length > 0) {
      const args = ['cat-file', '--batch'];
      const run = await runGit(args, { cwd: repo, env: this.env, input: batchable.map((p) => `HEAD:${p}\n`).join('') });
      if (run.code !== 0) throw gitFailed(args, run);
      parseBatch(run.stdout, batchable, byName);
    }
    for (const rel of rels.filter((p) => /[\n\r]/.test(p))) {
      const run = await this.run(repo, ['show', `HEAD:${rel}`]);
      if (run.code === 0) byName.set(rel, run.stdout);
    }
    for (const [rel, bytes] of byName) found.set(byRel.get(rel)!, bytes);
    return found;
  }

  async gitPath(repo: string, name: string): Promise<string> {
    return resolve(repo, (await this.text(repo, ['rev-parse', '--git-path', name])).trim());
  }
}

/** Reads `git cat-file --batch` output: per object "<sha> <type> <size>\n<bytes>\n", or "<name> missing\n". */
function parseBatch(out: Buffer, paths: readonly string[], found: Map<string, Buffer>): void {
  let at = 0;
  for (const path of paths) {
    const eol = out.indexOf(0x0a, at);
    if (eol < 0) break;
    const header = out.subarray(at, eol).toString('utf8');
    at = eol + 1;
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!m) continue; // "<name> missing" (or ambiguous): nothing staged under that name
    const size = Number(m[2]);
    if (m[1] === 'blob') found.set(path, out.subarray(at, at + size));
    at += size + 1;
  }
}

/**
 * A path relative to the repository as git names it: git prints real paths, so the nearest folder
 * of the path that exists (a sparse checkout may leave the rest out) is resolved through its
 * symbolic links first. '/' separators; '' for the top level itself.
 */
function repoRelative(repo: string, path: string): string {
  let probe = resolve(path);
  const rest: string[] = [];
  while (!existsSync(probe) && dirname(probe) !== probe) {
    rest.unshift(basename(probe));
    probe = dirname(probe);
  }
  return relative(repo, join(realpathSync(probe), ...rest)).split(sep).join('/');
}

function splitOnce(text: string, sep: string): [string, string | undefined] {
  const i = text.indexOf(sep);
  return i < 0 ? [text, undefined] : [text.slice(0, i), text.slice(i + sep.length)];
}

/**
 * `git add -- <paths>`; when git refuses, again with `--sparse` (git 2.34+), which stages a path
 * outside the sparse-checkout definition all the same: a snapshot in a clone that leaves
 * csp_history/ out of its working tree goes into the commit (issue 20). Only a refused add pays
 * the second run, and an older git is not asked for a flag it does not know. When both fail, the
 * first error is thrown (a lock another git holds is retried by the caller).
 */
async function addPaths(git: SimpleGit, paths: readonly string[]): Promise<void> {
  try {
    await git.raw(['add', '--', ...paths]);
  } catch (error) {
    // NOTE: git's refusal is not matched by its words: they are translated in the user's locale
    // (simple-git runs git with it), and the hint naming --sparse can be turned off.
    try {
      await git.raw(['add', '--sparse', '--', ...paths]);
    } catch {
      throw error;
    }
  }
}

/** How long a commit waits for a git lock held by another process. */
const COMMIT_RETRY_MS = 15_000;

/**
 * True for a failure of `git add` + `git commit --only` that trying again cures (see
 * commitFiles): a lock another git holds, or an `add` that a concurrent commit lost, after which
 * the commit says the new file's pathspec "did not match any file(s) known to git" (seen in CI:
 * six `csp snapshot` runs at once; and 2 in 120 commits of 8 shell loops at once).
 */
export function isTransientCommitError(error: unknown): boolean {
  const message = String((error as Error)?.message ?? error);
  return /index\.lock|HEAD\.lock|cannot lock ref|Unable to create '.*\.lock'/.test(message) || /pathspec '.*' did not match any file\(s\) known to git/.test(message);
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n').find((l) => l.trim()) ?? 'unknown error';
}
