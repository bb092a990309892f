/** `csp snapshot`: preflight git -> check the plan parses -> snapshot and commit (history/snapshot.ts). */
import type { AppContext } from '../../cli/context.js';
import { openHub, preflightGit } from '../../cli/hub.js';
import { takeSnapshot } from '../../history/snapshot.js';
import { loadPlan } from '../shared/plans.js';
import { changeAccount } from '../shared/locked.js';

/** What csp snapshot did. */
export interface SnapshotResult {
  account: string;
  version: number;
  file: string;
  commit: string;
  phase: string;
}

/** Takes a snapshot. Throws PreconditionError (3) outside git, without an identity or when another csp holds the account too long, ExternalError (4) when git fails. */
export async function runSnapshot(options: { account: string; message?: string }, ctx: AppContext): Promise<SnapshotResult> {
  const hub = await openHub(ctx);
  hub.existingAccount(options.account);
  const repo = await preflightGit(ctx, hub, 'csp snapshot', { noSnapshotFlag: false });
  return changeAccount(ctx, hub, options.account, 'csp snapshot', async () => {
    const doc = await loadPlan(hub, options.account);
    const snap = await takeSnapshot(ctx, hub, options.account, { repo, phase: doc.data.meta.phase, message: options.message });
    return { account: options.account, version: snap.version, file: hub.display(snap.file), commit: snap.commit, phase: doc.data.meta.phase };
  });
}

/** CLI entry. */
export async function main([account]: string[], options: Record<string, unknown>, ctx: AppContext): Promise<void> {
  const result = await runSnapshot({ account, message: options.message as string | undefined }, ctx);
  if (ctx.flags.json) ctx.out.data({ ok: true, ...result });
  else ctx.out.result(`${result.account}: snapshot v${result.version} (${result.phase}) ${result.file}, commit ${result.commit.slice(0, 8)}`);
}
