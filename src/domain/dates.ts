/**
 * Calendar dates as the plan stores them: "YYYY-MM-DD" strings, no time zone. Arithmetic goes
 * through date-fns (by subpath, so the whole package is not loaded) on local-midnight Dates, so
 * that DST changes never shift a day. "Today" always comes from an injected Clock.
 */
import { addDays } from 'date-fns/addDays';
import { addMonths } from 'date-fns/addMonths';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';

/** A calendar date written YYYY-MM-DD. */
export type IsoDate = string;

/** Where "now" comes from: the system clock in production, a fixed date in tests and --as-of. */
export interface Clock {
  now(): Date;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when text is a real calendar date written YYYY-MM-DD (2027-02-30 is not). */
export function isIsoDate(text: unknown): text is IsoDate {
  if (typeof text !== 'string') return false;
  const m = ISO.exec(text);
  if (!m) return false;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return d.getFullYear() === Number(m[1]) && d.getMonth() === Number(m[2]) - 1 && d.getDate() === Number(m[3]);
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

/** The date n days after (negative: before) iso. */
export function addDaysIso(iso: IsoDate, days: number): IsoDate {
  return toIso(addDays(toDate(iso), days));
}

/** The date n months after iso; a day the month lacks becomes its last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonthsIso(iso: IsoDate, months: number): IsoDate {
  return toIso(addMonths(toDate(iso), months));
}

/** Whole calendar days from a to b (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return differenceInCalendarDays(toDate(b), toDate(a));
}

/** A clock fixed at a date (for --as-of and tests). */
export function fixedClock(iso: IsoDate): Clock {
  const d = toDate(iso);
  d.setHours(12);
  return { now: () => new Date(d) };
}
