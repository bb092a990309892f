import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvExport, type CrmExport, type CrmOpportunity } from '../../../src/crm/index.js';
import { MAVEN_DIR, MAVEN_FULL_DIR, folderFiles, mapping } from './fixtures.js';

/** The pipeline as plain rows, read independently of the parser (Maven's files hold no quotes). */
function pipelineRows(
  dir: string,
): Array<{ line: number; id: string; product: string; account: string; stage: string; closeValue: string }> {
  const lines = readFileSync(join(dir, 'sales_pipeline.csv'), 'utf8').split('\r\n');
  return lines
    .map((text, i) => ({ text, line: i + 1 }))
    .slice(1)
    .filter(({ text }) => text !== '')
    .map(({ text, line }) => {
      const [id, , product, account, stage, , , closeValue] = text.split(',');
      return { line, id, product, account, stage, closeValue };
    });
}

// The trimmed fixture always runs; the full data set runs too on machines that have it (never instead).
const datasets = [
  { name: 'trimmed fixture', dir: MAVEN_DIR, rows: 810, emptyAccount: 30, wonTotal: undefined as number | undefined },
  { name: 'full data set', dir: MAVEN_FULL_DIR, rows: 8_800, emptyAccount: 1_425, wonTotal: 10_005_534 },
];

describe.each(datasets)('Maven CRM, $name', ({ dir, rows, emptyAccount, wonTotal }) => {
  const exp: CrmExport = parseCsvExport(
    folderFiles(dir, (n) => n !== 'data_dictionary.csv'),
    mapping('maven'),
  );
  const opps: CrmOpportunity[] = exp.accounts.flatMap((a) => a.opportunities);
  const raw = pipelineRows(dir);

  it('keeps CRLF line endings in the files it reads', () => {
    for (const name of ['accounts.csv', 'sales_pipeline.csv', 'products.csv', 'sales_teams.csv']) {
      const text = readFileSync(join(dir, name), 'utf8');
      expect(text.match(/\r\n/g)?.length).toBe(text.match(/\n/g)?.length);
    }
  });

  it(`has 85 accounts, no contacts, and ${rows} pipeline rows`, () => {
    expect(raw).toHaveLength(rows);
    expect(exp.accounts).toHaveLength(85);
    expect(exp.accounts.every((a) => a.contacts.length === 0 && a.source === 'maven' && a.id === a.name)).toBe(true);
    expect(opps).toHaveLength(rows - emptyAccount);
  });

  it(`reports the ${emptyAccount} rows with an empty account, each with its line, and skips them`, () => {
    const expected = raw.filter((r) => r.account === '');
    expect(expected).toHaveLength(emptyAccount);
    expect(exp.problems.map((p) => [p.file, p.line, p.code, p.severity])).toEqual(
      expected.map((r) => [join(dir, 'sales_pipeline.csv'), r.line, 'crm-no-account', 'warning']),
    );
    expect(exp.problems[0].message).toBe(
      `Opportunity ${expected[0].id} has no account (column account is empty); skipped the row.`,
    );
  });

  it('points each opportunity at its physical line', () => {
    const lineOf = new Map(raw.map((r) => [r.id, r.line]));
    expect(opps.every((o) => o.ref.line === lineOf.get(o.id))).toBe(true);
  });

  it('maps Prospecting, Engaging, Won and Lost', () => {
    const expected = raw.filter((r) => r.account !== '');
    const stageOf: Record<string, string> = {
      Prospecting: 'Stage 1',
      Engaging: 'Stage 2',
      Won: 'Closed Won',
      Lost: 'Closed Lost',
    };
    expect(opps.map((o) => o.stage).sort()).toEqual(expected.map((r) => stageOf[r.stage]).sort());
    const prospecting = opps.filter((o) => o.stage === 'Stage 1');
    expect(prospecting.length).toBeGreaterThan(0);
    expect(prospecting.every((o) => o.engageDate === null && o.closeDate === null)).toBe(true);
    expect(opps.filter((o) => o.stage === 'Stage 2').every((o) => o.engageDate !== null && o.closeDate === null)).toBe(
      true,
    );
  });

  it('fixes the sector typo technolgy to technology', () => {
    expect(exp.accounts.filter((a) => a.industry === 'technology')).toHaveLength(12);
    expect(exp.accounts.some((a) => a.industry === 'technolgy')).toBe(false);
  });

  it('reads GTXPro as GTX Pro and prices open GTX Pro deals from products.csv', () => {
    expect(raw.some((r) => r.product === 'GTXPro' && r.account !== '')).toBe(true);
    expect(opps.some((o) => o.product === 'GTXPro')).toBe(false);
    const openPro = opps.filter((o) => o.product === 'GTX Pro' && (o.stage === 'Stage 1' || o.stage === 'Stage 2'));
    expect(openPro.length).toBeGreaterThan(0);
    expect(openPro.every((o) => o.amountUsd === 4821 && o.amountSource === 'products.sales_price')).toBe(true);
    expect(openPro[0].name).toBe(`GTX Pro (${openPro[0].id})`);
  });

  it('takes close_value when present (Won, and Lost at 0), else the list price', () => {
    expect(opps.every((o) => o.amountUsd !== null)).toBe(true);
    const closed = opps.filter((o) => o.stage === 'Closed Won' || o.stage === 'Closed Lost');
    expect(closed.every((o) => o.amountSource === 'close_value' && o.closeDate !== null)).toBe(true);
    expect(opps.filter((o) => o.stage === 'Closed Lost').every((o) => o.amountUsd === 0)).toBe(true);
    const won = opps.filter((o) => o.stage === 'Closed Won').reduce((sum, o) => sum + (o.amountUsd ?? 0), 0);
    const rawWon = raw.filter((r) => r.stage === 'Won').reduce((sum, r) => sum + Number(r.closeValue), 0);
    expect(won).toBe(rawWon);
    if (wonTotal !== undefined) expect(won).toBe(wonTotal);
  });

  it("fills each deal's owner, manager and office from sales_teams.csv", () => {
    expect(opps.every((o) => o.owner && o.ownerManager && o.ownerOffice)).toBe(true);
    const darcel = opps.find((o) => o.owner === 'Darcel Schlecht');
    if (darcel) expect(darcel).toMatchObject({ ownerManager: 'Melvin Marxen', ownerOffice: 'Central' });
  });

  it('scales revenue from USD millions and keeps the parent company', () => {
    expect(exp.accounts[0]).toMatchObject({
      id: 'Acme Corporation',
      industry: 'technology',
      annualRevenueUsd: 1_100_040_000,
      employees: 2822,
      region: 'United States',
    });
    expect(exp.accounts.find((a) => a.id === 'Bluth Company')?.parent).toBe('Acme Corporation');
    expect(exp.accounts.filter((a) => a.parent !== undefined)).toHaveLength(15);
  });
});
