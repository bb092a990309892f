/**
 * Opening the InfoHub for a command: its root (SPEC "Commands": --infohub, $CSP_INFOHUB, the
 * nearest infohub/ folder), the team configuration, and the store options every document read and
 * write takes. Also the git preflight for commands that commit.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { GitPort } from '../git/port.js';
import { loadConfig, type Config } from '../config/config.js';
import { today, type Clock } from '../domain/dates.js';
import { PreconditionError } from '../errors.js';
import { accountPaths, assertInside, findInfoHubRoot, type AccountPaths } from '../storage/infohub.js';
import { guardHub } from '../storage/gate.js';
import type { StoreOptions } from '../storage/documents.js';
import { exists } from '../storage/files.js';
import { gitAccessOf, type GitAccess } from '../git/access.js';
import { shellWord } from '../domain/shell.js';

/**
 * What opening the InfoHub and the git preflight need from the command's context (the CLI's
 * AppContext satisfies it): where csp runs, its environment and --infohub flag, the clock, git,
 * and a way to warn.
 */
export interface HubContext {
  cwd: string;
  env: Record<string, string | undefined>;
  clock: Clock;
  flags: { infohub?: string };
  git(): Promise<GitPort>;
  out: { warn(text: string): void };
}

/** An open InfoHub. */
export interface Hub {
  root: string;
  config: Config;
  store: StoreOptions;
  /** Today, YYYY-MM-DD, from the context's clock. */
  today: string;
  /** An account's paths; throws UsageError for an unsafe slug, PreconditionError (exit 3) when its folder is a link out or into another account. */
  paths(account: string): AccountPaths;
  /** An account's paths, after checking it has a plan; throws PreconditionError (exit 3) when not. */
  existingAccount(account: string): AccountPaths;
  /** A path as shown in messages (relative to the current folder). */
  display(path: string): string;
}

/** Opens the InfoHub; `create` lets csp init start one where none exists. */
export async function openHub(ctx: HubContext, options: { create?: boolean } = {}): Promise<Hub> {
  const { root } = findInfoHubRoot({
    flag: ctx.flags.infohub,
    env: ctx.env.CSP_INFOHUB,
    cwd: ctx.cwd,
    create: options.create,
  });
  // NOTE: from here every file csp reads or writes inside the InfoHub goes through the link rule
  // (storage/gate.ts): no link out of it, none into another account.
  guardHub(root);
  const config = await loadConfig(exists(root) ? root : undefined, ctx.env);
  const display = (path: string) => relative(ctx.cwd, path) || '.';
  const hub: Hub = {
    root,
    config,
    today: today(ctx.clock),
    store: {
      root,
      maxBytes: config.maxFileBytes,
      check: { requireManagerApproval: config.requireManagerApproval },
      display,
    },
    paths: (account) => {
      const paths = accountPaths(root, account);
      assertInside(root, paths.dir);
      return paths;
    },
    existingAccount: (account) => {
      const paths = accountPaths(root, account);
      assertInside(root, paths.dir);
      if (exists(paths.csp)) assertInside(root, paths.csp);
      if (!exists(paths.csp)) {
        // NOTE: in a sparse checkout the plan may be in git but not on disk (issue 20): the hint says how to bring it in.
        throw new PreconditionError(`no plan for account "${account}" in ${display(root)}`, {
          code: 'no-plan',
          hint: `check the name with ls ${shellWord(display(root))}; ${sparseCheckout(root) ? `in a sparse checkout that leaves it out, git sparse-checkout add ${shellWord(display(paths.dir))} brings it in; ` : ''}a new account starts with csp init ${account} --name "..." --owner "..."`,
        });
      }
      return paths;
    },
    display,
  };
  return hub;
}

/** The store options for one account's CSP (meta.account must match the folder). */
export function planStore(hub: Hub, account: string): StoreOptions {
  return { ...hub.store, check: { ...hub.store.check, expectedAccount: account } };
}

/**
 * The git repository that holds the InfoHub, for a command that needs git (`what` names it in the
 * message). Throws PreconditionError (exit 3) with the fix when there is none.
 */
export async function requireRepo(
  ctx: HubContext,
  hub: Hub,
  what: string,
  hint = `run git init in the InfoHub (or its parent) and commit it, then run the same command again`,
): Promise<string> {
  const repo = await (await ctx.git()).topLevel(hub.root);
  if (!repo)
    throw new PreconditionError(`${hub.display(hub.root)} is not in a git repository: ${what} needs git`, {
      code: 'not-a-repo',
      hint,
    });
  return repo;
}

