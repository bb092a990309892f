/** Questions csp asks of a normalised account: which deal the CSP is about, its ARR, finding it. Pure. */
import { stageRank } from '../domain/stage.js';
import type { CrmAccount, CrmExport, CrmOpportunity } from './types.js';

/**
 * The opportunity a CSP is about: the most advanced open one (highest of Stage 1-4; ties go to the
 * larger amount, then the later close date), else the most recently closed Closed Won one (ties to
 * the larger amount), else null. Opportunities with an unknown stage (null) are ignored, so an
 * account with only Closed Lost or unknown-stage deals has none.
 */
export function primaryOpportunity(account: CrmAccount): CrmOpportunity | null {
  const open = account.opportunities.filter((o) => o.stage !== null && o.stage !== 'Closed Won' && o.stage !== 'Closed Lost');
  if (open.length > 0) {
    return open.reduce((best, o) => (compareOpen(o, best) > 0 ? o : best));
  }
  const won = account.opportunities.filter((o) => o.stage === 'Closed Won');
  if (won.length > 0) {
    return won.reduce((best, o) => (compareWon(o, best) > 0 ? o : best));
  }
  return null;
}

/**
 * The ARR csp records for an account, in USD: the primary opportunity's amount. CRM exports give
 * deal amounts, not subscription terms, so csp reads the amount of the deal the CSP is about as its
 * annual value (the SPEC's $100K CSP trigger compares against it); null when there is no primary
 * opportunity or it has no amount.
 */
export function accountArrUsd(account: CrmAccount): number | null {
  return primaryOpportunity(account)?.amountUsd ?? null;
}

/**
 * Finds an account by id (exact), else by name ignoring case and surrounding spaces; the first in
 * file order wins when several share a name.
 * @returns the account, or null when none matches
 */
export function findAccount(exp: CrmExport, idOrName: string): CrmAccount | null {
  const byId = exp.accounts.find((a) => a.id === idOrName);
  if (byId) return byId;
  const wanted = idOrName.trim().toLowerCase();
  return exp.accounts.find((a) => a.name.toLowerCase() === wanted) ?? null;
}

function compareOpen(a: CrmOpportunity, b: CrmOpportunity): number {
  return stageRank(a.stage!) - stageRank(b.stage!) || (a.amountUsd ?? -1) - (b.amountUsd ?? -1) || (a.closeDate ?? '').localeCompare(b.closeDate ?? '');
}

function compareWon(a: CrmOpportunity, b: CrmOpportunity): number {
  return (a.closeDate ?? '').localeCompare(b.closeDate ?? '') || (a.amountUsd ?? -1) - (b.amountUsd ?? -1);
}
