/**
 * GitPort through simple-git 3 (ECOSYSTEM.md: 4.x strips GIT_* variables, GIT_INDEX_FILE among
 * them, which a pre-commit hook needs). baseDir is always explicit.
 */
import { simpleGit, type SimpleGit } from 'simple-git';
import { existsSync, realpathSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { ExternalError } from '../errors.js';
import type { GitIdentity, GitLogEntry, GitPort } from './port.js';

/** The simple-git implementation of GitPort. */
export class SimpleGitPort implements GitPort {
  constructor(private readonly env: Record<string, string | undefined>) {}

  private git(dir: string): SimpleGit {
    return simpleGit({ baseDir: dir, trimmed: true });
  }

  async topLevel(dir: string): Promise<string | null> {
    try {
      return (await this.git(dir).revparse(['--show-toplevel'])) || null;
    } catch {
      return null;
    }
  }

  async identity(repo: string): Promise<GitIdentity> {
    const read = async (key: string) => {
      try {
        return (await this.git(repo).raw(['config', '--get', key])).trim() || undefined;
      } catch {
        return undefined;
      }
    };
    return {
      name: this.env.GIT_AUTHOR_NAME || (await read('user.name')),
      email: this.env.GIT_AUTHOR_EMAIL || (await read('user.email')),
    };
  }

  async commitFiles(repo: string, files: string[], message: string): Promise<string> {
    const paths = files.map((f) => relative(repo, f));
    const git = this.git(repo);
    try {
      await git.raw(['add', '--', ...paths]);
      // NOTE: `commit --only -- <paths>` commits these paths as they are in the working tree and
      // leaves every other staged change staged, which is what "only the files csp wrote" means.
      await git.raw(['commit', '--only', '-m', message, '--', ...paths]);
      return (await git.revparse(['HEAD'])).trim();
    } catch (error) {
      throw new ExternalError(`git commit failed: ${firstLine(error)}`, { cause: error, code: 'git-commit-failed', hint: 'run git status to see the state of the repository' });
    }
  }

  async log(repo: string, file: string): Promise<GitLogEntry[]> {
    try {
      const out = await this.git(repo).raw(['log', '--format=%H%x1f%aI%x1f%an%x1f%s', '--', relative(repo, file)]);
      return out
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [hash, date, author, message] = line.split('\x1f');
          return { hash, date, author, message };
        });
    } catch (error) {
      throw new ExternalError(`git log failed: ${firstLine(error)}`, { cause: error, code: 'git-log-failed' });
    }
  }

  async headCommit(repo: string): Promise<string | null> {
    try {
      return (await this.git(repo).raw(['rev-parse', '--verify', '--quiet', '--short', 'HEAD'])).trim() || null;
    } catch {
      // NOTE: rev-parse --verify fails on a repository without commits: there is no HEAD yet.
      return null;
    }
  }

  async changedFiles(repo: string, files: string[]): Promise<Set<string>> {
    if (files.length === 0) return new Set();
    // NOTE: git prints real paths; a file reached through a symlinked folder must be compared as one.
    const real = (f: string) => (existsSync(f) ? realpathSync(f) : f);
    const byPath = new Map(files.map((f) => [relative(repo, real(f)).split(sep).join('/'), f]));
    try {
      // NOTE: porcelain v1 with -z prints paths relative to the top level, unquoted; a rename
      // entry is followed by its source path, which is not one of ours and is simply not matched.
      const out = await this.git(repo).raw(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...byPath.keys()]);
      const changed = new Set<string>();
      for (const entry of out.split('\0')) {
        // "XY path"; the output is trimmed, so the first entry may have lost its leading blank.
        const file = byPath.get(/^[ MTADRCU?!]{0,2} (.+)$/s.exec(entry)?.[1] ?? '');
        if (file) changed.add(file);
      }
      return changed;
    } catch (error) {
      throw new ExternalError(`git status failed: ${firstLine(error)}`, { cause: error, code: 'git-status-failed' });
    }
  }
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n').find((l) => l.trim()) ?? 'unknown error';
}
