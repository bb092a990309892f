/**
 * `csp restore <account> <version>`: read the version and the working plan -> decide what the
 * restore replaces (history/diff.ts: working -> version) and whether csp.yaml holds changes no
 * commit has -> show it -> confirm (a prompt on a terminal, else --yes) -> write csp.yaml byte for
 * byte as the snapshot has it (its modeline pointed from csp.yaml's folder), under the account's lock taken after the prompt (a csp.yaml changed
 * since it was read is not overwritten). Nothing is committed; the user reviews and commits (or
 * snapshots).
 */
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { RestoreCli } from './register.js';
import { gitAccess, openHub } from '../../infohub/hub.js';
import { diffPlans, type PlanDiff } from '../../history/diff.js';
import { loadVersion } from '../../history/read.js';
import type { FileState } from '../../git/port.js';
import type { Issue } from '../../domain/issue.js';
import { CancelledError, PreconditionError, UsageError } from '../../errors.js';
import { writeChecked } from '../../storage/journal.js';
import { changeAccount } from '../shared/locked.js';
import { validateText } from '../../validation/file.js';
import { reportRemaining } from '../shared/plans.js';
import { readable } from './diff.js';
import { modelineFor } from '../../storage/infohub.js';
import { withModeline } from '../../history/modeline.js';
import { diffSummary, renderPlanDiff } from './render.js';

/** Options of csp restore. */
export interface RestoreOptions {
  account: string;
  version: string;
  yes: boolean;
  dryRun: boolean;
}

/** What csp restore did (or would do). */
export interface RestoreResult {
  account: string;
  version: string;
  from: string;
  file: string;
  /** False when the working plan already was that version, or on --dry-run. */
  restored: boolean;
  /** The working plan already is that version, byte for byte: nothing to do. */
  current: boolean;
  /** What the restore changes in the working plan (working -> version); null when the working plan cannot be read. */
  replaces: PlanDiff | null;
  /** csp.yaml as git sees it before the restore: changes in 'modified' or 'untracked' are in no commit. */
  workingState?: FileState;
  issues: Issue[];
}

/** Restores a version. Throws UsageError (2) without --yes off a terminal, CancelledError (130) when declined. */
export async function runRestore(
  options: RestoreOptions,
  ctx: AppContext,
  show: (result: RestoreResult) => void = () => {},
): Promise<RestoreResult> {
  const hub = await openHub(ctx);
  const paths = hub.existingAccount(options.account);
  const access = await gitAccess(ctx, hub);
  const version = await readable(
    await loadVersion(paths, options.version, hub.config.maxFileBytes, options.account, access),
    hub.display,
  );
  const account = (version.data as { meta?: { account?: unknown } } | undefined)?.meta?.account;
  if (account !== options.account) {
    throw new PreconditionError(
      `${hub.display(version.path)} is a plan of "${String(account)}", not of ${options.account}`,
      {
        code: 'wrong-account',
        hint: `restore a version of ${options.account} (csp history ${options.account} lists them)`,
      },
    );
  }
  const working = await loadVersion(paths, 'working', hub.config.maxFileBytes, options.account);
  const workingState = access ? await access.port.fileState(access.repo, paths.csp) : undefined;
  // NOTE: the snapshot's modeline points from csp_history/; csp.yaml gets its own back.
  const restored = withModeline(version.text, modelineFor(hub.root, paths.csp, 'csp'));
  const result: RestoreResult = {
    account: options.account,
    version: version.label,
    from: hub.display(version.path),
    file: hub.display(paths.csp),
    restored: false,
    current: working.text === restored,
    replaces: working.issues.length === 0 ? diffPlans(working.data, version.data) : null,
    ...(workingState ? { workingState } : {}),
    issues: [],
  };
  if (result.current) return result;
  show(result);
  if (options.dryRun) return result;
  if (!options.yes) {
    if (!ctx.interactive) {
      throw new UsageError(`csp restore replaces ${result.file} with ${result.version}: confirm with --yes`, {
        code: 'confirm-needed',
        hint: `csp restore ${options.account} ${options.version} --yes (csp asks on a terminal; --dry-run only shows what it replaces)`,
      });
    }
    const answer = await (await ctx.prompter()).ask([
      {
        name: 'confirm',
        flag: 'yes',
        type: 'confirm',
        message: `Replace ${result.file} with ${result.version}?`,
        default: false,
      },
    ]);
    if (answer.confirm !== true) throw new CancelledError();
  }
  await changeAccount(ctx, hub, options.account, 'csp restore', async () =>
    writeChecked(hub.root, { path: paths.csp, before: working.text, after: restored }),
  );
  const check = await validateText(result.file, restored, 'csp', {
    requireManagerApproval: hub.config.requireManagerApproval,
    expectedAccount: options.account,
  });
  return { ...result, restored: true, issues: check.issues };
}

/** What the restore replaces, for the person deciding (stderr; stdout stays for the result). */
function describe(ctx: AppContext, r: RestoreResult): void {
  const out = ctx.out;
  out.info(`Restoring ${r.version} (${r.from}) replaces the working plan ${r.file}.`);
  if (r.replaces === null)
    out.info('  The working plan cannot be read (see csp validate), so what it holds is not listed.');
  else {
    out.info(`  It changes: ${diffSummary(r.replaces)}`);
    for (const line of renderPlanDiff(r.replaces, out.style)) out.info(`  ${line}`);
  }
  if (r.workingState === 'modified' || r.workingState === 'untracked') {
    out.warn(
      `${r.file} has changes that no commit holds: they will be lost. Keep them first with csp snapshot ${r.account} or git commit, if you need them.`,
    );
  } else if (r.workingState === undefined) {
    out.warn(`${r.file} is not in a git repository: its current content will be lost unless you copy it first.`);
  }
}

/** CLI entry. */
export async function main(
  [account, version]: ArgsOf<RestoreCli>,
  options: OptionsOf<RestoreCli>,
  ctx: AppContext,
): Promise<void> {
  const json = ctx.flags.json;
  const result = await runRestore(
    { account, version, yes: options.yes ?? false, dryRun: options.dryRun ?? false },
    ctx,
    json ? undefined : (r) => describe(ctx, r),
  );
  if (json) {
    ctx.out.data({ ok: true, dryRun: options.dryRun ?? false, ...result });
    return;
  }
  if (result.restored) {
    ctx.out.result(`${account}: restored ${result.version} as ${result.file} (not committed)`);
    ctx.out.info(
      `Review it with csp diff ${account} ${version} working or git diff; commit it, or take a new version with csp snapshot ${account}.`,
    );
    reportRemaining(ctx, result.issues);
  } else if (!result.current) {
    ctx.out.result(`${account}: dry run, ${result.file} not changed`);
  } else {
    ctx.out.result(`${account}: ${result.file} already is ${result.version}; nothing to restore`);
  }
}
