/**
 * Words of the commands csp prints (hints, hook scripts, CI workflows), quoted so that sh reads
 * them back as one word each (SPEC "Commands": a hint runs as printed). Pure.
 */

/** Characters sh reads as part of a plain word: such a word needs no quotes. */
const PLAIN = /^[\w@%+=:,./-]+$/;

/** A word for sh: as it is when it is plain (letters, digits, `@%+=:,./-_`), else in single quotes. */
export function shellWord(text: string): string {
  return PLAIN.test(text) ? text : shQuote(text);
}

/** A word for sh, always in single quotes (a quote inside as `'\''`). */
export function shQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
