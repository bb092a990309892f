/**
 * GitPort for the real git: every call runs the git CLI directly (exec.ts), with the environment
 * passed through whole (a pre-commit hook must read the index GIT_INDEX_FILE names: ECOSYSTEM.md
 * on simple-git 4, which strips it) and baseDir / cwd always explicit. One way to run git, and
 * every exit code is looked at: a call whose non-zero exit is an answer ("no such ref", "not
 * set") says which codes those are (`probe`), and any other failure is an ExternalError (exit 4)
 * with git's own message. (simple-git's `raw()` resolved on a non-zero exit with empty stderr:
 * that is how a commit a silent pre-commit hook refused was reported as made.) Commits: commit.ts.
 */
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { commitOnly, gitPaths } from './commit.js';
import { gitFailed, gitText, runGit, splitNul, type GitRun } from './exec.js';
import type { FileState, GitAddedFile, GitIdentity, GitPort, RepoState } from './port.js';

/** The real implementation of GitPort. */
export class CliGitPort implements GitPort {
  constructor(private readonly env: Record<string, string | undefined>) {}

  private run(repo: string, args: readonly string[]) {
    return runGit(args, { cwd: repo, env: this.env });
  }

  private text(repo: string, args: readonly string[]) {
    return gitText(args, { cwd: repo, env: this.env });
  }

  /** Runs git where the exit codes in `answers` are answers, not failures; any other non-zero exit throws ExternalError. */
  private async probe(repo: string, args: readonly string[], answers: readonly number[] = [1]): Promise<GitRun> {
    const run = await this.run(repo, args);
    if (run.code !== 0 && !answers.includes(run.code)) throw gitFailed(args, run);
    return run;
  }

  async topLevel(dir: string): Promise<string | null> {
    // NOTE: dir may not exist yet (csp init creating the InfoHub): then it is in no repository.
    if (!existsSync(dir)) return null;
    const run = await this.run(dir, ['rev-parse', '--show-toplevel']);
    if (run.code === 0) return run.stdout.toString('utf8').trim() || null;
    // Only "not a git repository" means none; anything else (dubious ownership, a broken .git) is git failing.
    if (/not a git repository/i.test(run.stderr)) return null;
    throw gitFailed(['rev-parse', '--show-toplevel'], run);
  }

  async identity(repo: string): Promise<GitIdentity> {
    return {
      name: this.env.GIT_AUTHOR_NAME || (await this.config(repo, 'user.name')),
      email: this.env.GIT_AUTHOR_EMAIL || (await this.config(repo, 'user.email')),
    };
  }

  async config(repo: string, key: string): Promise<string | undefined> {
    // NOTE: exit 1 is "not set"; 3 (a broken config file) and the rest are failures.
    const run = await this.probe(repo, ['config', '--get', key]);
    return run.code === 0 ? run.stdout.toString('utf8').trim() || undefined : undefined;
  }

  async state(repo: string): Promise<RepoState> {
    const [head, branch, where] = await Promise.all([
      this.probe(repo, ['rev-parse', '-q', '--verify', 'HEAD']),
      this.probe(repo, ['symbolic-ref', '-q', '--short', 'HEAD']),
      gitPaths(repo, this.env),
    ]);
    const name = branch.code === 0 ? branch.stdout.toString('utf8').trim() : undefined;
    return {
      head: head.code !== 0 ? 'unborn' : name ? 'branch' : 'detached',
      ...(name ? { branch: name } : {}),
      merging: where.operation === 'merge',
      ...(where.operation ? { operation: where.operation } : {}),
    };
  }

  async commitFiles(repo: string, files: string[], message: string): Promise<string> {
    return commitOnly(repo, files, message, this.env);
  }

  async addedFiles(repo: string, dir: string): Promise<GitAddedFile[]> {
    if ((await this.headCommit(repo)) === null) return []; // no commit yet
    const out = await this.text(repo, [
      'log',
      '--date-order',
      '--reverse',
      '--diff-filter=A',
      '--no-renames',
      '--format=%x1e%H%x1f%aI%x1f%an%x1f%s',
      '--name-only',
      '-z',
      '--',
      repoRelative(repo, dir) || '.',
    ]);
    const added: GitAddedFile[] = [];
    for (const record of out.split('\x1e').filter(Boolean)) {
      const [header, rest = ''] = splitOnce(record, '\0');
      const [hash, date, author, message] = header.split('\x1f');
      for (const path of splitNul(rest.replace(/^\n/, '')))
        added.push({ file: resolve(repo, path), hash, date, author, message });
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
    const out = splitNul(
      await this.text(repo, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', relative(repo, real)]),
    );
    const entry = out[0];
    if (!entry) return 'clean';
    const xy = entry.slice(0, 2);
    if (xy === '??') return 'untracked';
    if (/U/.test(xy) || xy === 'AA' || xy === 'DD') return 'unmerged';
    return 'modified';
  }

  async headCommit(repo: string): Promise<string | null> {
    // NOTE: rev-parse --verify fails in a repository without commits: there is no HEAD yet.
    const run = await this.probe(repo, ['rev-parse', '--verify', '--quiet', '--short', 'HEAD']);
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
      const out = splitNul(
        await this.text(repo, [
          'status',
          '--porcelain=v1',
          '-z',
          '--untracked-files=all',
          '--',
          ...paths.slice(at, at + 500),
        ]),
      );
      for (let i = 0; i < out.length; i++) {
        const file = byPath.get(out[i].slice(3));
        if (file) changed.add(file);
        // A rename or copy is followed by its source path.
        if (/^[RC]/.test(out[i])) i++;
      }
    }
    return changed;
  }

  async headFolders(
    repo: string,
    dir: string,
    holding: string,
    only: (name: string) => boolean = () => true,
  ): Promise<string[]> {
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
    // InfoHub's whole tree once per account (quadratic in the number of accounts).
    const args = ['cat-file', '--batch-check=%(objecttype)'];
    const run = await runGit(args, {
      cwd: repo,
      env: this.env,
      input: folders.map((f) => `${f.tree}:${holding}\n`).join(''),
    });
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
      const out = await this.text(repo, [
        'ls-tree',
        '-r',
        '-z',
        '--name-only',
        'HEAD',
        '--',
        ...rels.slice(at, at + 500),
      ]);
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
  return relative(repo, join(realpathSync(probe), ...rest))
    .split(sep)
    .join('/');
}

function splitOnce(text: string, sep: string): [string, string | undefined] {
  const i = text.indexOf(sep);
  return i < 0 ? [text, undefined] : [text.slice(0, i), text.slice(i + sep.length)];
}
