/**
 * Account slugs: the folder name of an account in the InfoHub (SPEC "The InfoHub layout":
 * lower-case letters, digits, '-' and '_' only). Checking them is what keeps csp from writing
 * outside the InfoHub: no '..', no '/', no NUL, no names that Windows or git reserve.
 */

/** Why a slug was refused, or null when it is safe. */
export function slugProblem(slug: string): string | null {
  if (slug.length === 0) return 'the account name is empty';
  if (slug.includes('\0')) return 'the account name contains a NUL byte';
  if (/[/\\]/.test(slug)) return 'the account name contains a path separator';
  if (slug.includes('..')) return "the account name contains '..'";
  if (slug.length > 64) return 'the account name is longer than 64 characters';
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(slug))
    return "the account name may use only lower-case letters, digits, '-' and '_', and must start with a letter or digit";
  if (RESERVED.has(slug) || /^(com|lpt)[0-9]$/.test(slug)) return `"${slug}" is a reserved name`;
  return null;
}

const RESERVED = new Set(['con', 'prn', 'aux', 'nul', 'clock', 'node_modules', 'schemas', 'playbooks']);

/** Letters that Unicode does not decompose into a base letter and an accent. */
const TRANSLITERATE: Record<string, string> = {
  ø: 'o',
  ß: 'ss',
  ł: 'l',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
  ð: 'd',
  đ: 'd',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  ŋ: 'ng',
};

/** Turns a customer's name into a slug: "Zoonoodle 37" -> "zoonoodle-37", "Ääkkönen & Co." -> "aakkonen-and-co", "Straße GmbH" -> "strasse-gmbh". */
export function slugify(name: string): string {
  const base = name
    .toLowerCase()
    .replace(/[øßłæœþðđıħŧŋ]/g, (c) => TRANSLITERATE[c])
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  const slug = base || 'account';
  return RESERVED.has(slug) || /^(com|lpt)[0-9]$/.test(slug) ? `${slug}-account` : slug;
}
