/**
 * `csp remove <kind> <account> <id>`: the edits that take one item out of a plan (or a decision out
 * of decision_log.yaml), and what still refers to it. Every kind `csp add` creates can be removed.
 * What refers to an item: actions' `depends_on` (milestones, actions), value metrics' `linked_to`
 * (key results, criteria), decisions' `objective` and `links` (any id), owners (stakeholders: by id
 * or by a name only they carry), and a phase's own milestones and actions. A removal with
 * references is refused; `cascade` removes the references too (the entries of depends_on and
 * links, the linked_to and objective fields, a phase's milestones and actions), except owners:
 * an owner must be reassigned first (a milestone without one is invalid). Synced copies in the
 * tracker and register are not references: csp sync marks them cancelled / closed. Pure.
 */
import { applyEditsToData, getAt, remove, type DocPath, type Edit } from './edit.js';
import { actionsOf, milestonesOf, peopleOf, type Plan } from './plan.js';
import { ADD_KINDS, type AddKind } from './add.js';
import type { DecisionLog } from './types.gen.js';

/** A kind csp remove takes: every kind csp add creates. */
export type RemoveKind = AddKind | 'decision';

/** Every kind, for help texts and argument checks. */
export const REMOVE_KINDS: readonly RemoveKind[] = ADD_KINDS;

/** An id that names nothing of its kind; carries what is known. */
export class RemoveError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Something that refers to the item being removed. */
export interface Reference {
  /** The document the reference is in. */
  file: 'csp' | 'decision_log';
  /** The referring item (ac-2, vm-1, dec-3, ms-4...). */
  from: string;
  /** Where, as `csp set` accepts it for the plan (adoption_journey.phases.ph-1.actions.ac-2.depends_on). */
  field: string;
  /** "action ac-2 depends on ms-3". */
  description: string;
  /** The edit that cuts the reference with --cascade; undefined when it cannot be cut (an owner). */
  cut?: Edit;
  /** For owners: a command that reassigns it, with <placeholders>. */
  fix?: string;
}

/** What removing decided. */
export interface Removal {
  kind: RemoveKind;
  /** The id as resolved (ms-3, vm-1@2026-12-31, a resource's text, a RACI activity). */
  id: string;
  summary: string;
  /** Every id that leaves with it (a phase's milestones and actions, an objective's key results). */
  removed: string[];
  references: Reference[];
  /** Edits of csp.yaml and of decision_log.yaml (empty when nothing changes there). */
  planEdits: Edit[];
  logEdits: Edit[];
  /** Whether the removal is refused: references and no cascade, or a reference cascade cannot cut. */
  refused: boolean;
}

type Located = { path: DocPath; id: string; summary: string; children: string[] };

/** What a locator is asked: the plan, the decision log, the id as given and the --date. */
type Lookup = { plan: Plan; log: DecisionLog | undefined; ref: string; date: string | undefined };

