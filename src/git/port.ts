/**
 * The narrow view of git that csp uses (STYLE "Narrow ports"). The simple-git adapter
 * (simple-git.ts) implements it; tests may pass a fake. Paths are absolute unless noted.
 */

/** Who commits, as git will record it. */
export interface GitIdentity {
  name?: string;
  email?: string;
}

/** One commit of a file's history. */
export interface GitLogEntry {
  hash: string;
  date: string;
  author: string;
  message: string;
}

/** The git operations csp needs. Every method runs in the repository that holds `dir`. */
export interface GitPort {
  /** The repository's top-level folder, or null when dir is not in a git repository. */
  topLevel(dir: string): Promise<string | null>;
  /** The identity commits would get (user.name / user.email or GIT_* variables). */
  identity(repo: string): Promise<GitIdentity>;
  /**
   * Commits exactly these files (absolute paths), whatever else is staged: what the user staged
   * stays staged and out of this commit. Returns the new commit's hash.
   */
  commitFiles(repo: string, files: string[], message: string): Promise<string>;
  /** True when any of these files (absolute paths) differs from HEAD or is untracked. */
  pendingChanges(repo: string, files: string[]): Promise<boolean>;
  /** Commits of one file, newest first (follows no renames). */
  log(repo: string, file: string): Promise<GitLogEntry[]>;
}

/** Creates the real adapter; simple-git is loaded only when a command needs git. */
export async function createGitPort(env: Record<string, string | undefined>): Promise<GitPort> {
  const { SimpleGitPort } = await import('./simple-git.js');
  return new SimpleGitPort(env);
}
