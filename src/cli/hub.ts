/**
 * Opening the InfoHub for a command: its root (SPEC "Commands": --infohub, $CSP_INFOHUB, the
 * nearest infohub/ folder), the team configuration, and the store options every document read and
 * write takes. Also the git preflight for commands that commit.
 */
import { relative } from 'node:path';
import type { AppContext } from './context.js';
import { loadConfig, type Config } from '../config/config.js';
import { today } from '../domain/dates.js';
import { PreconditionError } from '../errors.js';
import { accountPaths, assertInside, findInfoHubRoot, type AccountPaths } from '../storage/infohub.js';
import { guardHub } from '../storage/gate.js';
import type { StoreOptions } from '../storage/documents.js';
import { exists } from '../storage/files.js';

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
export async function openHub(ctx: AppContext, options: { create?: boolean } = {}): Promise<Hub> {
  const { root } = findInfoHubRoot({ flag: ctx.flags.infohub, env: ctx.env.CSP_INFOHUB, cwd: ctx.cwd, create: options.create });
  // NOTE: from here every file csp reads or writes inside the InfoHub goes through the link rule
  // (storage/gate.ts): no link out of it, none into another account.
  guardHub(root);
  const config = await loadConfig(exists(root) ? root : undefined, ctx.env);
  const display = (path: string) => relative(ctx.cwd, path) || '.';
  const hub: Hub = {
    root,
    config,
    today: today(ctx.clock),
    store: { root, maxBytes: config.maxFileBytes, check: { requireManagerApproval: config.requireManagerApproval }, display },
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
        throw new PreconditionError(`no plan for account "${account}" in ${display(root)}`, { code: 'no-plan', hint: `create it with csp init ${account} --name "..." --owner "...", or check the name with ls ${display(root)}` });
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
export async function requireRepo(ctx: AppContext, hub: Hub, what: string, hint = `run git init in the InfoHub (or its parent) and commit it, then run ${what} again`): Promise<string> {
  const repo = await (await ctx.git()).topLevel(hub.root);
  if (!repo) throw new PreconditionError(`${hub.display(hub.root)} is not in a git repository: ${what} needs git`, { code: 'not-a-repo', hint });
  return repo;
}

/**
 * Checks, before anything is written, that csp can commit: a git repository, an identity, and
 * no merge under way (git refuses a commit of chosen files during a merge). A detached HEAD is
 * allowed with a warning. Returns the repository's top level. Throws PreconditionError (exit 3)
 * with the fix; the hint offers --no-snapshot unless `noSnapshotFlag` is false (csp snapshot).
 */
export async function preflightGit(ctx: AppContext, hub: Hub, what: string, options: { noSnapshotFlag?: boolean } = {}): Promise<string> {
  const git = await ctx.git();
  const skip = options.noSnapshotFlag === false ? '' : ', or pass --no-snapshot';
  const repo = await requireRepo(ctx, hub, `${what} commits a snapshot, so it`, `run git init in the InfoHub (or its parent)${skip}`);
  const [id, state] = await Promise.all([git.identity(repo), git.state(repo)]);
  if (!id.name || !id.email) {
    throw new PreconditionError(`git does not know who you are (user.${!id.name ? 'name' : 'email'} is not set), and ${what} commits a snapshot`, {
      code: 'git-identity',
      hint: 'git config user.name "Your Name" && git config user.email you@example.com',
    });
  }
  if (state.merging) {
    throw new PreconditionError(`a merge is in progress in ${hub.display(repo)}, and ${what} cannot commit its snapshot in the middle of it`, {
      code: 'merge-in-progress',
      hint: `finish the merge first (resolve the conflicts, git add, git commit) or abort it with git merge --abort${skip}`,
    });
  }
  if (state.head === 'detached') ctx.out.warn('HEAD is detached: the snapshot commit will be on no branch. Keep it with git switch -c <branch>.');
  return repo;
}
