/**
 * How a command changes an account: under the account's lock (storage/lock.ts), after finishing
 * whatever a killed csp left half done on it (storage/journal.ts), with a note saying so.
 */
import type { AppContext } from '../../cli/context.js';
import type { Hub } from '../../infohub/hub.js';
import { withAccountLock } from '../../storage/lock.js';
import { recoverAccount } from '../../storage/journal.js';
import { describeRecovery } from './pending.js';

/**
 * Runs fn under the account's lock; first finishes (or rolls back) an operation a killed process
 * left on the account, and warns about it. With dryRun, fn runs at once without the lock (it
 * writes nothing). Throws AccountLockedError (exit 3, nothing changed) when another csp holds the
 * lock past config.lockTimeoutMs.
 */
export async function changeAccount<T>(
  ctx: AppContext,
  hub: Hub,
  account: string,
  command: string,
  fn: () => Promise<T>,
  options: { dryRun?: boolean } = {},
): Promise<T> {
  if (options.dryRun) return fn();
  return withAccountLock(hub, account, fn, {
    command,
    onAcquired: async () => {
      const recovered = await recoverAccount(hub.root, account, { git: ctx.git });
      if (recovered) ctx.out.warn(describeRecovery(recovered, hub.display));
    },
  });
}
