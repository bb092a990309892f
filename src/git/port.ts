/**
 * The narrow view of git that csp uses (STYLE "Narrow ports"). The adapter (cli-port.ts)
 * implements it; tests may pass a fake. Paths are absolute unless noted; paths "relative to the
 * repository" are git's own, with '/' separators.
 */

/** Who commits, as git will record it. */
export interface GitIdentity {
  name?: string;
  email?: string;
}

/** One commit of a file's history. */
export interface GitLogEntry {
  hash: string;
  /** Author date, ISO 8601 with offset. */
  date: string;
  author: string;
  message: string;
}

/** A file added by a commit (see GitPort.addedFiles). */
export interface GitAddedFile extends GitLogEntry {
  /** Absolute path of the file. */
  file: string;
}

/** An operation git is in the middle of (a stopped rebase, `git am`, a cherry-pick or revert, a merge). */
export type GitOperation = 'merge' | 'rebase' | 'am' | 'cherry-pick' | 'revert';

/** Where HEAD is and whether a merge (or another operation) is under way: the git states a user meets. */
export interface RepoState {
  /** On a branch; detached (a commit checked out); unborn (no commit yet). */
  head: 'branch' | 'detached' | 'unborn';
  /** The branch name when head is 'branch' or 'unborn'. */
  branch?: string;
  /** A merge is in progress (MERGE_HEAD exists). */
  merging: boolean;
  /** The operation in progress, if any (a merge too); no commit of csp's may land in one. */
  operation?: GitOperation;
}

/** How one file stands against HEAD and the index. */
export type FileState = 'clean' | 'modified' | 'untracked' | 'unmerged';

/** The git operations csp needs. Every method runs in the repository that holds `dir`/`repo`. */
export interface GitPort {
  /** The repository's top-level folder, or null when dir is not in a git repository. */
  topLevel(dir: string): Promise<string | null>;
  /** The identity commits would get (user.name / user.email or GIT_* variables). */
  identity(repo: string): Promise<GitIdentity>;
  /** HEAD and merge state. */
  state(repo: string): Promise<RepoState>;
  /**
   * Commits exactly these files (absolute paths), whatever else is staged, running the commit
   * hooks: what the user staged stays staged and out of this commit. Returns the new commit's
   * full hash, once HEAD is at it. Throws (and commits and stages nothing) when git is in the
   * middle of an operation or a left-behind index lock blocks it (PreconditionError, exit 3),
   * or a hook refuses, signing fails or git fails (ExternalError, exit 4).
   */
  commitFiles(repo: string, files: string[], message: string): Promise<string>;
  /**
   * The files under dir that commits reachable from HEAD added, each with the commit that added
   * it, oldest first in commit order (`git log --date-order --reverse`). [] before the first commit.
   */
  addedFiles(repo: string, dir: string): Promise<GitAddedFile[]>;
  /** Staged files that are added, copied, modified or renamed, relative to the repository (what a commit would record). */
  stagedPaths(repo: string): Promise<string[]>;
  /** Files with an unresolved merge conflict, relative to the repository. */
  unmergedPaths(repo: string): Promise<string[]>;
  /** The staged content (`git show :<path>`) of each path relative to the repository; a path with no staged content is absent. */
  stagedContents(repo: string, paths: readonly string[]): Promise<Map<string, Buffer>>;
  /** How a file (absolute path) stands: unchanged since HEAD, changed (staged or not), untracked, or unmerged. */
  fileState(repo: string, file: string): Promise<FileState>;
  /** A git configuration value, or undefined when it is not set. */
  config(repo: string, key: string): Promise<string | undefined>;
  /** A path inside the git directory (`git rev-parse --git-path <name>`: hooks, MERGE_HEAD...), absolute. */
  gitPath(repo: string, name: string): Promise<string>;
  /** HEAD's abbreviated hash, or null when the repository has no commit yet. */
  headCommit(repo: string): Promise<string | null>;
  /**
   * Which of these files (absolute paths) differ from HEAD: changed in the working tree or the
   * index, or not committed at all (untracked). Returns the subset of the paths given.
   */
  changedFiles(repo: string, files: string[]): Promise<Set<string>>;
  /**
   * The folders directly inside dir (absolute) in HEAD's tree that hold `holding` (a path relative
   * to each folder), whether or not the working tree has them (a sparse checkout leaves some out);
   * `only` picks the folder names worth asking about first. [] before the first commit or when
   * HEAD has no such folder. Two git runs whatever the number of folders (ls-tree, then
   * cat-file --batch-check of `<folder's tree>:<holding>`).
   */
  headFolders(repo: string, dir: string, holding: string, only?: (name: string) => boolean): Promise<string[]>;
  /**
   * The files of HEAD's tree at or under these paths (absolute in, absolute out), whether or not
   * the working tree has them. [] before the first commit.
   */
  headFiles(repo: string, paths: readonly string[]): Promise<string[]>;
  /** The content at HEAD (`git cat-file --batch`, HEAD:<path>) of each file (absolute path); a file HEAD does not hold is absent. */
  headContents(repo: string, files: readonly string[]): Promise<Map<string, Buffer>>;
}
