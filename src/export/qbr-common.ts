/**
 * What the QBR and the EBR share that is not the deck itself: calendar quarters (`--quarter
 * 2027-Q1`) and the decisions taken in a span of days. Pure.
 */
import { addDaysIso, isIsoDate, type IsoDate } from '../domain/dates.js';
import type { DecisionLog } from '../domain/types.gen.js';
import { UsageError } from '../errors.js';
import type { ExportView } from './view.js';

/** One decision of the decision log. */
export type Decision = NonNullable<DecisionLog['decisions']>[number];

/** A calendar quarter: "2027-Q1" from 2027-01-01 to 2027-03-31. */
export interface Quarter {
  label: string;
  start: IsoDate;
  end: IsoDate;
}

/** The quarter of `--quarter YYYY-Qn`. Throws UsageError (2) for anything else. */
export function parseQuarter(text: string): Quarter {
  const m = /^(\d{4})-?Q([1-4])$/i.exec(text.trim());
  if (!m)
    throw new UsageError(`--quarter must be written YYYY-Qn, e.g. 2027-Q1 (found "${text}")`, {
      hint: 'csp qbr <account> --quarter 2027-Q1',
    });
  return quarterOf(`${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, '0')}-01`);
}

/** The quarter a day falls in. */
export function quarterOf(day: IsoDate): Quarter {
  const year = Number(day.slice(0, 4));
  const q = Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1;
  const start = `${year}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
  const next = q === 4 ? `${year + 1}-01-01` : `${year}-${String(q * 3 + 1).padStart(2, '0')}-01`;
  return { label: `${year}-Q${q}`, start, end: addDaysIso(next, -1) };
}

/** The quarter after `q`. */
export function nextQuarter(q: Quarter): Quarter {
  return quarterOf(addDaysIso(q.end, 1));
}

/** The decisions taken from `from` to `to`, one line each ("date: decision (who)"). */
export function decisionLines(
  view: ExportView,
  decisions: readonly Decision[] | undefined,
  from: IsoDate,
  to: IsoDate,
): string[] {
  return (decisions ?? [])
    .filter((d) => isIsoDate(d.date) && d.date >= from && d.date <= to)
    .map((d) => `${d.date}: ${d.decision}${d.decided_by ? ` (${view.person(d.decided_by)})` : ''}`);
}
