/**
 * Wording shared by the markdown and HTML exports, so both say the same thing: the title, the
 * summary facts, the internal banner, the RACI legend, risk RAG and the sign-off line. Returns
 * plain (unescaped) text; each renderer escapes it for its format. Pure.
 */
import { effectiveRag, type Risk } from '../domain/plan.js';
import { formatNumber, humanize, type ExportView } from './view.js';

/** A labelled value for a facts list; undefined or empty values are left out by the renderers. */
export type Fact = [label: string, value: string | number | undefined | null];

/** "Customer Success Plan: TechCorp Industries". */
export function documentTitle(view: ExportView): string {
  return `Customer Success Plan: ${view.plan.meta.account_name}`;
}

/** The warning an internal export carries at its top. */
export function internalBanner(): string {
  return 'INTERNAL: this export holds stakeholder assessments, risk analysis, handoff and commercial notes. Do not share it with the customer; share csp export --audience customer instead.';
}

/** The summary facts under the title. ARR is shown to the team only. */
export function planFacts(view: ExportView): Fact[] {
  const meta = view.plan.meta;
  const owner = meta.owner ? `${meta.owner.name}${meta.owner.role ? ` (${meta.owner.role})` : ''}` : undefined;
  return [
    ['Plan', `${humanize(meta.plan_type)} plan`],
    ['Phase', humanize(meta.phase)],
    ['Status', humanize(meta.status)],
    ['Plan period', meta.plan_start || meta.plan_end ? `${meta.plan_start ?? '?'} to ${meta.plan_end ?? '?'}` : undefined],
    ['Owner', owner],
    ['Last updated', meta.updated],
    ['Last customer review', meta.last_customer_review],
    ...(view.audience === 'internal' ? ([['Opportunity stage', meta.opportunity_stage], ['ARR', typeof meta.arr_usd === 'number' ? `$${formatNumber(meta.arr_usd)}` : undefined]] as Fact[]) : []),
  ];
}

/** The RACI legend. */
export const RACI_LEGEND = 'R responsible · A accountable · C consulted · I informed';

/** A risk's RAG as a word (its own, else derived from probability x impact). */
export function riskRag(risk: Risk): string {
  try {
    return humanize(effectiveRag(risk));
  } catch {
    // NOTE: a risk without probability or impact has no derived RAG; the schema requires both.
    return '';
  }
}

/** Who signed the plan off and when, or that it awaits sign-off. */
export function signOffText(view: ExportView): string {
  const s = view.plan.meta.customer_sign_off;
  return s ? `Signed off by ${view.person(s.by)} on ${s.date}.` : 'Awaiting the customer’s sign-off.';
}
