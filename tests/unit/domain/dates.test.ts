/** Calendar dates (src/domain/dates.ts): YYYY-MM-DD strings, arithmetic that DST never shifts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDaysIso, daysBetween, fixedClock, isIsoDate, toDate, toIso, today } from '../../../src/domain/dates.js';

const savedTz = process.env.TZ;
beforeAll(() => void (process.env.TZ = 'Europe/London'));
afterAll(() => void (savedTz === undefined ? delete process.env.TZ : (process.env.TZ = savedTz)));

describe('isIsoDate', () => {
  it.each([
    ['2026-11-22', true],
    ['2028-02-29', true],
    ['2000-02-29', true],
    ['2027-02-28', true],
    ['2027-02-29', false],
    ['2027-02-30', false],
    ['1900-02-29', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['2026-1-5', false],
    ['26-01-05', false],
    ['2026-01-05T00:00:00Z', false],
    [' 2026-01-05', false],
    ['', false],
    [20260105, false],
    [null, false],
    [undefined, false],
  ])('%j -> %s', (text, ok) => {
    expect(isIsoDate(text)).toBe(ok);
  });

  it('agrees with a calendar Date on every day of 0000-2200 and on months and days out of range', () => {
    // The oracle is what isIsoDate was before it became arithmetic (issue 4): a local Date round trip.
    const byDate = (y: number, m: number, d: number) => {
      const date = new Date(y, m - 1, d);
      return date.getFullYear() === y && date.getMonth() === m - 1 && date.getDate() === d;
    };
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    const differ: string[] = [];
    for (let y = 0; y <= 2200; y++) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) {
          const text = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
          if (isIsoDate(text) !== byDate(y, m, d)) differ.push(text);
        }
      }
    }
    expect(differ).toEqual([]);
  });
});

describe('arithmetic across DST (Europe/London: 29 March and 25 October 2026)', () => {
  it('runs in a zone with DST', () => {
    expect(new Date(2026, 2, 28).getTimezoneOffset()).not.toBe(new Date(2026, 2, 30).getTimezoneOffset());
  });

  it.each([
    ['2026-03-28', 1, '2026-03-29'],
    ['2026-03-28', 2, '2026-03-30'],
    ['2026-03-29', 1, '2026-03-30'],
    ['2026-10-24', 1, '2026-10-25'],
    ['2026-10-25', 1, '2026-10-26'],
    ['2026-03-01', 90, '2026-05-30'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2027-11-30', -120, '2027-08-02'],
    ['2026-03-30', -1, '2026-03-29'],
    ['2026-06-15', 0, '2026-06-15'],
  ])('addDaysIso(%s, %i) = %s', (iso, days, out) => {
    expect(addDaysIso(iso, days)).toBe(out);
  });

  it.each([
    ['2026-03-28', '2026-03-30', 2],
    ['2026-10-24', '2026-10-26', 2],
    ['2026-01-01', '2027-01-01', 365],
    ['2028-01-01', '2029-01-01', 366],
    ['2027-04-11', '2027-01-01', -100],
    ['2026-12-01', '2026-12-01', 0],
  ])('daysBetween(%s, %s) = %i', (a, b, n) => {
    expect(daysBetween(a, b)).toBe(n);
  });

  it('addDaysIso and daysBetween agree for every day of a year with two DST changes', () => {
    for (let n = 0; n <= 366; n++) expect(daysBetween('2026-01-01', addDaysIso('2026-01-01', n))).toBe(n);
  });
});

describe('conversions and clocks', () => {
  it('toDate is local midnight; toIso formats local time', () => {
    const d = toDate('2026-03-29');
    expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()]).toEqual([2026, 2, 29, 0, 0]);
    expect(toIso(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });

  it.each(['2027-02-30', 'soon', ''])('toDate(%j) throws RangeError naming the text', (text) => {
    expect(() => toDate(text)).toThrow(RangeError);
    expect(() => toDate(text)).toThrow(`not a calendar date (YYYY-MM-DD): ${text}`);
  });

  it('fixedClock is noon of the day, a fresh Date each call', () => {
    const clock = fixedClock('2026-11-22');
    const a = clock.now();
    a.setFullYear(2000);
    expect(today(clock)).toBe('2026-11-22');
    expect(clock.now().getHours()).toBe(12);
  });

  it('today reads the clock', () => {
    expect(today({ now: () => new Date(2026, 10, 22, 0, 1) })).toBe('2026-11-22');
  });
});
