/**
 * Customer health signals (<account>/health_signals.yaml, schemas/health_signals.schema.json):
 * dated observations of usage, engagement, support, satisfaction and financial signals. This
 * module knows the signal names, reads the value of a signal as of a date (the newest
 * observation not older than the model allows), and builds the edits that record an
 * observation. Pure: data in, data or edits out.
 */
import { append, remove, sameData, set, type Edit } from '../domain/edit.js';
import { addDaysIso, type IsoDate } from '../domain/dates.js';
import type { HealthSignals } from '../domain/types.gen.js';
import { compareText } from '../domain/compare.js';

export type { HealthSignals } from '../domain/types.gen.js';

/** One dated observation. */
export type SignalEntry = HealthSignals['signals'][number];

/** A signal's value: a number, a date (YYYY-MM-DD), a status word, or yes/no. */
export type SignalValue = number | string | boolean;

export { SIGNALS, isPerPeriod, isSignalName, type SignalSpec, type SignalType } from './signal-names.js';

/** The period a count covers when the entry does not say (days). */
export const DEFAULT_PERIOD_DAYS = 30;

/** An observation with its position, for ordering (the later line wins on the same date). */
export interface IndexedEntry {
  entry: SignalEntry;
  index: number;
}

/** The entries sorted by date, oldest first; entries of the same date keep their file order. */
export function sortedEntries(doc: Pick<HealthSignals, 'signals'> | undefined): IndexedEntry[] {
  return (doc?.signals ?? [])
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => compareText(a.entry.date, b.entry.date) || a.index - b.index);
}

/** A signal's value as of a date, and the observation it came from. */
export interface Observed {
  signal: string;
  value: SignalValue;
  entry: SignalEntry;
}

/**
 * The newest value of a signal dated on or before `date` and not older than `maxAgeDays`;
 * undefined when there is none. `before` excludes observations on or after that date (used for
 * the previous value of a change).
 */
export function observe(
  entries: readonly IndexedEntry[],
  signal: string,
  date: IsoDate,
  maxAgeDays: number,
  before?: IsoDate,
): Observed | undefined {
  const oldest = addDaysIso(date, -maxAgeDays);
  for (let i = entries.length - 1; i >= 0; i--) {
    const { entry } = entries[i];
    if (entry.date > date || (before !== undefined && entry.date >= before)) continue;
    if (entry.date < oldest) return undefined;
    const value = entry.values[signal];
    if (value !== undefined) return { signal, value, entry };
  }
  return undefined;
}

/** The newest observation date on or before `date`; null when there is none. */
export function newestDate(entries: readonly IndexedEntry[], date: IsoDate): IsoDate | null {
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i].entry.date <= date) return entries[i].entry.date;
  return null;
}

/** What csp signal records: values by signal name, the date, how long counts cover, a note. */
export interface SignalRecord {
  date: IsoDate;
  values: Record<string, SignalValue>;
  periodDays?: number;
  source: string;
  note?: string;
}

/**
 * The edits that record an observation in an existing signals file: values go into the entry
 * of the same date and source when there is one (so `csp signal --nps 8` and then `--csat 4` on
 * one day make one entry), else a new entry is appended.
 */
export function recordSignalEdits(doc: HealthSignals, record: SignalRecord): Edit[] {
  const i = doc.signals.findIndex((e) => e.date === record.date && (e.source ?? '') === record.source);
  if (i === -1) return [append(['signals'], newEntry(record))];
  const edits: Edit[] = Object.entries(record.values).map(([k, v]) => set(['signals', i, 'values', k], v));
  if (record.periodDays !== undefined) edits.push(set(['signals', i, 'period_days'], record.periodDays));
  if (record.note !== undefined) edits.push(set(['signals', i, 'note'], record.note));
  return edits;
}

/** A new signals document holding one observation. */
export function newSignalsDocument(
  account: string,
  record: SignalRecord | undefined,
  extra: { name?: string; externalId?: string } = {},
): HealthSignals {
  return {
    schema_version: 1,
    account,
    ...(extra.name ? { name: extra.name } : {}),
    ...(extra.externalId ? { external_id: extra.externalId } : {}),
    signals: record ? [newEntry(record)] : [],
  };
}

function newEntry(record: SignalRecord): SignalEntry {
  return {
    date: record.date,
    ...(record.periodDays !== undefined ? { period_days: record.periodDays } : {}),
    source: record.source,
    ...(record.note !== undefined ? { note: record.note } : {}),
    values: { ...record.values },
  };
}

/**
 * The edits that make a file's entries of one source equal to `entries`, keeping every entry of
 * other sources: the entries that still match (in order) stay, the rest of this source's entries
 * are deleted and the new ones appended. A re-import that adds a quarter touches the last entries
 * only, so the YAML edit stays small (a whole-list replacement would be edited item by item).
 */
export function replaceSourceEdits(
  current: readonly SignalEntry[],
  source: string,
  entries: readonly SignalEntry[],
): Edit[] {
  const ours = current.map((e, i) => ({ e, i })).filter((x) => x.e.source === source);
  let same = 0;
  while (same < ours.length && same < entries.length && sameData(ours[same].e, entries[same])) same++;
  const stale = ours.slice(same).map((x) => x.i);
  return [
    ...stale.reverse().map((i) => remove(['signals', i])),
    ...entries.slice(same).map((e) => append(['signals'], e)),
  ];
}