/**
 * Whether the working tree holding `dir` is a sparse checkout (`core.sparseCheckout` true in the
 * repository's config, or its worktree's), read from the files: hints that name git
 * sparse-checkout are printed only there (issue 15). False outside git and on any read error.
 */
export function sparseCheckout(dir: string): boolean {
  try {
    for (let at = resolve(dir); ; at = dirname(at)) {
      const dotGit = join(at, '.git');
      if (existsSync(dotGit)) {
        const gitDir = statSync(dotGit).isDirectory()
          ? dotGit
          : resolve(
              at,
              readFileSync(dotGit, 'utf8')
                .replace(/^gitdir:\s*/, '')
                .trim(),
            );
        const commonFile = join(gitDir, 'commondir');
        const common = existsSync(commonFile) ? resolve(gitDir, readFileSync(commonFile, 'utf8').trim()) : gitDir;
        const configs = [join(common, 'config'), join(gitDir, 'config.worktree')]
          .filter((f) => existsSync(f))
          .map((f) => readFileSync(f, 'utf8'));
        return configs.some((text) => /^\s*sparsecheckout\s*=\s*true\s*$/im.test(text));
      }
      if (dirname(at) === at) return false;
    }
  } catch {
    return false;
  }
}

/**
 * The git repository holding the InfoHub, for reading what git has (snapshots a sparse checkout
 * leaves out of the working tree); undefined when the InfoHub is in none.
 */
export async function gitAccess(ctx: HubContext, hub: Hub): Promise<GitAccess | undefined> {
  const port = await ctx.git();
  const repo = await port.topLevel(hub.root);
  return repo ? gitAccessOf(port, repo) : undefined;
}

/**
 * Checks, before anything is written, that csp can commit: a git repository, an identity, and
 * no merge, rebase, git am, cherry-pick or revert under way (a commit in the middle of one would
 * be folded into it or lost). A detached HEAD is
 * allowed with a warning. Returns the repository's top level. Throws PreconditionError (exit 3)
 * with the fix; the hint offers --no-snapshot unless `noSnapshotFlag` is false (csp snapshot).
 */
export async function preflightGit(
  ctx: HubContext,
  hub: Hub,
  what: string,
  options: { noSnapshotFlag?: boolean } = {},
): Promise<string> {
  const git = await ctx.git();
  const skip = options.noSnapshotFlag === false ? '' : ', or pass --no-snapshot';
  const repo = await requireRepo(
    ctx,
    hub,
    `${what} commits a snapshot, so it`,
    `run git init in the InfoHub (or its parent)${skip}`,
  );
  const [id, state] = await Promise.all([git.identity(repo), git.state(repo)]);
  if (!id.name || !id.email) {
    throw new PreconditionError(
      `git does not know who you are (user.${!id.name ? 'name' : 'email'} is not set), and ${what} commits a snapshot`,
      {
        code: 'git-identity',
        hint: 'git config user.name "Your Name" && git config user.email you@example.com',
      },
    );
  }
  if (state.merging) {
    throw new PreconditionError(
      `a merge is in progress in ${hub.display(repo)}, and ${what} cannot commit its snapshot in the middle of it`,
      {
        code: 'merge-in-progress',
        hint: `finish the merge first (resolve the conflicts, git add, git commit) or abort it with git merge --abort${skip}`,
      },
    );
  }
  if (state.operation && state.operation !== 'merge') {
    // NOTE: a stopped rebase is a detached HEAD too: a commit there would be replayed or lost by the rebase.
    const verb = state.operation;
    const name = { rebase: 'a rebase', am: 'a git am', 'cherry-pick': 'a cherry-pick', revert: 'a revert' }[verb];
    throw new PreconditionError(
      `${name} is in progress in ${hub.display(repo)}, and ${what} cannot commit its snapshot in the middle of it`,
      {
        code: `${verb}-in-progress`,
        hint: `finish it first (resolve any conflicts, git add, git ${verb} --continue) or abandon it with git ${verb} --abort${skip}`,
      },
    );
  }
  if (state.head === 'detached')
    ctx.out.warn('HEAD is detached: the snapshot commit will be on no branch. Keep it with git switch -c <branch>.');
  return repo;
}