const idOf = (x: unknown): string | undefined => {
  const id = (x as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
};

/** The known ids as a comma-separated list, or "none". */
const known = (ids: string[]): string => ids.join(', ') || 'none';

/** Never returns: throws the RemoveError for an id that names no `what`, listing the known ids. */
function miss(q: Lookup, what: string, ids: string[]): never {
  throw new RemoveError(`${q.plan.meta.account} has no ${what} ${q.ref}`, `known: ${known(ids)}`);
}

/** True when `name` is `ref` up to case and surrounding spaces. */
const sameName = (name: string, ref: string): boolean => name.trim().toLowerCase() === ref.trim().toLowerCase();

/** The stakeholder named by id or by name. */
function locateStakeholder(q: Lookup): Located {
  const list = q.plan.stakeholders ?? [];
  const i = list.findIndex((s) => s.id === q.ref || sameName(s.name, q.ref));
  if (i === -1)
    miss(
      q,
      'stakeholder',
      list.map((s) => `${s.id} (${s.name})`),
    );
  return {
    path: ['stakeholders', i],
    id: list[i].id,
    summary: `stakeholder ${list[i].id} ${list[i].name}`,
    children: [],
  };
}

/** The objective, with its key results as children. */
function locateObjective(q: Lookup): Located {
  const { ref } = q;
  const list = q.plan.business_outcomes?.objectives ?? [];
  const i = list.findIndex((o) => o.id === ref);
  if (i === -1)
    miss(
      q,
      'objective',
      list.map((o) => o.id),
    );
  return {
    path: ['business_outcomes', 'objectives', i],
    id: ref,
    summary: `objective ${ref}: ${list[i].statement}`,
    children: (list[i].key_results ?? []).map((k) => k.id),
  };
}

/** The key result, in whichever objective holds it. */
function locateKeyResult(q: Lookup): Located {
  const { ref } = q;
  const list = q.plan.business_outcomes?.objectives ?? [];
  for (const [o, obj] of list.entries()) {
    const k = (obj.key_results ?? []).findIndex((kr) => kr.id === ref);
    if (k !== -1)
      return {
        path: ['business_outcomes', 'objectives', o, 'key_results', k],
        id: ref,
        summary: `key result ${ref} of ${obj.id}: ${obj.key_results![k].metric}`,
        children: [],
      };
  }
  return miss(
    q,
    'key result',
    list.flatMap((o) => (o.key_results ?? []).map((k) => k.id)),
  );
}

/** The success criterion. */
function locateCriterion(q: Lookup): Located {
  const { ref } = q;
  const list = q.plan.success_criteria ?? [];
  const i = list.findIndex((c) => c.id === ref);
  if (i === -1)
    miss(
      q,
      'success criterion',
      list.map((c) => c.id),
    );
  return {
    path: ['success_criteria', i],
    id: ref,
    summary: `success criterion ${ref}: ${list[i].criterion}`,
    children: [],
  };
}

/** The phase named by id or by name, with its milestones and actions as children. */
function locatePhase(q: Lookup): Located {
  const phases = q.plan.adoption_journey?.phases ?? [];
  const i = phases.findIndex((p) => p.id === q.ref || sameName(p.name, q.ref));
  if (i === -1)
    miss(
      q,
      'phase',
      phases.map((p) => `${p.id} (${p.name})`),
    );
  const children = [...(phases[i].milestones ?? []).map((m) => m.id), ...(phases[i].actions ?? []).map((a) => a.id)];
  return {
    path: ['adoption_journey', 'phases', i],
    id: phases[i].id,
    summary: `phase ${phases[i].id}: ${phases[i].name}`,
    children,
  };
}

/** The milestone, in whichever phase holds it. */
function locateMilestone(q: Lookup): Located {
  const { plan, ref } = q;
  const found = milestonesOf(plan).find((m) => m.milestone.id === ref);
  if (!found)
    return miss(
      q,
      'milestone',
      milestonesOf(plan).map((m) => m.milestone.id),
    );
  return {
    path: found.path,
    id: ref,
    summary: `milestone ${ref} in ${found.phaseId}: ${found.milestone.title}`,
    children: [],
  };
}

/** The action, in whichever phase holds it. */
function locateAction(q: Lookup): Located {
  const { plan, ref } = q;
  const found = actionsOf(plan).find((a) => a.action.id === ref);
  if (!found)
    return miss(
      q,
      'action',
      actionsOf(plan).map((a) => a.action.id),
    );
  return {
    path: found.path,
    id: ref,
    summary: `action ${ref} in ${found.phaseId}: ${found.action.what}`,
    children: [],
  };
}

/** The risk. */
function locateRisk(q: Lookup): Located {
  const { ref } = q;
  const list = q.plan.risks ?? [];
  const i = list.findIndex((r) => r.id === ref);
  if (i === -1)
    miss(
      q,
      'risk',
      list.map((r) => r.id),
    );
  return { path: ['risks', i], id: ref, summary: `risk ${ref}: ${list[i].title}`, children: [] };
}

/** The value metric. */
function locateMetric(q: Lookup): Located {
  const { ref } = q;
  const list = q.plan.value_tracking?.metrics ?? [];
  const i = list.findIndex((m) => m.id === ref);
  if (i === -1)
    miss(
      q,
      'value metric',
      list.map((m) => m.id),
    );
  return {
    path: ['value_tracking', 'metrics', i],
    id: ref,
    summary: `value metric ${ref}: ${list[i].name}`,
    children: [],
  };
}

/** The measurement named `vm-1@2026-12-31`, or `vm-1` with --date (the last one on that date). */
function locateMeasurement(q: Lookup): Located {
  const account = q.plan.meta.account;
  const [metricId, at = q.date] = q.ref.split('@');
  const list = q.plan.value_tracking?.metrics ?? [];
  const m = list.findIndex((x) => x.id === metricId);
  if (m === -1) {
    throw new RemoveError(
      `${account} has no value metric ${metricId}`,
      `known: ${known(list.map((x) => x.id))}; name a measurement as <metric>@<date>, e.g. vm-1@2026-12-31`,
    );
  }
  const dates = (list[m].measurements ?? []).map((x) => x.date);
  if (!at)
    throw new RemoveError(
      `name the measurement of ${metricId} by its date: ${metricId}@YYYY-MM-DD (or --date)`,
      `its measurements: ${known(dates.map((d) => `${metricId}@${d}`))}`,
    );
  const k = dates.lastIndexOf(at);
  if (k === -1)
    throw new RemoveError(
      `${metricId} of ${account} has no measurement on ${at}`,
      `its measurements: ${known(dates.map((d) => `${metricId}@${d}`))}`,
    );
  return {
    path: ['value_tracking', 'metrics', m, 'measurements', k],
    id: `${metricId}@${at}`,
    summary: `measurement of ${metricId} on ${at}: ${list[m].measurements![k].value}`,
    children: [],
  };
}

/** The technical evaluation resource named by its text or by its 1-based number. */
function locateResource(q: Lookup): Located {
  const { ref } = q;
  const list = (q.plan.technical_evaluation?.resources ?? []) as unknown[];
  const byNumber = /^[1-9][0-9]*$/.test(ref) ? Number(ref) - 1 : -1;
  const i = list.findIndex((r) => String(r).trim() === ref.trim());
  const at = i !== -1 ? i : byNumber < list.length ? byNumber : -1;
  if (at === -1)
    miss(
      q,
      'technical evaluation resource',
      list.map((r, n) => `${n + 1} "${String(r)}"`),
    );
  return {
    path: ['technical_evaluation', 'resources', at],
    id: String(list[at]),
    summary: `resource: ${String(list[at])}`,
    children: [],
  };
}

/** The RACI row named by its activity. */
function locateRaci(q: Lookup): Located {
  const list = q.plan.governance?.raci ?? [];
  const i = list.findIndex((r) => sameName(String(r.activity), q.ref));
  if (i === -1)
    miss(
      q,
      'RACI activity',
      list.map((r) => `"${r.activity}"`),
    );
  return {
    path: ['governance', 'raci', i],
    id: String(list[i].activity),
    summary: `RACI row: ${list[i].activity}`,
    children: [],
  };
}

/** The decision in decision_log.yaml. */
function locateDecision(q: Lookup): Located {
  const { ref } = q;
  const list = q.log?.decisions ?? [];
  const i = list.findIndex((d) => d.id === ref);
  if (i === -1)
    miss(
      q,
      'decision',
      list.map((d) => d.id),
    );
  return { path: ['decisions', i], id: ref, summary: `decision ${ref}: ${list[i].decision}`, children: [] };
}

/** One locator per kind: each finds its item or throws RemoveError naming the known ids. */
const LOCATORS: Record<RemoveKind, (q: Lookup) => Located> = {
  stakeholder: locateStakeholder,
  objective: locateObjective,
  'key-result': locateKeyResult,
  criterion: locateCriterion,
  phase: locatePhase,
  milestone: locateMilestone,
  action: locateAction,
  risk: locateRisk,
  metric: locateMetric,
  measurement: locateMeasurement,
  resource: locateResource,
  raci: locateRaci,
  decision: locateDecision,
};

/** Finds the item to remove; throws RemoveError naming the known ids when there is none. */
function locate(
  plan: Plan,
  log: DecisionLog | undefined,
  kind: RemoveKind,
  ref: string,
  date: string | undefined,
): Located {
  return LOCATORS[kind]({ plan, log, ref, date });
}

/** True when `path` lies inside (or is) `prefix`. */
const within = (path: DocPath, prefix: DocPath): boolean =>
  prefix.length <= path.length && prefix.every((k, i) => path[i] === k);

/** The `csp set` path of a plan location: list items by their id where they have one. */
function fieldPath(data: unknown, path: DocPath): string {
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    if (typeof key === 'number') {
      const id = idOf(getAt(data, path.slice(0, i + 1)));
      parts.push(id ?? String(key));
    } else parts.push(key);
  }
  return parts.join('.');
}

