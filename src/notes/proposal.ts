/**
 * From findings to a proposal the user accepts whole or item by item (issue 5 "csp notes"), and
 * from the accepted items to edits of the account's files:
 * - a decision -> decision_log.yaml (dec-N, through add.ts planDecision, with its source);
 * - an action item -> action_tracker.yaml (act-N: title, owner as named in the notes, due,
 *   status open), the account's list of actions (csp sync copies milestones there too); the
 *   owner does not have to be a person of the plan;
 * - a risk -> the CSP's risks (rk-N), owned by the person named or the plan owner, with the
 *   mitigation the notes give or one that asks the owner for it (a plan in finalize needs one);
 * - a milestone status -> that milestone's status (and completed date when done);
 * - a stakeholder change -> a new stakeholder, their `left` date, or their engagement.
 * The generation record (engine, model, source file, items) goes to the plan's meta.generation.
 * Nothing else is ever edited: notesEditsOutside() names any edit that would be. Pure.
 */
import { append, appendAll, getAt, set, type Edit } from '../domain/edit.js';
import type { IsoDate } from '../domain/dates.js';
import { planDecision } from '../domain/add.js';
import { idsWithPrefix, milestonesOf, nextId, peopleOf, type Plan } from '../domain/plan.js';
import type { ActionTracker, DecisionLog, GenerationRecord } from '../domain/types.gen.js';
import { textOf, type DecisionFinding, type NotesFinding, type StakeholderFinding } from './extract.js';

/** Which file an item changes. */
export type NotesTarget = 'csp' | 'action_tracker' | 'decision_log';

/** One proposed update, with the id the user accepts it by (n-1, n-2...). */
export interface NotesItem {
  id: string;
  finding: NotesFinding;
  target: NotesTarget;
  /** One line for the list ("decision: ...", "milestone ms-3 -> done"). */
  summary: string;
}

/**
 * The proposal: every finding that would change something, numbered. Milestone updates to an
 * unknown milestone or to the status it already has, and stakeholder changes that do not apply
 * (someone who already left, a "new" person who is already a stakeholder), are dropped.
 */
export function proposeItems(findings: readonly NotesFinding[], plan: Plan): NotesItem[] {
  const stakeholders = plan.stakeholders ?? [];
  const byName = (name: string) =>
    stakeholders.find(
      (s) => s.name.toLowerCase() === name.toLowerCase() || s.name.toLowerCase().split(/\s+/)[0] === name.toLowerCase(),
    );
  const milestones = milestonesOf(plan);
  const items: NotesItem[] = [];
  for (const f of findings) {
    let target: NotesTarget = 'csp';
    let summary: string;
    switch (f.kind) {
      case 'decision':
        target = 'decision_log';
        summary = `decision: ${f.decision}`;
        break;
      case 'action':
        target = 'action_tracker';
        summary = `action: ${f.what}${f.who ? ` (owner: ${f.who}` : ' (no owner named'}${f.when ? `, due ${f.when})` : ')'}`;
        break;
      case 'risk':
        summary = `risk: ${f.title} (${f.probability} probability, ${f.impact} impact)`;
        break;
      case 'milestone': {
        const m = milestones.find((x) => x.milestone.id === f.milestone);
        if (!m || m.milestone.status === f.status) continue;
        summary = `milestone ${m.milestone.id} "${m.milestone.title}": ${m.milestone.status ?? 'not_started'} -> ${f.status}`;
        break;
      }
      case 'stakeholder': {
        const known = byName(f.name);
        if (f.change === 'added' && known) continue;
        if ((f.change === 'left' || f.change === 'engagement') && !known) continue;
        if (f.change === 'left' && known?.left) continue;
        if (f.change === 'engagement' && known?.engagement === f.engagement) continue;
        summary =
          f.change === 'added'
            ? `new stakeholder: ${f.name}${f.title ? `, ${f.title}` : ''}`
            : f.change === 'left'
              ? `stakeholder ${known!.id} ${known!.name} left`
              : `stakeholder ${known!.id} ${known!.name}: engagement ${known!.engagement ?? 'unknown'} -> ${f.engagement}`;
        break;
      }
    }
    items.push({ id: `n-${items.length + 1}`, finding: f, target, summary });
  }
  return items;
}

