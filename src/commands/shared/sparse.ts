/**
 * Accounts a sparse checkout leaves out (issue 20): a CA who checks out only their accounts
 * (`git sparse-checkout set infohub/acme infohub/beta`) has the other plans in git but not on
 * disk. Whole-InfoHub commands count them (the portfolio, validate, remind) instead of ignoring
 * them silently or calling them errors, and commands that would create a plan refuse to create one
 * git already holds. Only in a sparse checkout (`core.sparseCheckout`), and cheap at 10,000
 * accounts: one `git ls-tree` of the InfoHub folder at HEAD and one `git cat-file --batch-check`
 * for the folders the working tree lacks.
 */
import { join } from 'node:path';
import type { AppContext } from '../../cli/context.js';
import { gitAccess, type Hub } from '../../infohub/hub.js';
import { slugProblem } from '../../domain/slug.js';
import { PreconditionError } from '../../errors.js';
import { exists } from '../../storage/files.js';
import { shellWord } from '../../domain/shell.js';

/**
 * The accounts HEAD holds a plan for (<account>/success_plan/csp.yaml) that the working tree
 * lacks, sorted; [] outside git or before the first commit. `onDisk` names the accounts already
 * listed from disk (they are not asked about). Throws ExternalError when git fails.
 */
export async function accountsNotCheckedOut(
  ctx: AppContext,
  hub: Hub,
  onDisk: readonly string[] = [],
): Promise<string[]> {
  const git = await gitAccess(ctx, hub);
  // NOTE: a full checkout has every account on disk: no ls-tree of 10,000 entries for nothing.
  if (!git?.sparse) return [];
  const listed = new Set(onDisk);
  const worthAsking = (name: string) =>
    !name.startsWith('.') &&
    !listed.has(name) &&
    slugProblem(name) === null &&
    !exists(join(hub.root, name, 'success_plan', 'csp.yaml'));
  return (await git.port.headFolders(git.repo, hub.root, 'success_plan/csp.yaml', worthAsking)).sort();
}

/** The command that brings an account into a sparse checkout, as printed in hints. */
export function checkoutHint(hub: Hub, account: string): string {
  // NOTE: the folder is quoted for sh, the account may be a placeholder (<account>) to fill in.
  return `git sparse-checkout add ${shellWord(hub.display(hub.root))}/${account}`;
}

/**
 * Refuses (PreconditionError, exit 3) to create a plan for an account whose plan git already
 * holds but the working tree lacks: a new plan there would overwrite it at the next commit.
 */
export async function refuseIfNotCheckedOut(ctx: AppContext, hub: Hub, account: string, what: string): Promise<void> {
  const csp = hub.paths(account).csp;
  if (exists(csp)) return;
  const git = await gitAccess(ctx, hub);
  if (!git?.sparse || (await git.port.headFiles(git.repo, [csp])).length === 0) return;
  throw new PreconditionError(
    `${account} already has a plan in git (${hub.display(csp)}), but this clone's sparse checkout leaves it out: ${what} would replace it`,
    {
      code: 'not-checked-out',
      hint: `bring it into this clone with ${checkoutHint(hub, account)}, then work on it`,
    },
  );
}

/** "3 accounts are in git but not checked out here ...", or '' for none. */
export function notCheckedOutLine(hub: Hub, count: number): string {
  return count === 0
    ? ''
    : `${count} account${count === 1 ? ' is' : 's are'} in git but not checked out here (sparse checkout), so not included: ${checkoutHint(hub, '<account>')} brings one in`;
}