/**
 * Owner fields of a plan (the places rules.ts checks against the plan's people), with their
 * paths and the item they belong to.
 */
function ownerFields(plan: Plan): Array<{ path: DocPath; value: string; item: string }> {
  const out: Array<{ path: DocPath; value: string; item: string }> = [];
  const add = (path: DocPath, value: unknown, item: string) => {
    if (typeof value === 'string' && value.trim() !== '') out.push({ path, value, item });
  };
  for (const { milestone, path } of milestonesOf(plan))
    add([...path, 'owner'], milestone.owner, `milestone ${milestone.id}`);
  for (const { action, path } of actionsOf(plan)) add([...path, 'who'], action.who, `action ${action.id}`);
  (plan.risks ?? []).forEach((r, i) => add(['risks', i, 'owner'], r.owner, `risk ${r.id}`));
  (plan.business_outcomes?.objectives ?? []).forEach((o, i) => {
    add(['business_outcomes', 'objectives', i, 'owner'], o.owner, `objective ${o.id}`);
    (o.key_results ?? []).forEach((k, j) =>
      add(['business_outcomes', 'objectives', i, 'key_results', j, 'owner'], k.owner, `key result ${k.id}`),
    );
  });
  (plan.governance?.customer_reviews ?? []).forEach((r, i) =>
    add(['governance', 'customer_reviews', i, 'with'], r.with, `the customer review of ${r.date}`),
  );
  if (plan.meta.customer_sign_off)
    add(['meta', 'customer_sign_off', 'by'], plan.meta.customer_sign_off.by, 'the customer sign-off');
  return out;
}