/**
 * At most this many updates of one kind (decisions, actions, risks, milestone updates,
 * stakeholder changes) in one proposal: the maxItems of each list of the model's tool, and the
 * same bound on the rule-based extractor (issue 19: an unbounded reply held the account lock for a minute).
 */
export const MAX_NOTES_ITEMS_PER_KIND = 100;
/** At most this many updates in one proposal, all kinds together. */
export const MAX_NOTES_ITEMS = 200;

/** Why a proposal is too big to apply at once (one line), or null. */
export function notesLimitProblem(findings: readonly NotesFinding[]): string | null {
  if (findings.length > MAX_NOTES_ITEMS)
    return `${findings.length} updates, more than the ${MAX_NOTES_ITEMS} csp notes takes at once`;
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  const over = [...counts].find(([, n]) => n > MAX_NOTES_ITEMS_PER_KIND);
  return over
    ? `${over[1]} ${over[0]} updates, more than the ${MAX_NOTES_ITEMS_PER_KIND} of one kind csp notes takes at once`
    : null;
}

/** The documents the items change, as read. */
export interface NotesDocuments {
  plan: Plan;
  tracker?: ActionTracker;
  log?: DecisionLog;
}

/** Where the proposal came from. */
export interface NotesSource {
  /** The notes file as shown to the user. */
  file: string;
  meetingDate: IsoDate;
  today: IsoDate;
  engine: 'anthropic' | 'offline';
  model: string | null;
}

