/**
 * Ordering text without the locale: by UTF-16 code units, like Array.prototype.sort's default.
 * NOTE: the first String.prototype.localeCompare call of a process sets up ICU's collator, a
 * start-up cost `csp validate <file>` in a pre-commit hook should not pay. Dates
 * written YYYY-MM-DD, ids and paths sort the same way for the purposes csp sorts them.
 */

/** Negative, zero or positive as a sorts before, with or after b (code-unit order). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