/** What the reference finders share: the plan, the log, the kind and item removed, and every id leaving. */
type Removing = {
  plan: Plan;
  log: DecisionLog | undefined;
  kind: RemoveKind;
  target: Located;
  /** Ids whose references count (none for a measurement, a resource or a RACI row). */
  gone: Set<string>;
};

/** A phase's own milestones and actions: they leave with the phase's own delete. */
function phaseMembers({ plan, target }: Removing): Reference[] {
  const phase = plan.adoption_journey!.phases![target.path[2] as number];
  // NOTE: these go with the phase's own delete, so there is nothing separate to cut.
  const cut: Edit = { op: 'delete', path: target.path };
  return [
    ...(phase.milestones ?? []).map((m) => ({
      file: 'csp' as const,
      from: m.id,
      field: `adoption_journey.phases.${phase.id}.milestones.${m.id}`,
      description: `milestone ${m.id} "${m.title}" is in phase ${phase.id}`,
      cut,
    })),
    ...(phase.actions ?? []).map((a) => ({
      file: 'csp' as const,
      from: a.id,
      field: `adoption_journey.phases.${phase.id}.actions.${a.id}`,
      description: `action ${a.id} "${a.what}" is in phase ${phase.id}`,
      cut,
    })),
  ];
}

/** Actions outside the item whose depends_on names a leaving milestone or action. */
function dependsOnRefs({ plan, target, gone }: Removing): Reference[] {
  const out: Reference[] = [];
  for (const { action, path } of actionsOf(plan)) {
    if (within(path, target.path)) continue;
    (action.depends_on ?? []).forEach((dep, d) => {
      if (gone.has(dep))
        out.push({
          file: 'csp',
          from: action.id,
          field: `${fieldPath(plan, path)}.depends_on`,
          description: `action ${action.id} depends on ${dep}`,
          cut: remove([...path, 'depends_on', d]),
        });
    });
  }
  return out;
}

/** Value metrics outside the item whose linked_to names a leaving key result or criterion. */
function linkedToRefs({ plan, target, gone }: Removing): Reference[] {
  const out: Reference[] = [];
  (plan.value_tracking?.metrics ?? []).forEach((m, i) => {
    if (m.linked_to && gone.has(m.linked_to) && !within(['value_tracking', 'metrics', i], target.path)) {
      out.push({
        file: 'csp',
        from: m.id,
        field: `value_tracking.metrics.${m.id}.linked_to`,
        description: `value metric ${m.id} is linked to ${m.linked_to}`,
        cut: remove(['value_tracking', 'metrics', i, 'linked_to']),
      });
    }
  });
  return out;
}

/** Owners that name the stakeholder and name nobody once it is gone; they cannot be cut, only reassigned. */
function ownerRefs({ plan, target }: Removing): Reference[] {
  const after = peopleOf(applyEditsToData(plan, [remove(target.path)]));
  const before = peopleOf(plan);
  const out: Reference[] = [];
  for (const owner of ownerFields(plan)) {
    if (before.resolve(owner.value)?.stakeholder?.id === target.id && !after.resolve(owner.value)) {
      const field = fieldPath(plan, owner.path);
      out.push({
        file: 'csp',
        from: owner.item.split(' ').pop()!,
        field,
        description: `${owner.item} is owned by ${owner.value}`,
        fix: `csp set ${plan.meta.account} ${field} "<name>"`,
      });
    }
  }
  return out;
}

