/** Cleaning and reading one exported value: text, amounts, counts and dates. Pure. */

// NOTE: \p{Cc} is C0, DEL and C1; the bidi embeddings/overrides/isolates are invisible and can make a
// YAML line display differently from how it parses. Other format characters stay: the zero-width
// joiner holds emoji sequences together, and the brief is to keep unicode.
const CONTROL = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;

/** Trims, turns each whitespace run (tabs and newlines included) into one space, and removes control characters. */
export function cleanText(value: string): string {
  return value.replace(/\s+/g, ' ').replace(CONTROL, '').replace(/ {2,}/g, ' ').trim();
}

const DECIMAL = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;

/**
 * Reads a non-negative amount such as "119373.34", "1,234.50" or "$950" (a leading $ and
 * thousands commas are allowed), times scale, rounded to cents.
 * @returns the number, or null when the text is not such an amount ("-1E02", "abc", "-5")
 */
export function parseAmount(text: string, scale = 1): number | null {
  const bare = text.replace(/^\$\s*/, '');
  if (!DECIMAL.test(bare)) return null;
  return Math.round(Number(bare.replace(/,/g, '')) * scale * 100) / 100;
}

/**
 * Reads a non-negative whole number such as "2822", "1,200" or "28549.0".
 * @returns the integer, or null when the text is not one
 */
export function parseCount(text: string): number | null {
  if (!DECIMAL.test(text)) return null;
  const n = Number(text.replace(/,/g, ''));
  return Number.isInteger(n) ? n : null;
}

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * Reads a calendar date "YYYY-MM-DD" or an ISO date-time ("2020-12-22T21:16:01Z",
 * "2021-01-01T23:30:00-05:00") and returns the date as YYYY-MM-DD: the UTC date when the
 * date-time has a zone, the date as written when it has none.
 * @returns the date, or null when the text is not such a date or names an impossible one (2021-02-30, 25:00)
 */
export function parseCrmDate(text: string): string | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = m;
  const parts = [y, mo, d, h, mi, s].map(Number);
  const [year, month, day, hour, minute, second] = parts;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day)
    return null;
  if (zone === undefined || zone.toUpperCase() === 'Z') return `${y}-${mo}-${d}`;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
  const utc = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
  return new Date(utc).toISOString().slice(0, 10);
}