/** The edits of the accepted items, per file, and the ids they create. */
export interface NotesChange {
  edits: Record<NotesTarget, Edit[]>;
  /** Item id -> the id of what it created or changed (dec-2, act-1, rk-4, ms-3, sh-5). */
  created: Record<string, string>;
  record: GenerationRecord | null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A person of the plan named in the notes: by id, full name, or a first name only one of them has. */
function personOf(plan: Plan, ref: string | undefined): string | undefined {
  if (!ref) return undefined;
  const exact = peopleOf(plan).resolve(ref)?.name;
  if (exact) return exact;
  const first = ref.trim().toLowerCase();
  const names = [...(plan.stakeholders ?? []).map((s) => s.name), plan.meta.owner.name].filter(
    (n, i, all) => all.indexOf(n) === i,
  );
  const matches = names.filter((n) => n.toLowerCase().split(/\s+/)[0] === first);
  return matches.length === 1 ? matches[0] : undefined;
}

/** What notesEdits threads through the items: the edits so far, and the decision log as it grows. */
interface NotesState {
  plan: Plan;
  source: NotesSource;
  /** The notes file and meeting date, as quoted in the items' sources. */
  from: string;
  edits: Record<NotesTarget, Edit[]>;
  log: DecisionLog;
  /** The stakeholder ids given so far (the plan's and the new ones). */
  shIds: string[];
}

/** The AI marks of an item of the given confidence (rounded to two places). */
const aiMarks = (confidence: number) => ({ ai_generated: true, ai_confidence: round2(confidence) });

/** Appends a decision to the log (state.log grows by it); returns its id (dec-N). */
function addDecision(state: NotesState, f: DecisionFinding): string {
  const { plan, source } = state;
  const added = planDecision(
    plan,
    state.log,
    {
      decision: f.decision.slice(0, 2000),
      ...(f.rationale ? { rationale: f.rationale } : {}),
      ...(f.decidedBy ? { 'decided-by': f.decidedBy.slice(0, 200) } : {}),
      date: source.meetingDate,
    },
    source.today,
  );
  const value = {
    ...(added.edits[0] as { value: Record<string, unknown> }).value,
    source: `notes ${state.from}`.slice(0, 500),
    ...aiMarks(f.confidence),
  };
  state.edits.decision_log.push(append(['decisions'], value));
  state.log = { ...state.log, decisions: [...state.log.decisions, value as DecisionLog['decisions'][number]] };
  return added.id;
}

/**
 * Adds a stakeholder, or marks one (by full or first name, any case) as left or changes their
 * engagement; returns the stakeholder's id, undefined when the one named is not in the plan.
 */
function addStakeholder(state: NotesState, f: StakeholderFinding): string | undefined {
  const stakeholders = state.plan.stakeholders ?? [];
  const index = stakeholders.findIndex(
    (s) =>
      s.name.toLowerCase() === f.name.toLowerCase() || s.name.toLowerCase().split(/\s+/)[0] === f.name.toLowerCase(),
  );
  if (f.change === 'added') {
    const id = nextId('sh', state.shIds);
    state.shIds.push(id);
    state.edits.csp.push(
      append(['stakeholders'], {
        id,
        name: f.name.slice(0, 200),
        ...(f.title ? { title: f.title.slice(0, 500) } : {}),
        side: 'customer',
        role: f.role ?? 'other',
        ...aiMarks(f.confidence),
      }),
    );
    return id;
  }
  if (index < 0) return undefined;
  state.edits.csp.push(
    f.change === 'left'
      ? set(['stakeholders', index, 'left'], state.source.meetingDate)
      : set(['stakeholders', index, 'engagement'], f.engagement),
  );
  return stakeholders[index].id;
}

/** The generation record of the applied items (null when there are none). */
function notesRecord(
  items: readonly NotesItem[],
  created: Record<string, string>,
  source: NotesSource,
): GenerationRecord | null {
  if (items.length === 0) return null;
  return {
    date: source.today,
    command: 'notes',
    engine: source.engine,
    model: source.model,
    sections: [...new Set(items.map((i) => i.finding.kind))],
    inputs: [`notes ${source.file}`],
    confidence: round2(items.reduce((n, i) => n + i.finding.confidence, 0) / items.length),
    items: items.map((i) => created[i.id]).filter(Boolean),
    source: source.file.slice(0, 500),
  };
}

/** Builds the edits of the accepted items (in their order). */
export function notesEdits(items: readonly NotesItem[], docs: NotesDocuments, source: NotesSource): NotesChange {
  const { plan } = docs;
  const edits: Record<NotesTarget, Edit[]> = { csp: [], action_tracker: [], decision_log: [] };
  const created: Record<string, string> = {};
  const from = `${source.file} (${source.meetingDate})`;
  const trackerIds = (docs.tracker?.actions ?? []).map((a) => a.id).filter((id) => /^act-\d+$/.test(id));
  const riskIds = idsWithPrefix(plan, 'rk');
  const state: NotesState = {
    plan,
    source,
    from,
    edits,
    log: docs.log ?? { schema_version: 1, account: plan.meta.account, decisions: [] },
    shIds: idsWithPrefix(plan, 'sh'),
  };

  for (const item of items) {
    const f = item.finding;
    switch (f.kind) {
      case 'decision':
        created[item.id] = addDecision(state, f);
        break;
      case 'action': {
        const id = nextId('act', trackerIds);
        trackerIds.push(id);
        const owner = f.who ? (personOf(plan, f.who) ?? f.who) : undefined;
        edits.action_tracker.push(
          append(['actions'], {
            id,
            title: f.what.slice(0, 1000),
            ...(owner ? { owner: owner.slice(0, 200) } : {}),
            due: f.when ?? null,
            status: 'open',
            notes: `From the meeting notes ${from}: "${f.evidence.slice(0, 500)}"`,
            ...aiMarks(f.confidence),
          }),
        );
        created[item.id] = id;
        break;
      }
      case 'risk': {
        const id = nextId('rk', riskIds);
        riskIds.push(id);
        const owner = personOf(plan, f.owner) ?? plan.meta.owner.name;
        edits.csp.push(
          append(['risks'], {
            id,
            title: f.title.slice(0, 500),
            probability: f.probability,
            impact: f.impact,
            mitigation:
              f.mitigation ??
              `${owner} to propose a mitigation at the next check-in (raised in the meeting of ${source.meetingDate})`,
            analysis: `Raised in the meeting notes ${from}: "${f.evidence.slice(0, 1000)}"`,
            owner,
            status: 'open',
            ...aiMarks(f.confidence),
          }),
        );
        created[item.id] = id;
        break;
      }
      case 'milestone': {
        const located = milestonesOf(plan).find((m) => m.milestone.id === f.milestone);
        if (!located) break;
        edits.csp.push(set([...located.path, 'status'], f.status));
        if (f.status === 'done') edits.csp.push(set([...located.path, 'completed'], source.meetingDate));
        created[item.id] = f.milestone;
        break;
      }
      case 'stakeholder': {
        const id = addStakeholder(state, f);
        if (id !== undefined) created[item.id] = id;
        break;
      }
    }
  }
  // NOTE: many appends to one list become one edit (appendAll): a faster, smaller YAML splice.
  const docsData: Record<NotesTarget, unknown> = {
    csp: plan,
    action_tracker: docs.tracker ?? { actions: [] },
    decision_log: docs.log ?? { decisions: [] },
  };
  for (const target of Object.keys(edits) as NotesTarget[]) edits[target] = coalesce(docsData[target], edits[target]);
  const record = notesRecord(items, created, source);
  if (record) edits.csp.push(...appendAll(plan, ['meta', 'generation'], [record]));
  return { edits, created, record };
}

/** Groups the appends to each list (in order) into appendAll edits; other edits keep their place. */
function coalesce(data: unknown, edits: readonly Edit[]): Edit[] {
  const out: Edit[] = [];
  const lists = new Map<string, { path: Edit['path']; items: unknown[] }>();
  for (const e of edits) {
    if (e.op !== 'append') {
      out.push(e);
      continue;
    }
    const key = JSON.stringify(e.path);
    const list = lists.get(key) ?? { path: e.path, items: [] };
    list.items.push(e.value);
    lists.set(key, list);
  }
  for (const { path, items } of lists.values()) out.push(...appendAll(data, path, items));
  return out;
}

/**
 * Edits a notes proposal must never make: anything but adding decisions and tracker actions,
 * adding risks and stakeholders, a milestone's status or completed date, a stakeholder's left
 * date or engagement, and the generation record. A whole list may be set only where it was empty.
 * [] for a proposal built by notesEdits.
 */
export function notesEditsOutside(
  change: NotesChange,
  docs: NotesDocuments,
): Array<{ target: NotesTarget; edit: Edit }> {
  const data: Record<NotesTarget, unknown> = {
    csp: docs.plan,
    action_tracker: docs.tracker ?? {},
    decision_log: docs.log ?? {},
  };
  const lists: Record<NotesTarget, string[][]> = {
    decision_log: [['decisions']],
    action_tracker: [['actions']],
    csp: [['risks'], ['stakeholders'], ['meta', 'generation']],
  };
  const isList = (target: NotesTarget, e: Edit) =>
    lists[target].some((l) => l.length === e.path.length && l.every((k, i) => e.path[i] === k));
  const adds = (target: NotesTarget, e: Edit) => {
    if (!isList(target, e)) return false;
    if (e.op === 'append') return true;
    const current = getAt(data[target], e.path);
    return (
      e.op === 'set' &&
      Array.isArray(e.value) &&
      (current === undefined || current === null || (Array.isArray(current) && current.length === 0))
    );
  };
  const ok = (target: NotesTarget, e: Edit) => {
    if (adds(target, e)) return true;
    if (target !== 'csp' || e.op !== 'set') return false;
    const p = e.path;
    if (p.length === 6 && p[0] === 'adoption_journey' && p[1] === 'phases' && p[3] === 'milestones')
      return p[5] === 'status' || p[5] === 'completed';
    return (
      p.length === 3 &&
      p[0] === 'stakeholders' &&
      typeof p[1] === 'number' &&
      (p[2] === 'left' || p[2] === 'engagement')
    );
  };
  return (Object.keys(change.edits) as NotesTarget[]).flatMap((target) =>
    change.edits[target].filter((e) => !ok(target, e)).map((edit) => ({ target, edit })),
  );
}

export { textOf };
