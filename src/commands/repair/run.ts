/**
 * `csp repair`: for each account (those given, else those with an interrupted operation): take
 * its lock -> finish or roll back the interrupted operation from its journal and sweep the temp
 * files killed writers left (storage/journal.ts) -> report what was done.
 */
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { RepairCli } from './register.js';
import { openHub, type Hub } from '../../infohub/hub.js';
import { CspError, PreconditionError, type ErrorCode } from '../../errors.js';
import { pendingRecovery, recoverAccount, type RecoveryResult } from '../../storage/journal.js';
import { lockedAccounts, withAccountLock } from '../../storage/lock.js';
import { checkSlug } from '../../storage/infohub.js';
import { describeRecovery } from '../shared/pending.js';

/** What csp repair did for one account. */
export interface RecoverEntry {
  account: string;
  outcome: RecoveryResult['outcome'] | 'nothing-to-do' | 'failed';
  recovery?: RecoveryResult;
  error?: { code: ErrorCode; message: string; hint?: string };
}

/** Recovers the accounts: those given, else those with a journal or a lock folder. Never throws for one account's problem: it is in that account's entry. */
export async function runRepair(options: { accounts: string[] }, ctx: AppContext, hub: Hub): Promise<RecoverEntry[]> {
  for (const account of options.accounts) checkSlug(account);
  const pending = new Set(pendingRecovery(hub.root).map((p) => p.account));
  // NOTE: besides journals, lock folders left by dead processes are cleaned up (taking the lock
  // takes them over); those are tried once, without waiting for a living holder.
  const leftLocks = options.accounts.length > 0 ? [] : lockedAccounts(hub.root).filter((a) => !pending.has(a));
  const accounts = options.accounts.length > 0 ? options.accounts : [...pending, ...leftLocks].sort();
  const entries: RecoverEntry[] = [];
  for (const account of accounts) {
    const wait = leftLocks.includes(account) ? { ...hub, config: { ...hub.config, lockTimeoutMs: 0 } } : hub;
    try {
      const recovery = await withAccountLock(wait, account, () => recoverAccount(hub.root, account, { git: ctx.git }), {
        command: 'csp repair',
      });
      entries.push(recovery ? { account, outcome: recovery.outcome, recovery } : { account, outcome: 'nothing-to-do' });
    } catch (error) {
      if (!(error instanceof CspError)) throw error;
      if (leftLocks.includes(account) && error.code === 'account-locked') continue; // a living holder: not ours to recover
      entries.push({
        account,
        outcome: 'failed',
        error: { code: error.code, message: error.message, hint: error.hint },
      });
    }
  }
  return entries;
}

/** CLI entry: exit 3 when an account could not be repaired. */
export async function main(
  [accounts]: ArgsOf<RepairCli>,
  _options: OptionsOf<RepairCli>,
  ctx: AppContext,
): Promise<void> {
  const hub = await openHub(ctx);
  const entries = await runRepair({ accounts }, ctx, hub);
  const failed = entries.filter((e) => e.outcome === 'failed');
  if (ctx.flags.json) {
    ctx.out.data({ ok: failed.length === 0, accounts: entries });
  } else {
    if (entries.length === 0) ctx.out.result('nothing to repair: no interrupted operation in this InfoHub');
    for (const e of entries) {
      if (e.recovery) ctx.out.result(describeRecovery(e.recovery, hub.display));
      else if (e.outcome === 'nothing-to-do') ctx.out.result(`${e.account}: nothing to repair`);
      else ctx.out.warn(`${e.account}: ${e.error!.message}${e.error!.hint ? `\n  hint: ${e.error!.hint}` : ''}`);
    }
  }
  if (failed.length > 0) {
    throw new PreconditionError(
      `${failed.length} account${failed.length > 1 ? 's' : ''} could not be repaired: ${failed.map((e) => e.account).join(', ')}`,
      { code: failed[0].error!.code, hint: failed[0].error!.hint, reported: ctx.flags.json },
    );
  }
}
