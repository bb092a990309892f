/**
 * The length caps of what csp notes writes (src/notes/proposal.ts, issue 19): every text taken from
 * the notes or the model is cut to the length the plan's schema allows, so an overlong reply
 * cannot make an invalid plan, tracker or decision log.
 */
import { describe, expect, it } from 'vitest';
import { notesEdits, proposeItems } from '../../../src/notes/proposal.js';
import type { NotesFinding } from '../../../src/notes/extract.js';
import type { Edit } from '../../../src/domain/edit.js';
import type { Plan } from '../../../src/domain/plan.js';

const plan = () =>
  ({
    schema_version: 1,
    meta: { account: 'acme', phase: 'develop', owner: { name: 'Priya Natarajan' } },
    stakeholders: [{ id: 'sh-1', name: 'Sarah Chen', side: 'customer', role: 'champion' }],
  }) as unknown as Plan;
const long = (n: number) => 'x'.repeat(n + 50);
const at = { turn: 1, speaker: null, evidence: long(1000), confidence: 0.5 };
const source = {
  file: `notes/${long(500)}.md`,
  meetingDate: '2026-11-20',
  today: '2026-11-22',
  engine: 'offline' as const,
  model: null,
};
const appended = (edits: readonly Edit[]) =>
  edits.flatMap((e) =>
    e.op === 'append' ? [e.value] : e.op === 'set' && Array.isArray(e.value) ? e.value : [],
  ) as Array<Record<string, unknown>>;

describe('the length caps of the values csp notes writes', () => {
  it('cuts every text from the notes to its schema length', () => {
    const findings: NotesFinding[] = [
      { kind: 'decision', ...at, decision: long(2000), decidedBy: long(200) },
      { kind: 'action', ...at, what: long(1000), who: long(200) },
      { kind: 'risk', ...at, title: long(500), probability: 'low', impact: 'high' },
      { kind: 'stakeholder', ...at, change: 'added', name: long(200), title: long(500) },
    ] as NotesFinding[];
    const change = notesEdits(proposeItems(findings, plan()), { plan: plan() }, source);
    const [decision] = appended(change.edits.decision_log);
    expect((decision.decision as string).length).toBe(2000);
    expect((decision.decided_by as string).length).toBe(200);
    expect((decision.source as string).length).toBe(500);
    const [action] = appended(change.edits.action_tracker);
    expect((action.title as string).length).toBe(1000);
    expect((action.owner as string).length).toBe(200);
    expect(action.notes).toContain(`"${'x'.repeat(500)}"`);
    const csp = appended(change.edits.csp);
    const risk = csp.find((v) => String(v.id).startsWith('rk-'))!;
    expect((risk.title as string).length).toBe(500);
    expect(risk.analysis).toContain(`"${'x'.repeat(1000)}"`);
    const person = csp.find((v) => String(v.id).startsWith('sh-'))!;
    expect((person.name as string).length).toBe(200);
    expect((person.title as string).length).toBe(500);
    expect(change.record?.source?.length).toBe(500);
  });
});
