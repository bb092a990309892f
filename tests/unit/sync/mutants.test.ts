/**
 * Tests that kill mutants the issue-19 audit saw survive in sync/plan.ts: a risk's mitigation is a
 * synced field (a change in the CSP reaches the register), and a register item that is `accepted`
 * already counts as retired (it is not closed when its risk leaves the CSP), as `closed` does.
 */
import { describe, expect, it } from 'vitest';
import { applyEditsToData } from '../../../src/domain/edit.js';
import type { Plan } from '../../../src/domain/plan.js';
import { planSync, writes, type FileItem } from '../../../src/sync/plan.js';

const plan = (risks: Array<Record<string, unknown>>): Plan =>
  ({
    schema_version: 1,
    meta: { account: 'acme', owner: { name: 'Priya Natarajan', role: 'SA' } },
    stakeholders: [{ id: 'sh-1', name: 'Sarah Chen', side: 'customer', role: 'champion' }],
    adoption_journey: { phases: [] },
    risks,
  }) as unknown as Plan;
const risk = {
  id: 'rk-1',
  title: 'Budget',
  probability: 'high',
  impact: 'medium',
  owner: 'sh-1',
  status: 'open',
  mitigation: 'Weekly budget review',
};
const register = (p: Plan, risks: FileItem[]) =>
  planSync({ account: 'acme', plan: p, register: { risks }, today: '2026-11-22' }).targets.find(
    (t) => t.target === 'risk_register',
  )!;

/** The register after a first sync of the plan. */
function firstSync(p: Plan): FileItem[] {
  const t = planSync({ account: 'acme', plan: p, today: '2026-11-01' }).targets.find(
    (x) => x.target === 'risk_register',
  )!;
  return (applyEditsToData(t.initial, t.edits) as { risks: FileItem[] }).risks;
}

describe('risks into the register', () => {
  it('copies the mitigation, and a changed mitigation in the CSP updates the register', () => {
    const items = firstSync(plan([risk]));
    expect(items[0]).toMatchObject({ mitigation: 'Weekly budget review' });
    const t = register(plan([{ ...risk, mitigation: 'Monthly budget review with the CFO' }]), items);
    expect(t.ops).toEqual([expect.objectContaining({ action: 'update', id: 'rk-1' })]);
    const after = (applyEditsToData({ risks: items }, t.edits) as { risks: FileItem[] }).risks[0]!;
    expect(after.mitigation).toBe('Monthly budget review with the CFO');
  });

  it.each(['accepted', 'closed'])('leaves a %s register item alone when its risk leaves the CSP', (status) => {
    const items = firstSync(plan([risk])).map((i) => ({ ...i, status }));
    const t = register(plan([]), items);
    expect(t.ops.filter(writes)).toEqual([]);
    expect(t.edits).toEqual([]);
  });

  it('closes an open or mitigating one', () => {
    for (const status of ['open', 'mitigating']) {
      const items = firstSync(plan([risk])).map((i) => ({ ...i, status }));
      const t = register(plan([]), items);
      expect(t.ops).toEqual([
        expect.objectContaining({ action: 'retire', fields: [{ field: 'status', file: status, csp: 'closed' }] }),
      ]);
    }
  });
});
