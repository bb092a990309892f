/** Questions csp asks of a normalised account: which deal the CSP is about, its ARR, finding it. Pure. */
import { compareText } from '../domain/compare.js';
import { addDaysIso } from '../domain/dates.js';
import { stageRank } from '../domain/stage.js';
import type { CrmAccount, CrmExport, CrmOpportunity } from './types.js';

/**
 * The opportunity a CSP is about: the most advanced open one (highest of Stage 1-4; ties go to the
 * larger amount, then the later close date), else the most recently closed Closed Won one (ties to
 * the larger amount), else null. Opportunities with an unknown stage (null) are ignored, so an
 * account with only Closed Lost or unknown-stage deals has none.
 */
export function primaryOpportunity(account: CrmAccount): CrmOpportunity | null {
  const open = account.opportunities.filter(
    (o) => o.stage !== null && o.stage !== 'Closed Won' && o.stage !== 'Closed Lost',
  );
  if (open.length > 0) {
    return open.reduce((best, o) => (compareOpen(o, best) > 0 ? o : best));
  }
  const won = account.opportunities.filter((o) => o.stage === 'Closed Won');
  if (won.length > 0) {
    return won.reduce((best, o) => (compareWon(o, best) > 0 ? o : best));
  }
  return null;
}

/** How far back Closed Won deals count as recurring revenue: a year, in days. */
export const ARR_WINDOW_DAYS = 365;

/**
 * The date an export speaks for: the latest close date of any of its opportunities (won, lost or
 * open), YYYY-MM-DD, or null when none has one. A CRM export is a snapshot; "the last 12 months"
 * is counted back from here, not from today, so an old export gives the same ARR every day.
 */
export function exportReferenceDate(exp: Pick<CrmExport, 'accounts'>): string | null {
  let latest: string | null = null;
  for (const a of exp.accounts)
    for (const o of a.opportunities) if (o.closeDate && (latest === null || o.closeDate > latest)) latest = o.closeDate;
  return latest;
}

/**
 * The ARR csp records for an account, in USD, when its opportunities are grouped by account:
 * the recurring revenue it already brings (the amounts of its Closed Won deals closed in the
 * ARR_WINDOW_DAYS up to `referenceDate`; a won deal with no close date counts) plus the amounts
 * of its deals in progress (open at Stage 2-4). That is the account's annual value once the deals
 * being worked close, which the SPEC's $100K trigger compares against; with one deal per account
 * it is that deal's amount. Stage 1 leads, Closed Lost and unknown-stage deals never count.
 * `referenceDate` defaults to the account's own latest close date (pass exportReferenceDate for a
 * whole export).
 * @returns the sum, or null when no counted deal has an amount
 */
export function accountArrUsd(account: CrmAccount, referenceDate?: string | null): number | null {
  const reference = referenceDate === undefined ? exportReferenceDate({ accounts: [account] }) : referenceDate;
  const from = reference ? addDaysIso(reference, -ARR_WINDOW_DAYS) : null;
  const counted = account.opportunities.filter((o) => {
    if (o.amountUsd === null || o.stage === null) return false;
    if (o.stage === 'Closed Won') return !o.closeDate || !from || (o.closeDate >= from && o.closeDate <= reference!);
    return IN_PROGRESS.has(o.stage);
  });
  if (counted.length === 0) return null;
  return Math.round(counted.reduce((sum, o) => sum + o.amountUsd! * 100, 0)) / 100;
}

const IN_PROGRESS: ReadonlySet<string> = new Set(['Stage 2', 'Stage 3', 'Stage 4']);

/**
 * The deal a CSP created from the export is about: primaryOpportunity, except that a Stage 1
 * lead does not hide a deal at Stage 2 or later or a won one (an existing customer with a new
 * lead is a customer). Null when the account has no open or won deal.
 */
export function planOpportunity(account: CrmAccount): CrmOpportunity | null {
  const beyondLeads = primaryOpportunity({
    ...account,
    opportunities: account.opportunities.filter((o) => o.stage !== 'Stage 1'),
  });
  return beyondLeads ?? primaryOpportunity(account);
}

/**
 * True when any of the account's opportunities says the SA validated a technical evaluation (the
 * mapping's saValidated field): the SPEC requires a CSP for it whatever the ARR.
 */
export function saValidatedEvaluation(account: CrmAccount): boolean {
  return account.opportunities.some((o) => o.saValidated === true && o.stage !== 'Closed Lost');
}

/**
 * The accounts an id or name picks: the one with that id (exact), else every account with that
 * name ignoring case and surrounding spaces, in file order. More than one: the name is ambiguous
 * (the caller must refuse and list them, never pick one silently).
 */
export function findAccounts(exp: CrmExport, idOrName: string): CrmAccount[] {
  const byId = exp.accounts.filter((a) => a.id === idOrName);
  if (byId.length > 0) return byId;
  const wanted = idOrName.trim().toLowerCase();
  return exp.accounts.filter((a) => a.name.trim().toLowerCase() === wanted);
}

/**
 * Finds the one account an id or name picks (findAccounts).
 * @returns the account, or null when none or several match
 */
export function findAccount(exp: CrmExport, idOrName: string): CrmAccount | null {
  const found = findAccounts(exp, idOrName);
  return found.length === 1 ? found[0]! : null;
}

function compareOpen(a: CrmOpportunity, b: CrmOpportunity): number {
  return (
    stageRank(a.stage!) - stageRank(b.stage!) ||
    (a.amountUsd ?? -1) - (b.amountUsd ?? -1) ||
    compareText(a.closeDate ?? '', b.closeDate ?? '')
  );
}

function compareWon(a: CrmOpportunity, b: CrmOpportunity): number {
  return compareText(a.closeDate ?? '', b.closeDate ?? '') || (a.amountUsd ?? -1) - (b.amountUsd ?? -1);
}
