/**
 * GitPort through simple-git 3 (ECOSYSTEM.md: 4.x strips GIT_* variables, GIT_INDEX_FILE among
 * them, which a pre-commit hook needs). baseDir is always explicit.
 */
import { simpleGit, type SimpleGit } from 'simple-git';
import { relative } from 'node:path';
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
    const deadline = Date.now() + COMMIT_RETRY_MS;
    for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
      try {
        await git.raw(['add', '--', ...paths]);
        // NOTE: `commit --only -- <paths>` commits these paths as they are in the working tree and
        // leaves every other staged change staged, which is what "only the files csp wrote" means.
        await git.raw(['commit', '--only', '-m', message, '--', ...paths]);
        return (await git.revparse(['HEAD'])).trim();
      } catch (error) {
        // NOTE: another git (a csp working on another account, an editor refreshing its status)
        // holds the index or HEAD lock for a moment: wait for it rather than fail.
        if (isLockContention(error) && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
          continue;
        }
        throw new ExternalError(`git commit failed: ${firstLine(error)}`, { cause: error, code: 'git-commit-failed', hint: 'run git status to see the state of the repository' });
      }
    }
  }

  async pendingChanges(repo: string, files: string[]): Promise<boolean> {
    try {
      const out = await this.git(repo).raw(['status', '--porcelain', '--untracked-files=all', '--', ...files.map((f) => relative(repo, f))]);
      return out.trim() !== '';
    } catch (error) {
      throw new ExternalError(`git status failed: ${firstLine(error)}`, { cause: error, code: 'git-status-failed' });
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
}

/** How long a commit waits for a git lock held by another process. */
const COMMIT_RETRY_MS = 15_000;

function isLockContention(error: unknown): boolean {
  return /index\.lock|HEAD\.lock|cannot lock ref|Unable to create '.*\.lock'/.test(String((error as Error)?.message ?? error));
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n').find((l) => l.trim()) ?? 'unknown error';
}
