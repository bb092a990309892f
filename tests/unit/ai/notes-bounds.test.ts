/**
 * Issue 19: every list of the notes tool has maxItems (MAX_NOTES_ITEMS_PER_KIND), every other
 * tool list has one by default (MAX_TOOL_ITEMS), and the rule-based path is held to the same
 * bound (notesLimitProblem), so neither engine can propose more than csp applies at once.
 */
import { describe, expect, it } from 'vitest';
import { notesTool } from '../../../src/ai/notes-request.js';
import { arrayOf, MAX_TOOL_ITEMS } from '../../../src/ai/tool-schemas.js';
import type { NotesFinding } from '../../../src/notes/extract.js';
import { MAX_NOTES_ITEMS, MAX_NOTES_ITEMS_PER_KIND, notesLimitProblem } from '../../../src/notes/proposal.js';
import { loadSchema } from '../../../src/schema/schemas.js';
import { startedPlan } from '../domain/fixtures.js';
import { schemaErrors } from '../../../src/ai/structured.js';

const action = (i: number): NotesFinding => ({
  kind: 'action',
  what: `send item ${i}`,
  turn: i,
  speaker: null,
  evidence: `send item ${i}`,
  confidence: 0.8,
});
const decision = (i: number): NotesFinding => ({
  kind: 'decision',
  decision: `use option ${i}`,
  turn: i,
  speaker: null,
  evidence: `use option ${i}`,
  confidence: 0.8,
});

describe('bounds on a notes proposal', () => {
  it('gives every list of the notes tool maxItems, and a reply over it does not validate', () => {
    const plan = startedPlan();
    plan.adoption_journey = {
      phases: [{ id: 'ph-1', name: 'Start', milestones: [{ id: 'ms-1', title: 'Kickoff', due: '2026-12-02' }] }],
    };
    const tool = notesTool(loadSchema('csp'), loadSchema('decision_log'), plan);
    const props = tool.inputSchema.properties as Record<string, { maxItems?: number }>;
    for (const list of ['decisions', 'actions', 'risks', 'stakeholder_changes', 'milestone_updates'])
      expect(props[list]!.maxItems, list).toBe(MAX_NOTES_ITEMS_PER_KIND);
    const empty = { decisions: [], actions: [], risks: [], stakeholder_changes: [], milestone_updates: [] };
    const many = Array.from({ length: MAX_NOTES_ITEMS_PER_KIND + 1 }, (_, i) => ({
      what: `a${i}`,
      evidence: 'x',
      confidence: 1,
    }));
    expect(schemaErrors(tool.inputSchema, { ...empty, actions: many.slice(0, MAX_NOTES_ITEMS_PER_KIND) })).toEqual([]);
    expect(schemaErrors(tool.inputSchema, { ...empty, actions: many }).join('\n')).toMatch(/actions/);
  });

  it('bounds every tool list by default', () => {
    expect(arrayOf({ type: 'string' })).toEqual({ type: 'array', maxItems: MAX_TOOL_ITEMS, items: { type: 'string' } });
    expect(arrayOf({ type: 'string' }, 1, 5)).toEqual({
      type: 'array',
      minItems: 1,
      maxItems: 5,
      items: { type: 'string' },
    });
  });

  it('holds the rule-based findings to the same bounds: per kind and in all', () => {
    const actions = (n: number) => Array.from({ length: n }, (_, i) => action(i));
    const decisions = (n: number) => Array.from({ length: n }, (_, i) => decision(i));
    expect(notesLimitProblem(actions(MAX_NOTES_ITEMS_PER_KIND))).toBeNull();
    expect(notesLimitProblem(actions(MAX_NOTES_ITEMS_PER_KIND + 1))).toMatch(
      `${MAX_NOTES_ITEMS_PER_KIND + 1} action updates`,
    );
    expect(
      notesLimitProblem([
        ...actions(MAX_NOTES_ITEMS_PER_KIND),
        ...decisions(MAX_NOTES_ITEMS - MAX_NOTES_ITEMS_PER_KIND),
      ]),
    ).toBeNull();
    const all = [
      ...actions(MAX_NOTES_ITEMS_PER_KIND),
      ...decisions(MAX_NOTES_ITEMS_PER_KIND),
      { ...action(999), kind: 'risk', title: 'r', probability: 'low', impact: 'low' } as NotesFinding,
    ];
    expect(notesLimitProblem(all)).toMatch(`${MAX_NOTES_ITEMS + 1} updates`);
  });
});
