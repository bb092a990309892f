/**
 * Tests that kill mutants the issue-19 audit saw survive: a risk that is being mitigated or was
 * accepted still needs its mitigation at the finalize gate (only a closed one does not); Stage 1
 * leads count for neither the Stage 2 date nor the plan's deal; CRM_OWNED_PATHS is exactly what
 * the schema marks x-crm-owned.
 */
import { describe, expect, it } from 'vitest';
import { gateIssues } from '../../../src/domain/gates.js';
import { CRM_OWNED_PATHS, crmFacts, importTrigger } from '../../../src/crm/import.js';
import type { CrmAccount } from '../../../src/crm/types.js';
import type { OpportunityStage } from '../../../src/domain/stage.js';
import { loadSchema, type JsonSchema } from '../../../src/schema/schemas.js';
import { plan } from '../helpers/plans.js';

describe('the finalize gate and risk mitigations', () => {
  it.each(['open', 'mitigating', 'accepted', undefined])('a %s risk without a mitigation blocks finalize', (status) => {
    const p = plan('finalize', (x) => {
      delete x.risks![0].mitigation;
      if (status === undefined) delete (x.risks![0] as { status?: string }).status;
      else (x.risks![0] as { status?: string }).status = status;
    });
    expect(gateIssues(p, 'finalize').map((i) => i.code)).toContain('gate-risk-mitigations');
    expect(gateIssues(p, 'finalize').find((i) => i.code === 'gate-risk-mitigations')!.path).toBe('/risks/0');
  });

  it.each(['', '   '])('a mitigation of %j is no mitigation', (text) => {
    const p = plan('finalize', (x) => void (x.risks![0].mitigation = text));
    expect(gateIssues(p, 'finalize').map((i) => i.code)).toContain('gate-risk-mitigations');
  });

  it('a closed risk needs none, and a plan whose risks all have one passes', () => {
    expect(
      gateIssues(
        plan(
          'finalize',
          (x) => void (delete x.risks![0].mitigation, ((x.risks![0] as { status?: string }).status = 'closed')),
        ),
        'finalize',
      ).map((i) => i.code),
    ).not.toContain('gate-risk-mitigations');
    expect(gateIssues(plan('finalize'), 'finalize').map((i) => i.code)).not.toContain('gate-risk-mitigations');
  });
});

function account(deals: Array<[string, OpportunityStage, number, string | null]>): CrmAccount {
  return {
    source: 'test',
    id: 'A1',
    name: 'Acme Corp',
    contacts: [],
    opportunities: deals.map(([id, stage, amountUsd, engageDate], i) => ({
      id,
      name: id,
      rawStage: stage,
      stage,
      amountUsd,
      closeDate: null,
      engageDate,
      ref: { file: 'o.csv', line: i + 2 },
    })),
    ref: { file: 'a.csv', line: 2 },
  };
}
const settings = { minArrUsd: 100_000, referenceDate: '2021-06-30', strategic: false };

describe('Stage 1 leads in the import', () => {
  it('a Stage 1 lead gives no Stage 2 date; a Stage 2 deal gives its engage date', () => {
    const lead = account([['o', 'Stage 1', 900_000, '2021-02-01']]);
    expect(crmFacts(lead, importTrigger(lead, { ...settings, strategic: true })).stage2Date).toBeNull();
    const deal = account([['o', 'Stage 2', 900_000, '2021-02-01']]);
    expect(crmFacts(deal, importTrigger(deal, settings)).stage2Date).toBe('2021-02-01');
  });

  it('a bigger Stage 1 lead does not hide a Stage 2 deal: the plan is about the deal', () => {
    const a = account([
      ['lead', 'Stage 1', 5_000_000, '2021-03-01'],
      ['deal', 'Stage 2', 150_000, '2021-02-01'],
    ]);
    const d = importTrigger(a, settings);
    expect(d.stage).toBe('Stage 2');
    expect(d.opportunity?.id).toBe('deal');
    expect(d.required).toBe(true);
  });
});

/** Every location the schema marks x-crm-owned, as `a.b`, with `[]` for array items. */
function crmOwned(schema: JsonSchema): string[] {
  const found = new Set<string>();
  const defs = (schema.definitions ?? {}) as Record<string, JsonSchema>;
  const visit = (node: JsonSchema | undefined, path: string, depth: number) => {
    if (!node || typeof node !== 'object' || depth > 12) return;
    if (node['x-crm-owned'] === true) found.add(path);
    if (typeof node.$ref === 'string') visit(defs[node.$ref.replace('#/definitions/', '')], path, depth + 1);
    for (const [k, child] of Object.entries((node.properties ?? {}) as Record<string, JsonSchema>))
      visit(child, path ? `${path}.${k}` : k, depth + 1);
    if (node.items && typeof node.items === 'object') visit(node.items as JsonSchema, `${path}[]`, depth + 1);
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const)
      for (const sub of (node[key] ?? []) as JsonSchema[]) visit(sub, path, depth + 1);
  };
  visit(schema, '', 0);
  return [...found].sort();
}

describe('CRM_OWNED_PATHS', () => {
  it('is exactly the set of locations the schema marks x-crm-owned', () => {
    expect([...CRM_OWNED_PATHS].sort()).toEqual(crmOwned(loadSchema('csp')));
  });
});
