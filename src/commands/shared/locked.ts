/**
 * How a command changes an account: under the account's lock (storage/lock.ts), after finishing
 * whatever a killed csp left half done on it (storage/journal.ts), with a note saying so.
 */
import type { AppContext } from '../../cli/context.js';
import type { Hub } from '../../cli/hub.js';
import { withAccountLock, type HeldLock } from '../../storage/lock.js';
import { recoverAccount, type RecoveryResult } from '../../storage/journal.js';

/**
 * Runs fn under the account's lock; first finishes (or rolls back) an operation a killed process
 * left on the account, and warns about it. With dryRun, fn runs at once without the lock (it
 * writes nothing). Throws AccountLockedError (exit 3, nothing changed) when another csp holds the
 * lock past config.lockTimeoutMs.
 */
export async function changeAccount<T>(ctx: AppContext, hub: Hub, account: string, command: string, fn: (lock?: HeldLock) => Promise<T>, options: { dryRun?: boolean } = {}): Promise<T> {
  if (options.dryRun) return fn();
  return withAccountLock(hub, account, fn, {
    command,
    onAcquired: async () => {
      const recovered = await recoverAccount(hub.root, account, { git: ctx.git });
      if (recovered) ctx.out.warn(describeRecovery(recovered, hub.display));
    },
  });
}

/** One line on what a recovery did, for the person at the terminal. */
export function describeRecovery(r: RecoveryResult, display: (path: string) => string): string {
  const what = `an interrupted ${r.command} on ${r.account} (started ${r.started.replace('T', ' ').slice(0, 19)} UTC)`;
  const files = r.files.map(display).join(', ');
  return r.outcome === 'finished'
    ? `finished ${what}: ${files}${r.commit ? `, commit ${r.commit.slice(0, 8)}` : ''}`
    : `rolled back ${what} (${r.reason}): ${files} put back as they were`;
}
