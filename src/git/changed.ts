/**
 * What changed since a ref, as a pull request's diff counts it (`csp validate --changed-since`):
 * the files that differ between the merge base of the ref and HEAD and the working tree
 * (committed, staged or not), plus untracked files. Runs the git CLI directly (exec.ts), read-only.
 */
import { PreconditionError } from '../errors.js';
import { gitText, runGit, splitNul } from './exec.js';

/** The files changed since the merge base, relative to the repository ('/' separated). */
export interface ChangedSince {
  /** The merge base of the ref and HEAD (full hash). */
  base: string;
  /** Added, modified, deleted (both sides of a rename) or untracked files. */
  paths: string[];
}

/**
 * The files changed between the merge base of `ref` and HEAD and the working tree. Throws
 * PreconditionError (exit 3) when the ref is unknown (CI checkouts are shallow and hold one
 * branch) or has no merge base with HEAD, with the git command that fetches what is missing.
 */
export async function changedSince(
  repo: string,
  ref: string,
  env: Record<string, string | undefined>,
): Promise<ChangedSince> {
  const git = (args: string[]) => runGit(args, { cwd: repo, env });
  const known = await git(['rev-parse', '--verify', '-q', '--end-of-options', `${ref}^{commit}`]);
  if (known.code !== 0 || ref.startsWith('-')) {
    throw new PreconditionError(`git does not know the ref "${ref}" that --changed-since names`, {
      code: 'unknown-ref',
      hint: await fetchHint(repo, ref, env),
    });
  }
  const merged = await git(['merge-base', ref, 'HEAD']);
  const base = merged.stdout.toString('utf8').trim();
  if (merged.code !== 0 || !base) {
    const shallow = (await git(['rev-parse', '--is-shallow-repository'])).stdout.toString('utf8').trim() === 'true';
    throw new PreconditionError(
      `"${ref}" and HEAD have no common commit${shallow ? ' in this shallow clone' : ''}, so there is no pull request diff to check`,
      {
        code: 'no-merge-base',
        hint: shallow
          ? `fetch the history first (git fetch --unshallow origin, or fetch-depth: 0 in actions/checkout, GIT_DEPTH: 0 in GitLab), then run csp validate --changed-since ${ref} again`
          : `pass a ref that HEAD was branched from (git branch -a lists them), or run csp validate to check the whole InfoHub`,
      },
    );
  }
  const options = { cwd: repo, env };
  const [diff, untracked] = await Promise.all([
    gitText(['diff', '--name-only', '-z', '--no-renames', '--no-ext-diff', base, '--'], options),
    gitText(['ls-files', '--others', '--exclude-standard', '-z'], options),
  ]);
  return { base, paths: [...new Set([...splitNul(diff), ...splitNul(untracked)])] };
}

/** The command that brings a missing ref into the clone, as a hint that runs as printed. */
async function fetchHint(repo: string, ref: string, env: Record<string, string | undefined>): Promise<string> {
  const remotes = (await runGit(['remote'], { cwd: repo, env })).stdout.toString('utf8').split('\n').filter(Boolean);
  const slash = ref.indexOf('/');
  const remote = slash > 0 ? ref.slice(0, slash) : undefined;
  // NOTE: the refspec names the remote-tracking ref: a single-branch clone (GitLab, --single-branch)
  // does not update origin/<branch> on a plain `git fetch origin <branch>`.
  const plain = /^[\w.][\w./-]*$/;
  if (remote && remotes.includes(remote) && plain.test(ref.slice(slash + 1))) {
    const branch = ref.slice(slash + 1);
    return `fetch it first (CI checkouts are shallow and hold one branch): git fetch ${remote} ${branch}:refs/remotes/${remote}/${branch}, then run csp validate --changed-since ${ref} again`;
  }
  if (remotes.length > 0 && plain.test(ref)) {
    const from = remotes.includes('origin') ? 'origin' : remotes[0]!;
    return `fetch it first (CI checkouts are shallow and hold one branch): git fetch ${from} ${ref}:refs/remotes/${from}/${ref}, then run csp validate --changed-since ${from}/${ref}`;
  }
  return 'name a branch, tag or commit this clone has (git branch -a lists them), or run csp validate to check the whole InfoHub';
}
