/**
 * `csp snapshot`: preflight git -> check the plan parses -> compare it with the latest snapshot
 * (identical apart from the modeline: nothing is taken unless --force) -> snapshot and commit
 * (history/snapshot.ts).
 */
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { SnapshotCli } from './register.js';
import { gitAccess, openHub, preflightGit } from '../../infohub/hub.js';
import { takeSnapshot } from '../../history/snapshot.js';
import { listSnapshots, readSnapshotTexts } from '../../history/read.js';
import { sameApartFromModeline } from '../../history/modeline.js';
import { loadPlan } from '../shared/plans.js';
import { changeAccount } from '../shared/locked.js';

/** What csp snapshot did. */
export interface SnapshotResult {
  account: string;
  /** The version taken, or (unchanged) the latest version the plan still is. */
  version: number;
  file: string;
  /** The commit of the snapshot; absent when none was taken. */
  commit?: string;
  phase: string;
  /** True when the plan is the same as the latest snapshot and none was taken (no --force). */
  unchanged: boolean;
}

/** Takes a snapshot. Throws PreconditionError (3) outside git, without an identity or when another csp holds the account too long, ExternalError (4) when git fails. */
export async function runSnapshot(
  options: { account: string; message?: string; force?: boolean },
  ctx: AppContext,
): Promise<SnapshotResult> {
  const hub = await openHub(ctx);
  const paths = hub.existingAccount(options.account);
  const repo = await preflightGit(ctx, hub, 'csp snapshot', { noSnapshotFlag: false });
  return changeAccount(ctx, hub, options.account, 'csp snapshot', async () => {
    const doc = await loadPlan(hub, options.account);
    // NOTE: in a clone whose sparse checkout leaves csp_history/ out, the latest snapshot is read from git.
    const access = await gitAccess(ctx, hub);
    const snapshots = await listSnapshots(paths, access);
    const latest = snapshots.at(-1);
    if (
      latest &&
      !options.force &&
      sameApartFromModeline(
        (await readSnapshotTexts([latest], hub.config.maxFileBytes, access)).get(latest.path)!,
        doc.text,
      )
    ) {
      return {
        account: options.account,
        version: latest.version,
        file: hub.display(latest.path),
        phase: doc.data.meta.phase,
        unchanged: true,
      };
    }
    const snap = await takeSnapshot(ctx, hub, options.account, {
      repo,
      phase: doc.data.meta.phase,
      message: options.message,
      snapshots,
    });
    return {
      account: options.account,
      version: snap.version,
      file: hub.display(snap.file),
      commit: snap.commit,
      phase: doc.data.meta.phase,
      unchanged: false,
    };
  });
}

/** CLI entry. */
export async function main(
  [account]: ArgsOf<SnapshotCli>,
  options: OptionsOf<SnapshotCli>,
  ctx: AppContext,
): Promise<void> {
  const result = await runSnapshot({ account, message: options.message, force: options.force }, ctx);
  if (ctx.flags.json) ctx.out.data({ ok: true, ...result });
  else if (result.unchanged) {
    ctx.out.result(`${result.account}: nothing changed since v${result.version} (${result.file}); no snapshot taken`);
    ctx.out.info(`Take one anyway with csp snapshot ${result.account} --force.`);
  } else
    ctx.out.result(
      `${result.account}: snapshot v${result.version} (${result.phase}) ${result.file}, commit ${result.commit!.slice(0, 8)}`,
    );
}
