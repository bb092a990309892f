import { addDays } from 'date-fns/addDays';
import { addMonths } from 'date-fns/addMonths';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDaysIso, addMonthsIso, daysBetween, toDate, toIso } from '../../../src/domain/dates.js';

// dates.ts does its own UTC arithmetic (date-fns costs ~20 ms of start-up); these properties pin it
// to what date-fns computes, DST changes and leap years included.
const isoDate = fc
  .date({ min: new Date(1970, 0, 1), max: new Date(2100, 11, 31), noInvalidDate: true })
  .map((d) => toIso(d));

describe('calendar arithmetic matches date-fns', () => {
  it('addDaysIso', () => {
    fc.assert(
      fc.property(
        isoDate,
        fc.integer({ min: -5000, max: 5000 }),
        (iso, n) => addDaysIso(iso, n) === toIso(addDays(toDate(iso), n)),
      ),
      { numRuns: 2000 },
    );
  });
  it('addMonthsIso (a day the month lacks becomes its last day)', () => {
    fc.assert(
      fc.property(
        isoDate,
        fc.integer({ min: -240, max: 240 }),
        (iso, n) => addMonthsIso(iso, n) === toIso(addMonths(toDate(iso), n)),
      ),
      { numRuns: 2000 },
    );
    expect(addMonthsIso('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonthsIso('2028-01-31', 1)).toBe('2028-02-29');
  });
  it('daysBetween', () => {
    fc.assert(
      fc.property(isoDate, isoDate, (a, b) => daysBetween(a, b) === differenceInCalendarDays(toDate(b), toDate(a))),
      { numRuns: 2000 },
    );
  });
  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-03-26', 1, '2023-03-27'],
    ['2026-12-31', 1, '2027-01-01'],
  ])('%s + %i = %s', (iso, n, want) => {
    expect(addDaysIso(iso, n)).toBe(want);
    expect(daysBetween(iso, want)).toBe(n);
  });
  it('refuses a date that is not real', () => {
    expect(() => addDaysIso('2027-02-30', 1)).toThrow(RangeError);
  });
});
