/**
 * Calendar dates as the plan stores them: "YYYY-MM-DD" strings, no time zone. Arithmetic is done
 * on UTC midnights (Date.UTC), where every day has 24 hours, so DST changes never shift a day.
 * "Today" always comes from an injected Clock.
 *
 * NOTE: no date library here: this module is on the start-up path of `csp validate <file>` (the
 * pre-commit hook), and resolving a date-fns import parses its 200 KB package.json at every start
 * (docs/performance.md "Start-up"). Date arithmetic off that path uses date-fns.
 */

/** A calendar date written YYYY-MM-DD. */
export type IsoDate = string;

/** Where "now" comes from: the system clock in production, a fixed date in tests and --as-of. */
export interface Clock {
  now(): Date;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * True when text is a real calendar date written YYYY-MM-DD (2027-02-30 is not), in the
 * proleptic Gregorian calendar that Date uses. Years before 0100 are refused: Date (and so
 * toDate) reads them as 19xx.
 * NOTE: arithmetic, not a Date: building a local-time Date costs a time-zone lookup, and a scan of
 * 10,000 plans checks about a million dates.
 */
export function isIsoDate(text: unknown): text is IsoDate {
  if (typeof text !== 'string') return false;
  const m = ISO.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 100 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
}

/** Parses YYYY-MM-DD to a local-midnight Date. Throws RangeError when it is not a real date. */
export function toDate(iso: IsoDate): Date {
  if (!isIsoDate(iso)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${iso}`);
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y, m - 1, d);
}

/** Formats a Date as YYYY-MM-DD in local time. */
export function toIso(date: Date): IsoDate {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Today's date from a clock, YYYY-MM-DD. */
export function today(clock: Clock): IsoDate {
  return toIso(clock.now());
}

const DAY_MS = 86_400_000;

function utcDay(iso: IsoDate): number {
  if (!isIsoDate(iso)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${iso}`);
  // NOTE: setUTCFullYear, not Date.UTC, which reads years 0-99 as 1900-1999.
  return new Date(0).setUTCFullYear(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
}

/** The date n days after (negative: before) iso. Throws RangeError when iso is not a real date. */
export function addDaysIso(iso: IsoDate, days: number): IsoDate {
  return new Date(utcDay(iso) + Math.trunc(days) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The date n months after iso; a day the month lacks becomes its last day (Jan 31 + 1 month =
 * Feb 28/29), as date-fns addMonths does. Throws RangeError when iso is not a real date.
 */
export function addMonthsIso(iso: IsoDate, months: number): IsoDate {
  const d = new Date(utcDay(iso));
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + Math.trunc(months), 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.toISOString().slice(0, 10);
}

/** Whole calendar days from a to b (positive when b is later). Throws RangeError for a date that is not real. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((utcDay(b) - utcDay(a)) / DAY_MS);
}

/** A clock fixed at a date (for --as-of and tests). */
export function fixedClock(iso: IsoDate): Clock {
  const d = toDate(iso);
  d.setHours(12);
  return { now: () => new Date(d) };
}
