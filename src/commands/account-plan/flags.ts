/** The flags of the account-plan commands (only they take --fiscal-year). */
import { parseFiscalYear, type FiscalYear } from '../../drafting/account-plan.js';
import { UsageError } from '../../errors.js';

/** A fiscal year flag: FY<year> (FY2026). Throws UsageError naming the flag, with an example of the given year. */
export function parseFiscalYearFlag(text: string, exampleYear: number): FiscalYear {
  const fy = parseFiscalYear(text);
  if (!fy)
    throw new UsageError(`--fiscal-year must be written FY<year>, like FY${exampleYear} (found "${text}")`, {
      code: 'bad-fiscal-year',
    });
  return fy;
}
