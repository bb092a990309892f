/**
 * The RavenStack mapping end to end in-process: every account of the data gets a health score,
 * and every value behind every component is traced to rows that (checked independently of the
 * importer, from the raw CSV) belong to that account and period and give that value. Runs on the
 * full 500-account set in /work/shared when it is present, and always on the committed subset.
 */
import { sharedData } from '../../helpers/shared-data.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { readCsvTable } from '../../../src/crm/csv-table.js';
import { importSignals, checkSignalMapping, type SignalMapping } from '../../../src/customer-health/import.js';
import { scoreHealth } from '../../../src/customer-health/score.js';
import { addDaysIso } from '../../../src/domain/dates.js';
import { validateSchema } from '../../../src/schema/validate.js';
import { DEFAULT_MODEL, ROOT } from './helpers.js';

const MAPPING = yaml.load(readFileSync(`${ROOT}playbooks/signal-mappings/ravenstack.yaml`, 'utf8'), {
  schema: yaml.CORE_SCHEMA,
}) as SignalMapping;
const SETS = [
  { name: 'committed subset', dir: `${ROOT}tests/fixtures/ravenstack-saas/`, accounts: 42 },
  {
    name: 'full data set',
    dir: `${sharedData('data/ravenstack-saas/ravenstack_accounts.csv').replace(/ravenstack_accounts\.csv$/, '')}`,
    accounts: 500,
  },
];

type Row = Record<string, string> & { line: string; cited: string };

/**
 * A CSV read the plain way (RavenStack has no quoted fields), keyed by how the importer must cite
 * each row: its id, or "id (line N)" when the id is not unique.
 */
function raw(dir: string, file: string, id: string): Map<string, Row> {
  const [head, ...rows] = readFileSync(dir + file, 'utf8')
    .replace(/\r/g, '')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  const count = new Map<string, number>();
  for (const r of rows) count.set(r[head.indexOf(id)], (count.get(r[head.indexOf(id)]) ?? 0) + 1);
  return new Map(
    rows.map((r, i) => {
      const key = r[head.indexOf(id)];
      const cited = count.get(key)! > 1 ? `${key} (line ${i + 2})` : key;
      return [cited, { ...Object.fromEntries(head.map((h, j) => [h, r[j]])), line: String(i + 2), cited } as Row];
    }),
  );
}

describe('the shipped RavenStack mapping', () => {
  it('is valid', async () => {
    expect(await validateSchema('signal_mapping', MAPPING)).toEqual([]);
    expect(checkSignalMapping(MAPPING)).toEqual([]);
  });
});

describe.each(SETS)('RavenStack import ($name)', ({ dir, accounts: expectedAccounts }) => {
  const tables = new Map(
    [MAPPING.accounts.file, ...MAPPING.tables.map((t) => t.file)].map((f) => [
      f,
      readCsvTable(f, readFileSync(dir + f, 'utf8')),
    ]),
  );
  const result = importSignals(MAPPING, tables);
  const subs = raw(dir, 'ravenstack_subscriptions.csv', 'subscription_id');
  const usage = raw(dir, 'ravenstack_feature_usage.csv', 'usage_id');
  const tickets = raw(dir, 'ravenstack_support_tickets.csv', 'ticket_id');
  const accountIds = raw(dir, 'ravenstack_accounts.csv', 'account_id');
  const byAccount = (rows: Map<string, Row>, account: (r: Row) => string) => {
    const out = new Map<string, Row[]>();
    for (const r of rows.values()) out.set(account(r), [...(out.get(account(r)) ?? []), r]);
    return out;
  };
  const usageOf = byAccount(usage, (u) => subs.get(u.subscription_id)!.account_id);
  const ticketsOf = byAccount(tickets, (t) => t.account_id);
  const scores = new Map(
    result.accounts.map((a) => [a.slug, scoreHealth({ signals: a.entries }, DEFAULT_MODEL, result.asOf)]),
  );

  it('uses every usage and ticket row; the only problems are usage ids shared by two rows', () => {
    const shared = [...usage.values()].filter((u) => u.cited.includes('(line'));
    expect(result.problems.map((p) => p.message)).toEqual(
      [...new Set(shared.map((u) => u.usage_id))].map((id) =>
        expect.stringContaining(`usage_id ${id} is used by 2 rows`),
      ),
    );
    expect(result.asOf).toBe('2024-12-31');
    expect(result.rowsUsed.feature_usage).toBe(usage.size);
    expect(result.rowsUsed.support_tickets).toBe(tickets.size);
  });

  it('gives every account a health score and a band', () => {
    expect(result.accounts).toHaveLength(expectedAccounts);
    expect(result.accounts.map((a) => a.externalId).sort()).toEqual([...accountIds.keys()].sort());
    for (const [slug, h] of scores) {
      expect([slug, typeof h.score]).toEqual([slug, 'number']);
      expect([slug, h.band]).toEqual([slug, expect.stringMatching(/^(green|yellow|red)$/)]);
    }
  });

  it('traces every value of every scored input to the rows that give it', { timeout: 60_000 }, async () => {
    let checked = 0;
    for (const a of result.accounts) {
      for (const c of scores.get(a.slug)!.components) {
        for (const input of c.inputs.filter((i) => i.score !== null)) {
          for (const s of input.sources) {
            const entry = a.entries.find((e) => e.date === s.date)!;
            const from = addDaysIso(entry.date, -(entry.period_days! - 1));
            const inPeriod = (d: string) => d.slice(0, 10) >= from && d.slice(0, 10) <= entry.date;
            const rows = s.rows!;
            expect(s.file).toBe(MAPPING.tables.find((t) => t.name === MAPPING.signals[s.signal].table)!.file);
            if (s.signal === 'usage_events' || s.signal === 'feature_adoption') {
              const mine = (usageOf.get(a.externalId) ?? []).filter((u) => inPeriod(u.usage_date));
              expect(new Set(rows)).toEqual(new Set(mine.map((u) => u.cited)));
              const want =
                s.signal === 'usage_events'
                  ? mine.reduce((n, u) => n + Number(u.usage_count), 0)
                  : Math.round((new Set(mine.map((u) => u.feature_name)).size / 40) * 1000) / 10;
              expect([a.slug, s.signal, s.value]).toEqual([a.slug, s.signal, want]);
            } else if (['tickets', 'escalations', 'csat', 'resolution_hours'].includes(s.signal)) {
              for (const id of rows)
                expect([id, tickets.get(id)?.account_id, inPeriod(tickets.get(id)!.submitted_at)]).toEqual([
                  id,
                  a.externalId,
                  true,
                ]);
              if (s.signal === 'tickets')
                expect(rows.length).toBe(
                  (ticketsOf.get(a.externalId) ?? []).filter((t) => inPeriod(t.submitted_at)).length,
                );
              if (s.signal === 'csat')
                expect(s.value).toBeCloseTo(
                  rows.reduce((n, id) => n + Number(tickets.get(id)!.satisfaction_score), 0) / rows.length,
                  2,
                );
            } else {
              for (const id of rows) expect([id, subs.get(id)?.account_id]).toEqual([id, a.externalId]);
            }
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(expectedAccounts * 5);
    for (const a of result.accounts.slice(0, 5))
      expect(
        await validateSchema('health_signals', { schema_version: 1, account: a.slug, signals: a.entries }),
      ).toEqual([]);
  });
});
