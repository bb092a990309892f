/**
 * What `csp status` says about operations a killed csp left half done (issue 8: "csp status says
 * so"): one line per account with an unfinished journal, and the command that finishes it.
 */
import type { Hub } from '../../infohub/hub.js';
import { pendingRecovery } from '../../storage/journal.js';
import { pendingHint, utcTime } from '../shared/pending.js';

/** An interrupted operation, as status reports it. */
export interface Interrupted {
  account: string;
  command: string;
  /** When it started (ISO date-time), when the journal says. */
  started?: string;
  message: string;
}

/** The interrupted operations of the InfoHub, or of the accounts given. Reads only. */
export function interruptedOperations(hub: Hub, accounts?: readonly string[]): Interrupted[] {
  return pendingRecovery(hub.root)
    .filter((p) => !accounts || accounts.includes(p.account))
    .map((p) => ({
      account: p.account,
      command: p.command,
      ...(p.started ? { started: p.started } : {}),
      message: p.problem
        ? `${p.account}: an interrupted csp operation left a journal csp cannot use (${p.problem}); ${pendingHint(p, hub.display)}`
        : `${p.account}: ${p.command} was interrupted${p.started ? ` (started ${utcTime(p.started)} UTC)` : ''} and is not finished: ${pendingHint(p, hub.display)}`,
    }));
}
