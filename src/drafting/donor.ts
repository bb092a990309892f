/**
 * Text drawn from another account (issue 19: a draft fills gaps from similar accounts, and must
 * not carry their confidential names into a new customer's plan). A donor's names are its
 * account slug and name, its people (owner, stakeholders, sign-off and approval), their emails and
 * CRM ids, and its CRM record (account and opportunity ids, opportunity name). Reusing a donor's
 * text replaces its account name with ours and drops any text that still carries one of its names
 * (whole, or a distinctive word of one, in any case). Names the target plan has too (the same SA
 * on both) are not foreign. Pure.
 */
import type { Plan } from '../domain/plan.js';

/** Words of company names that say nothing about which company ("Acme Corp" -> "Acme" is the telling one). */
const GENERIC = new Set([
  'inc',
  'llc',
  'ltd',
  'plc',
  'corp',
  'corporation',
  'company',
  'group',
  'holdings',
  'industries',
  'international',
  'global',
  'systems',
  'solutions',
  'technologies',
  'technology',
  'services',
  'partners',
  'the',
  'and',
  'of',
  'co',
  'gmbh',
  'sa',
  'ag',
  'labs',
  'health',
  'bank',
  'university',
  'team',
  'foundation',
]);

/** The identifying strings of a plan: its account, people and CRM record (lower case, 3 characters or more). */
export function identityNames(plan: Plan): { account: string[]; people: string[]; ids: string[] } {
  // biome-ignore lint/suspicious/noExplicitAny: a donor plan may not be schema-valid; str() checks every value it reads.
  const meta = (plan.meta ?? {}) as Record<string, any>;
  const str = (v: unknown) => (typeof v === 'string' && v.trim().length >= 3 ? [v.trim()] : []);
  const account = [...str(meta.account), ...str(meta.account_name)];
  const people: string[] = [
    ...str(meta.owner?.name),
    ...str(meta.customer_sign_off?.by),
    ...str(meta.manager_approval?.by),
  ];
  const ids: string[] = [
    ...str(meta.owner?.email),
    ...str(meta.crm?.account_id),
    ...str(meta.crm?.opportunity_id),
    ...str(meta.crm?.opportunity_name),
  ];
  for (const s of (plan.stakeholders ?? []) as unknown as Array<Record<string, unknown>>) {
    people.push(...str(s.name));
    ids.push(...str(s.email), ...str(s.crm_contact_id));
  }
  return { account, people, ids };
}

/** The distinctive words of a name: 3 characters or more, not a generic company word. */
function wordsOf(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 3 && !GENERIC.has(w) && !/^\d+$/.test(w));
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A word of a name as a whole word in text (letters or digits around it do not count). */
const wordRe = (w: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(w)}(?![\\p{L}\\p{N}])`, 'iu');

/**
 * A function that makes a donor's text safe to reuse in the target plan: the donor's account name
 * becomes the target's; text that still carries any donor name (or a distinctive word of one) gives
 * null (drop it).
 */
export function donorText(donor: Plan, target: Plan): (text: string) => string | null {
  const theirs = identityNames(donor);
  const ours = identityNames(target);
  const ourWords = new Set([...ours.account, ...ours.people, ...ours.ids].flatMap(wordsOf));
  const ourNames = new Set([...ours.account, ...ours.people, ...ours.ids].map((n) => n.toLowerCase()));
  const foreign = [...theirs.account, ...theirs.people, ...theirs.ids].filter((n) => !ourNames.has(n.toLowerCase()));
  const foreignWords = [...new Set(foreign.flatMap(wordsOf))].filter((w) => !ourWords.has(w)).map(wordRe);
  const foreignWhole = foreign.map((n) => n.toLowerCase());
  const accountName = typeof donor.meta?.account_name === 'string' ? donor.meta.account_name.trim() : '';
  const replace =
    accountName.length >= 3 && accountName.toLowerCase() !== (target.meta?.account_name ?? '').toLowerCase()
      ? new RegExp(escapeRegExp(accountName), 'gi')
      : null;
  return (text: string) => {
    const out = replace ? text.replace(replace, () => target.meta.account_name) : text;
    const lower = out.toLowerCase();
    if (foreignWhole.some((n) => lower.includes(n))) return null;
    if (foreignWords.some((re) => re.test(out))) return null;
    return out;
  };
}
