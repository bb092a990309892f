/**
 * The merge driver's set-up in a clone (csp hook install; csp init writes the attributes): the
 * `merge.csp.*` entries of .git/config and csp's lines in the repository's .gitattributes. Both
 * idempotent; other .gitattributes content is kept.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../../cli/context.js';
import { gitFailed, runGit } from '../../git/exec.js';
import { DRIVER_NAME, driverCommand } from '../../merge/driver-setup.js';
import { ensureAttributes } from '../shared/merge-attributes.js';
import { PACKAGE_ROOT } from '../../schema/schemas.js';
import { findInfoHubRoot } from '../../storage/infohub.js';

/** What the set-up changed. */
export interface DriverSetup {
  /** registered: .git/config written; unchanged: it already named this csp. */
  driver: 'registered' | 'unchanged';
  /** The .gitattributes file, and whether csp's lines were added to it. */
  attributes: string;
  attributesChanged: boolean;
  /** csp's post-merge and post-rewrite hooks (csp merge-file --finish), per hook: what csp hook install did. */
  finishHooks?: Record<string, string>;
}

/** Registers the driver in the repository's config (with the node running now and this csp's bin) and writes the attributes. Throws ExternalError when git config fails. */
export async function setUpMergeDriver(repo: string, node: string, ctx: AppContext): Promise<DriverSetup> {
  const command = driverCommand({ node, csp: join(PACKAGE_ROOT, 'bin', 'csp') });
  const entries: Array<[string, string]> = [
    [`merge.${DRIVER_NAME}.name`, 'csp documents merged by item id and field (csp merge-file)'],
    [`merge.${DRIVER_NAME}.driver`, command],
  ];
  let driver: DriverSetup['driver'] = 'unchanged';
  for (const [key, value] of entries) {
    const current = await runGit(['config', '--local', '--get', key], { cwd: repo, env: ctx.env });
    if (current.code === 0 && current.stdout.toString('utf8').replace(/\n$/, '') === value) continue;
    const args = ['config', '--local', key, value];
    const run = await runGit(args, { cwd: repo, env: ctx.env });
    if (run.code !== 0) throw gitFailed(args, run);
    driver = 'registered';
  }
  // NOTE: the lines go where csp init puts them, in the InfoHub's folder; without an InfoHub yet, at the top of the repository.
  let dir = repo;
  try {
    dir = findInfoHubRoot({ flag: ctx.flags.infohub, env: ctx.env.CSP_INFOHUB, cwd: ctx.cwd }).root;
  } catch {
    // no InfoHub found: the repository's top level
  }
  const { file, changed } = ensureAttributes(existsSync(dir) ? dir : repo);
  return { driver, attributes: file, attributesChanged: changed };
}
