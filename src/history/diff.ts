/**
 * Comparing two versions of a CSP section by section (SPEC "History": `csp diff` compares two
 * versions section by section). Items that carry an id (objectives, criteria, milestones, risks,
 * stakeholders...) are matched by id, so a milestone that moved to another phase is "changed
 * (phase ph-1 -> ph-2)", not removed and added again; the other sections are compared field by
 * field. Empty, null and absent count as the same ("nothing there"). Pure: data in, data out;
 * the two plans need not be valid (an old snapshot may predate today's rules).
 */

/** Added, removed or changed. */
export type ChangeKind = 'added' | 'removed' | 'changed';

/** One field that differs: its dotted path inside the section or item, and both values (absent = none). */
export interface FieldChange {
  field: string;
  before?: unknown;
  after?: unknown;
}

/**
 * One change in a section. For items: `id` and `label`, and the item itself in `before`/`after`
 * when it was removed/added, or `fields` when it changed. For a plain section: `field` and the
 * two values.
 */
export interface Change {
  change: ChangeKind;
  id?: string;
  label?: string;
  field?: string;
  before?: unknown;
  after?: unknown;
  fields?: FieldChange[];
}

/** The changes of one section, in document order. */
export interface SectionDiff {
  section: string;
  changes: Change[];
}

/** A whole comparison: the sections that differ (none when the plans say the same). */
export interface PlanDiff {
  sections: SectionDiff[];
  counts: Record<ChangeKind, number>;
}

type Data = Record<string, unknown>;
/** An item of a list section: its id, a human label, and its fields. */
interface Item {
  id: string;
  label: string;
  value: Data;
}
/** How a section is read out of a plan: as items matched by id, or as a map of fields. */
type SectionSpec = { name: string; items: (plan: Data) => Item[] } | { name: string; fields: (plan: Data) => unknown };

const obj = (v: unknown): Data => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Data) : {});
const list = (v: unknown): Data[] =>
  Array.isArray(v) ? v.filter((x): x is Data => !!x && typeof x === 'object' && !Array.isArray(x)) : [];
const without = (v: unknown, ...keys: string[]): Data =>
  Object.fromEntries(Object.entries(obj(v)).filter(([k]) => !keys.includes(k)));
const LABEL_KEYS = ['name', 'title', 'statement', 'criterion', 'what', 'metric', 'activity'];

function items(values: Data[], extra: (v: Data) => Data = () => ({})): Item[] {
  return values
    .filter((v) => typeof v.id === 'string')
    .map((v) => ({
      id: v.id as string,
      label: String(LABEL_KEYS.map((k) => v[k]).find((x) => typeof x === 'string') ?? ''),
      value: { ...v, ...extra(v) },
    }));
}

function phasesOf(plan: Data): Data[] {
  return list(obj(plan.adoption_journey).phases);
}

/** Within a phase, milestones and actions are listed with the phase they belong to. */
function journeyItems(plan: Data, key: 'milestones' | 'actions'): Item[] {
  return phasesOf(plan).flatMap((phase) => items(list(phase[key]), () => ({ phase: phase.id })));
}

/** The sections, in the order of the CSP document (SPEC "The CSP document"). */
const SECTIONS: readonly SectionSpec[] = [
  { name: 'meta', fields: (p) => p.meta },
  { name: 'customer context', fields: (p) => p.customer_context },
  { name: 'stakeholders', items: (p) => items(list(p.stakeholders)) },
  { name: 'objectives', items: (p) => items(list(obj(p.business_outcomes).objectives)) },
  { name: 'business outcomes', fields: (p) => without(p.business_outcomes, 'objectives') },
  { name: 'success criteria', items: (p) => items(list(p.success_criteria)) },
  { name: 'technical evaluation', fields: (p) => p.technical_evaluation },
  { name: 'phases', items: (p) => items(phasesOf(p).map((ph) => without(ph, 'milestones', 'actions'))) },
  { name: 'milestones', items: (p) => journeyItems(p, 'milestones') },
  { name: 'actions', items: (p) => journeyItems(p, 'actions') },
  { name: 'risks', items: (p) => items(list(p.risks)) },
  { name: 'value metrics', items: (p) => items(list(obj(p.value_tracking).metrics)) },
  { name: 'value tracking', fields: (p) => without(p.value_tracking, 'metrics') },
  { name: 'governance', fields: (p) => p.governance },
  { name: 'handoff', fields: (p) => p.handoff },
  { name: 'internal notes', fields: (p) => p.internal_notes },
];
const KNOWN = new Set([
  'schema_version',
  'meta',
  'customer_context',
  'stakeholders',
  'business_outcomes',
  'success_criteria',
  'technical_evaluation',
  'adoption_journey',
  'risks',
  'value_tracking',
  'governance',
  'handoff',
  'internal_notes',
]);

