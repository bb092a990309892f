import { describe, expect, it } from 'vitest';
import { applyEditsToData } from '../../../src/domain/edit.js';
import {
  newSignalsDocument,
  observe,
  recordSignalEdits,
  replaceSourceEdits,
  sortedEntries,
  type SignalEntry,
} from '../../../src/customer-health/signals.js';

const e = (date: string, source: string, values: SignalEntry['values']): SignalEntry => ({ date, source, values });

describe('recordSignalEdits', () => {
  it('merges values into the entry of the same date and source, else appends one', () => {
    const doc = newSignalsDocument('acme', { date: '2026-11-20', source: 'csp signal', values: { nps: 8 } });
    const same = applyEditsToData(
      doc,
      recordSignalEdits(doc, { date: '2026-11-20', source: 'csp signal', values: { csat: 4 }, periodDays: 7 }),
    );
    expect(same.signals).toEqual([
      { date: '2026-11-20', period_days: 7, source: 'csp signal', values: { nps: 8, csat: 4 } },
    ]);
    const other = applyEditsToData(
      doc,
      recordSignalEdits(doc, { date: '2026-11-21', source: 'csp signal', values: { nps: 9 } }),
    );
    expect(other.signals.map((x) => x.date)).toEqual(['2026-11-20', '2026-11-21']);
  });
});

describe('replaceSourceEdits', () => {
  const current = [
    e('2024-06-30', 'ravenstack', { tickets: 1 }),
    e('2024-07-02', 'csp signal', { nps: 9 }),
    e('2024-09-30', 'ravenstack', { tickets: 2 }),
    e('2024-11-15', 'ravenstack', { tickets: 1 }),
  ];
  it('keeps the matching entries and other sources, deletes the stale ones and appends the new', () => {
    const next = [
      e('2024-06-30', 'ravenstack', { tickets: 1 }),
      e('2024-09-30', 'ravenstack', { tickets: 2 }),
      e('2024-12-31', 'ravenstack', { tickets: 4 }),
      e('2025-03-31', 'ravenstack', { tickets: 0 }),
    ];
    const edits = replaceSourceEdits(current, 'ravenstack', next);
    expect(edits.map((x) => `${x.op} ${x.path.join('.')}`)).toEqual([
      'delete signals.3',
      'append signals',
      'append signals',
    ]);
    const after = applyEditsToData({ signals: current }, edits).signals;
    expect(after.filter((x) => x.source === 'ravenstack')).toEqual(next);
    expect(after.filter((x) => x.source === 'csp signal')).toEqual([current[1]]);
  });
  it('changes nothing when the entries are the same', () => {
    expect(
      replaceSourceEdits(
        current,
        'ravenstack',
        current.filter((x) => x.source === 'ravenstack').map((x) => structuredClone(x)),
      ),
    ).toEqual([]);
  });
});

describe('observe', () => {
  it('finds the newest value on or before a date within the age limit', () => {
    const entries = sortedEntries({
      signals: [e('2026-06-01', 'a', { nps: 5 }), e('2026-10-01', 'a', { csat: 4 }), e('2026-12-01', 'a', { nps: 9 })],
    });
    expect(observe(entries, 'nps', '2026-11-01', 180)?.value).toBe(5);
    expect(observe(entries, 'nps', '2026-11-01', 150)).toBeUndefined();
    expect(observe(entries, 'nps', '2026-12-01', 30)?.value).toBe(9);
  });
});