/** Decisions (other than the one removed) whose objective or links name a leaving id. */
function decisionRefs({ log, kind, target, gone }: Removing): Reference[] {
  const inLog = kind === 'decision';
  const out: Reference[] = [];
  (log?.decisions ?? []).forEach((d, i) => {
    if (inLog && i === target.path[1]) return;
    if (typeof d.objective === 'string' && gone.has(d.objective) && !inLog) {
      out.push({
        file: 'decision_log',
        from: d.id,
        field: `decisions.${d.id}.objective`,
        description: `decision ${d.id} serves ${d.objective}`,
        cut: remove(['decisions', i, 'objective']),
      });
    }
    (d.links ?? []).forEach((link, l) => {
      if (gone.has(String(link).trim()))
        out.push({
          file: 'decision_log',
          from: d.id,
          field: `decisions.${d.id}.links`,
          description: `decision ${d.id} links ${link}`,
          cut: remove(['decisions', i, 'links', l]),
        });
    });
  });
  return out;
}

/** Every reference to the item, in the order they are reported: phase members, plan fields, decisions. */
function referencesTo(r: Removing): Reference[] {
  const inLog = r.kind === 'decision';
  return [
    ...(r.kind === 'phase' ? phaseMembers(r) : []),
    ...(inLog ? [] : dependsOnRefs(r)),
    ...(inLog ? [] : linkedToRefs(r)),
    ...(!inLog && r.kind === 'stakeholder' ? ownerRefs(r) : []),
    ...decisionRefs(r),
  ];
}

/** The ordered edits of csp.yaml and decision_log.yaml: the item's own delete and the cuts of its references. */
function removalEdits(
  target: Located,
  inLog: boolean,
  references: Reference[],
): { planEdits: Edit[]; logEdits: Edit[] } {
  const own = remove(target.path);
  const cuts = references
    .map((r) => ({ file: r.file, edit: r.cut! }))
    .filter((c) => c.edit !== undefined && !(c.edit.op === 'delete' && c.edit.path === target.path));
  const planEdits = order([...(inLog ? [] : [own]), ...cuts.filter((c) => c.file === 'csp').map((c) => c.edit)]);
  const logEdits = order([
    ...(inLog ? [own] : []),
    ...cuts.filter((c) => c.file === 'decision_log').map((c) => c.edit),
  ]);
  return { planEdits, logEdits };
}

/**
 * Decides a removal: the item (by kind and id; a measurement as `<metric>@<date>` or with `date`),
 * what refers to it, and the edits. Throws RemoveError when nothing of that kind has the id.
 * The result is `refused` when references remain that `cascade` is not allowed, or cannot, cut.
 */
export function planRemove(
  plan: Plan,
  log: DecisionLog | undefined,
  kind: RemoveKind,
  ref: string,
  options: { cascade?: boolean; date?: string } = {},
): Removal {
  const target = locate(plan, log, kind, ref.trim(), options.date);
  const inLog = kind === 'decision';
  const removed = [target.id, ...target.children];
  const gone = new Set(kind === 'measurement' || kind === 'resource' || kind === 'raci' ? [] : removed);
  const references = referencesTo({ plan, log, kind, target, gone });
  const refused = references.length > 0 && (!options.cascade || references.some((r) => !r.cut));
  const edits = refused ? { planEdits: [], logEdits: [] } : removalEdits(target, inLog, references);
  return { kind, id: target.id, summary: target.summary, removed, references, ...edits, refused };
}

/**
 * Deletes in an order where each path still means what it meant when it was computed: later list
 * indexes first, and inside one item its deeper paths before the item itself.
 */
function order(edits: Edit[]): Edit[] {
  const cmp = (a: DocPath, b: DocPath): number => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (a[i] === b[i]) continue;
      if (typeof a[i] === 'number' && typeof b[i] === 'number') return (b[i] as number) - (a[i] as number);
      return String(a[i]) < String(b[i]) ? -1 : 1;
    }
    return b.length - a.length;
  };
  return [...edits].sort((x, y) => cmp(x.path, y.path));
}