/** Compares plan `a` (before) with plan `b` (after), section by section. */
export function diffPlans(a: unknown, b: unknown): PlanDiff {
  const before = obj(a);
  const after = obj(b);
  const specs: SectionSpec[] = [
    { name: 'schema', fields: (p) => ({ schema_version: p.schema_version }) },
    ...SECTIONS,
    { name: 'other', fields: (p) => Object.fromEntries(Object.entries(p).filter(([k]) => !KNOWN.has(k))) },
  ];
  const sections: SectionDiff[] = [];
  for (const spec of specs) {
    const changes =
      'items' in spec
        ? diffItems(spec.items(before), spec.items(after))
        : diffFields(leaves(spec.fields(before)), leaves(spec.fields(after)));
    if (changes.length > 0) sections.push({ section: spec.name, changes });
  }
  const counts = { added: 0, removed: 0, changed: 0 };
  for (const c of sections.flatMap((s) => s.changes)) counts[c.change]++;
  return { sections, counts };
}

function diffItems(before: Item[], after: Item[]): Change[] {
  const old = new Map(before.map((i) => [i.id, i]));
  const now = new Map(after.map((i) => [i.id, i]));
  const ids = [...new Set([...before.map((i) => i.id), ...after.map((i) => i.id)])];
  const changes: Change[] = [];
  for (const id of ids) {
    const x = old.get(id);
    const y = now.get(id);
    if (x && !y) changes.push({ change: 'removed', id, label: x.label, before: x.value });
    else if (!x && y) changes.push({ change: 'added', id, label: y.label, after: y.value });
    else if (x && y) {
      const fields = diffFields(leaves(without(x.value, 'id')), leaves(without(y.value, 'id'))).map(
        ({ field, before: b, after: a }) => ({
          field: field!,
          ...(b !== undefined ? { before: b } : {}),
          ...(a !== undefined ? { after: a } : {}),
        }),
      );
      if (fields.length > 0) changes.push({ change: 'changed', id, label: y.label || x.label, fields });
    }
  }
  return changes;
}

function diffFields(before: Map<string, unknown>, after: Map<string, unknown>): Change[] {
  const changes: Change[] = [];
  for (const field of new Set([...before.keys(), ...after.keys()])) {
    const x = before.get(field);
    const y = after.get(field);
    if (x === undefined) changes.push({ change: 'added', field, after: y });
    else if (y === undefined) changes.push({ change: 'removed', field, before: x });
    else if (x !== y) changes.push({ change: 'changed', field, before: x, after: y });
  }
  return changes;
}

/**
 * The scalar leaves of a value by dotted path (`owner.name`, `key_results[kr-1].target`,
 * `measurements[2].value`): lists of items with ids are keyed by id, other lists by position.
 * Empty lists, empty maps and nulls leave nothing.
 */
export function leaves(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (value === null || value === undefined) return out;
  if (Array.isArray(value)) {
    const byId =
      value.length > 0 && value.every((v) => v && typeof v === 'object' && typeof (v as Data).id === 'string');
    value.forEach((v, i) => leaves(byId ? without(v, 'id') : v, `${prefix}[${byId ? (v as Data).id : i}]`, out));
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.set(prefix, value);
  }
  return out;
}
