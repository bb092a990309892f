/**
 * What csp says about operations a killed csp left on an account (storage/journal.ts): how a
 * recovery went, and what to do about one still pending. Text only, no I/O: csp validate loads
 * this without the journal and lock modules.
 */
import type { PendingOperation, RecoveryResult } from '../../storage/journal.js';

/** One line on what a recovery did, for the person at the terminal. */
export function describeRecovery(r: RecoveryResult, display: (path: string) => string): string {
  const what = `an interrupted ${r.command} on ${r.account} (started ${utcTime(r.started)} UTC)`;
  const files = r.files.map(display).join(', ');
  return r.outcome === 'finished'
    ? `finished ${what}: ${files}${r.commit ? `, commit ${r.commit.slice(0, 8)}` : ''}`
    : `rolled back ${what} (${r.reason}): ${files} put back as they were`;
}

/** An ISO date-time as people read it, to the second: "2026-11-22 10:02:11" (UTC). */
export function utcTime(iso: string): string {
  return iso.replace('T', ' ').slice(0, 19);
}

/** What to do about an operation a killed csp left unfinished (csp validate and csp status say the same). */
export function pendingHint(p: PendingOperation, display: (path: string) => string): string {
  return p.problem
    ? `check the account's files, then delete ${display(p.journal)}`
    : `run csp repair ${p.account} (any csp command that changes ${p.account} also finishes it)`;
}
