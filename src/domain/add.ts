/**
 * `csp add <kind>`: one new item with a stable id (the next free one for its prefix), as edits.
 * The kinds and their fields follow the schema (SPEC "The CSP document"); references (owners,
 * phases, objectives, metrics) are resolved here so a mistake is reported before anything is
 * written. Pure: plan and input in, edits out.
 */
import { append, type Edit } from './edit.js';
import { isIsoDate, type IsoDate } from './dates.js';
import { idsWithPrefix, nextId, peopleOf, type Plan } from './plan.js';
import type { DecisionLog } from './types.gen.js';

/** A kind of item csp add creates in the CSP. */
export type AddKind =
  | 'stakeholder'
  | 'objective'
  | 'key-result'
  | 'criterion'
  | 'phase'
  | 'milestone'
  | 'action'
  | 'risk'
  | 'metric'
  | 'measurement'
  | 'resource'
  | 'raci';

/** Every kind, for help texts and argument checks (decision writes decision_log.yaml). */
export const ADD_KINDS: readonly (AddKind | 'decision')[] = [
  'stakeholder',
  'objective',
  'key-result',
  'criterion',
  'phase',
  'milestone',
  'action',
  'risk',
  'metric',
  'measurement',
  'resource',
  'raci',
  'decision',
];

/** A reference or value the user gave that cannot be used; names the flag to fix. */
export class AddError extends Error {
  constructor(
    message: string,
    readonly flag?: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The values `csp add` collects, by flag name. Strings as typed; the builders convert. */
export type AddInput = Record<string, string | string[] | boolean | undefined>;

/** What adding produced: the new id, the edits, and a one-line description. */
export interface Added {
  id: string;
  edits: Edit[];
  summary: string;
}

/** A repeatable flag's values (--role a --role b, or "a,b"). */
const list = (input: AddInput, key: string): string[] => {
  const v = input[key];
  const items = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return items
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter(Boolean);
};

const str = (input: AddInput, key: string): string | undefined => {
  const v = input[key];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
};

/** The flags each kind needs; csp add asks for them on a terminal, or names them in a usage error. */
export const REQUIRED_FLAGS: Record<AddKind | 'decision', string[]> = {
  stakeholder: ['name', 'role', 'side'],
  objective: ['statement'],
  'key-result': ['objective', 'metric'],
  criterion: ['criterion', 'baseline', 'target', 'measurement', 'due'],
  phase: ['name'],
  milestone: ['phase', 'title', 'due', 'owner'],
  action: ['what', 'who', 'when'],
  risk: ['title', 'probability', 'impact'],
  metric: ['name', 'baseline', 'target'],
  measurement: ['metric', 'value'],
  resource: ['text'],
  raci: ['activity', 'role'],
  decision: ['decision'],
};

/** A number when the text is one ("3", "0.5"), else the text ("manual", "80%"). */
export function measure(text: string): number | string {
  return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text.trim();
}

function number(input: AddInput, key: string): number {
  const text = str(input, key);
  const n = Number(text);
  if (text === undefined || !Number.isFinite(n))
    throw new AddError(`--${key} must be a number (found ${JSON.stringify(input[key] ?? '')})`, key);
  return n;
}

function date(input: AddInput, key: string, fallback?: IsoDate): IsoDate | undefined {
  const text = str(input, key) ?? fallback;
  if (text === undefined) return undefined;
  if (!isIsoDate(text)) throw new AddError(`--${key} must be a real date written YYYY-MM-DD (found "${text}")`, key);
  return text;
}

function person(plan: Plan, input: AddInput, key: string): string | undefined {
  const ref = str(input, key);
  if (ref === undefined) return undefined;
  const people = peopleOf(plan);
  if (!people.resolve(ref)) {
    // NOTE: an id (sh-3) that names nobody is a typo or a stakeholder still to add: never suggest a person named "sh-3".
    const add = /^[a-z]+-[0-9]+$/.test(ref.trim())
      ? `there is no stakeholder ${ref.trim()}; add the person first: csp add stakeholder ${plan.meta.account} --name "<name>" --title "..." --role champion --side customer`
      : `add them with csp add stakeholder ${plan.meta.account} --name ${JSON.stringify(ref)} --title "..." --role champion --side customer`;
    throw new AddError(`--${key} "${ref}" is not one of the plan's people`, key, `known: ${people.describe()}; ${add}`);
  }
  return ref;
}

function findIndex<T extends { id: string; name?: string; statement?: string }>(
  items: readonly T[],
  ref: string,
  what: string,
  key: string,
  account: string,
): number {
  const i = items.findIndex((x) => x.id === ref || (x.name ?? '').toLowerCase() === ref.toLowerCase());
  if (i === -1) {
    const known = items.map((x) => (x.name ? `${x.id} (${x.name})` : x.id)).join(', ') || 'none';
    throw new AddError(`--${key} "${ref}" is not a ${what} of ${account}`, key, `known: ${known}`);
  }
  return i;
}

function level(input: AddInput, key: string): 'high' | 'medium' | 'low' | undefined {
  const v = str(input, key)?.toLowerCase();
  if (v === undefined) return undefined;
  const map: Record<string, 'high' | 'medium' | 'low'> = {
    high: 'high',
    h: 'high',
    medium: 'medium',
    med: 'medium',
    m: 'medium',
    low: 'low',
    l: 'low',
  };
  if (!map[v]) throw new AddError(`--${key} must be high, medium or low (found "${input[key]}")`, key);
  return map[v];
}

function oneOf<T extends string>(input: AddInput, key: string, allowed: readonly T[]): T | undefined {
  const v = str(input, key);
  if (v === undefined) return undefined;
  const normal = v.toLowerCase().replace(/[\s-]+/g, '_');
  const match = allowed.find((a) => a.toLowerCase() === normal || a === v);
  if (!match) throw new AddError(`--${key} must be one of ${allowed.join(', ')} (found "${v}")`, key);
  return match;
}

const ROLES = [
  'executive_sponsor',
  'champion',
  'technical_buyer',
  'economic_buyer',
  'decision_maker',
  'influencer',
  'admin',
  'end_user',
  'detractor',
  'SA',
  'CA',
  'AE',
  'CSM',
  'SE',
  'support',
  'executive',
  'other',
] as const;

/** A key result from --metric, --unit, --baseline, --target, --due, --owner. */
function keyResult(plan: Plan, input: AddInput, id: string) {
  const owner = person(plan, input, 'owner');
  return {
    id,
    metric: str(input, 'metric')!,
    ...(str(input, 'unit') ? { unit: str(input, 'unit') } : {}),
    ...(str(input, 'baseline') ? { baseline: measure(str(input, 'baseline')!) } : {}),
    ...(str(input, 'target') ? { target: measure(str(input, 'target')!) } : {}),
    ...(date(input, 'due') ? { due: date(input, 'due') } : {}),
    ...(owner ? { owner } : {}),
  };
}

/** csp add stakeholder. */
function addStakeholder(plan: Plan, input: AddInput): Added {
  const account = plan.meta.account;
  const name = str(input, 'name')!;
  const existing = (plan.stakeholders ?? []).find((s) => s.name.trim().toLowerCase() === name.toLowerCase());
  if (existing)
    throw new AddError(
      `${name} is already a stakeholder of ${account} (${existing.id})`,
      'name',
      `change them with csp set ${account} stakeholders.${existing.id}.<field> <value>`,
    );
  const score = str(input, 'relationship-score');
  const id = nextId('sh', idsWithPrefix(plan, 'sh'));
  const item = {
    id,
    name,
    ...(str(input, 'title') ? { title: str(input, 'title') } : {}),
    ...(str(input, 'email') ? { email: str(input, 'email') } : {}),
    side: oneOf(input, 'side', ['customer', 'vendor'] as const)!,
    role: oneOf(input, 'role', ROLES)!,
    ...(level(input, 'engagement') ? { engagement: level(input, 'engagement') } : {}),
    ...(score !== undefined ? { relationship_score: Math.round(number(input, 'relationship-score')) } : {}),
    ...(str(input, 'assessment') ? { internal_assessment: str(input, 'assessment') } : {}),
  };
  return {
    id,
    edits: [append(['stakeholders'], item)],
    summary: `stakeholder ${id} ${name} (${item.role}, ${item.side})`,
  };
}

/** csp add objective. */
function addObjective(plan: Plan, input: AddInput): Added {
  const account = plan.meta.account;
  const objectives = plan.business_outcomes?.objectives ?? [];
  if (objectives.length >= 5)
    throw new AddError(
      `${account} already has 5 objectives, the most a plan holds`,
      'statement',
      'merge two objectives, or replace one by editing csp.yaml',
    );
  const id = nextId('obj', idsWithPrefix(plan, 'obj'));
  const owner = person(plan, input, 'owner');
  // From finalize on every objective needs a key result: --metric (with --baseline, --target,
  // --unit, --due) adds the first one together with the objective.
  const keyResults = str(input, 'metric') ? [keyResult(plan, input, nextId('kr', idsWithPrefix(plan, 'kr')))] : [];
  if (keyResults.length === 0 && (plan.meta.phase === 'finalize' || plan.meta.phase === 'execute')) {
    throw new AddError(
      `a ${plan.meta.phase}-phase plan needs a key result with each objective`,
      'metric',
      `add it with the objective: csp add objective ${account} --statement "..." --metric "..." --baseline N --target N --due YYYY-MM-DD`,
    );
  }
  const item = {
    id,
    statement: str(input, 'statement')!,
    ...(owner ? { owner } : {}),
    status: 'not_started',
    key_results: keyResults,
  };
  return {
    id,
    edits: [append(['business_outcomes', 'objectives'], item)],
    summary: `objective ${id}: ${item.statement}${keyResults.length ? ` (key result ${keyResults[0].id})` : ''}`,
  };
}

/** csp add key-result. */
function addKeyResult(plan: Plan, input: AddInput): Added {
  const account = plan.meta.account;
  const objectives = plan.business_outcomes?.objectives ?? [];
  const o = findIndex(objectives, str(input, 'objective')!, 'objective', 'objective', account);
  const item = keyResult(plan, input, nextId('kr', idsWithPrefix(plan, 'kr')));
  return {
    id: item.id,
    edits: [append(['business_outcomes', 'objectives', o, 'key_results'], item)],
    summary: `key result ${item.id} for ${objectives[o].id}: ${item.metric}`,
  };
}

/** csp add criterion. */
function addCriterion(plan: Plan, input: AddInput): Added {
  const account = plan.meta.account;
  if ((plan.success_criteria?.length ?? 0) >= 5)
    throw new AddError(`${account} already has 5 success criteria, the most a plan holds`, 'criterion');
  const id = nextId('sc', idsWithPrefix(plan, 'sc'));
  const item = {
    id,
    criterion: str(input, 'criterion')!,
    baseline: measure(str(input, 'baseline')!),
    target: measure(str(input, 'target')!),
    measurement: str(input, 'measurement')!,
    due: date(input, 'due')!,
    status: 'not_met',
  };
  return { id, edits: [append(['success_criteria'], item)], summary: `success criterion ${id}: ${item.criterion}` };
}

/** csp add phase. */
function addPhase(plan: Plan, input: AddInput): Added {
  const id = nextId('ph', idsWithPrefix(plan, 'ph'));
  const start = date(input, 'start');
  const end = date(input, 'end');
  const item = {
    id,
    name: str(input, 'name')!,
    ...(start ? { start } : {}),
    ...(end ? { end } : {}),
    ...(str(input, 'goal') ? { goal: str(input, 'goal') } : {}),
    milestones: [],
    actions: [],
  };
  return { id, edits: [append(['adoption_journey', 'phases'], item)], summary: `phase ${id}: ${item.name}` };
}

/** csp add milestone. */
function addMilestone(plan: Plan, input: AddInput): Added {
  const account = plan.meta.account;
  const phases = plan.adoption_journey?.phases ?? [];
  if (phases.length === 0)
    throw new AddError(
      `${account} has no adoption phases yet`,
      'phase',
      `add one first: csp add phase ${account} --name "..." --start YYYY-MM-DD --end YYYY-MM-DD`,
    );
  const p = findIndex(phases, str(input, 'phase')!, 'phase', 'phase', account);
  const id = nextId('ms', idsWithPrefix(plan, 'ms'));
  const item = {
    id,
    title: str(input, 'title')!,
    due: date(input, 'due')!,
    owner: person(plan, input, 'owner')!,
    status:
      oneOf(input, 'status', ['not_started', 'in_progress', 'done', 'blocked', 'missed'] as const) ?? 'not_started',
    ...(str(input, 'deliverable') ? { deliverable: str(input, 'deliverable') } : {}),
    ...(input.major === true ? { major: true } : {}),
  };
  return {
    id,
    edits: [append(['adoption_journey', 'phases', p, 'milestones'], item)],
    summary: `milestone ${id} in ${phases[p].id}: ${item.title} due ${item.due}`,
  };
}

/** csp add action. */
function addAction(plan: Plan, input: AddInput): Added {
  const account = plan.meta.account;
  const phases = plan.adoption_journey?.phases ?? [];
  if (phases.length === 0)
    throw new AddError(
      `${account} has no adoption phases yet`,
      'phase',
      `add one first: csp add phase ${account} --name "..."`,
    );
  const when = date(input, 'when')!;
  const ref = str(input, 'phase');
  const p =
    ref !== undefined
      ? findIndex(phases, ref, 'phase', 'phase', account)
      : Math.max(
          0,
          phases.findIndex((ph) => (!ph.start || ph.start <= when) && (!ph.end || when <= ph.end)),
        );
  const id = nextId('ac', idsWithPrefix(plan, 'ac'));
  const deps = list(input, 'depends-on');
  const item = {
    id,
    what: str(input, 'what')!,
    who: person(plan, input, 'who')!,
    when,
    status: 'open',
    depends_on: deps,
  };
  return {
    id,
    edits: [append(['adoption_journey', 'phases', p, 'actions'], item)],
    summary: `action ${id} in ${phases[p].id}: ${item.what} (${item.who}, ${when})`,
  };
}

/** csp add risk. */
function addRisk(plan: Plan, input: AddInput): Added {
  const id = nextId('rk', idsWithPrefix(plan, 'rk'));
  const owner = person(plan, input, 'owner');
  const item = {
    id,
    title: str(input, 'title')!,
    probability: level(input, 'probability')!,
    impact: level(input, 'impact')!,
    ...(oneOf(input, 'rag', ['red', 'amber', 'green'] as const)
      ? { rag: oneOf(input, 'rag', ['red', 'amber', 'green'] as const) }
      : {}),
    ...(str(input, 'mitigation') ? { mitigation: str(input, 'mitigation') } : {}),
    ...(str(input, 'analysis') ? { analysis: str(input, 'analysis') } : {}),
    ...(owner ? { owner } : {}),
    status: 'open',
  };
  return {
    id,
    edits: [append(['risks'], item)],
    summary: `risk ${id}: ${item.title} (${item.probability} probability, ${item.impact} impact)`,
  };
}

/** csp add metric. */
function addMetric(plan: Plan, input: AddInput): Added {
  const id = nextId('vm', idsWithPrefix(plan, 'vm'));
  const linked = str(input, 'linked-to');
  const item = {
    id,
    name: str(input, 'name')!,
    ...(str(input, 'unit') ? { unit: str(input, 'unit') } : {}),
    baseline: measure(str(input, 'baseline')!),
    target: measure(str(input, 'target')!),
    ...(linked ? { linked_to: linked } : {}),
    measurements: [],
  };
  return {
    id,
    edits: [append(['value_tracking', 'metrics'], item)],
    summary: `value metric ${id}: ${item.name} from ${item.baseline} to ${item.target}`,
  };
}

/** csp add measurement. */
function addMeasurement(plan: Plan, input: AddInput): Added {
  const account = plan.meta.account;
  const metrics = plan.value_tracking?.metrics ?? [];
  const m = findIndex(metrics, str(input, 'metric')!, 'value metric', 'metric', account);
  const today = str(input, 'today');
  const item = {
    date: date(input, 'date', today)!,
    value: number(input, 'value'),
    ...(str(input, 'note') ? { note: str(input, 'note') } : {}),
  };
  // NOTE: a measurement is an observation: one dated after today has not been made (every --as-of view would read it too soon).
  if (today && item.date > today)
    throw new AddError(
      `--date ${item.date} is after today (${today}): a measurement records a value already observed`,
      'date',
      `record it on the day it is measured, or give the day it was: --date ${today}`,
    );
  return {
    id: metrics[m].id,
    edits: [append(['value_tracking', 'metrics', m, 'measurements'], item)],
    summary: `measurement of ${metrics[m].id} on ${item.date}: ${item.value}`,
  };
}

/** csp add resource. */
function addResource(_plan: Plan, input: AddInput): Added {
  const text = str(input, 'text')!;
  return { id: text, edits: [append(['technical_evaluation', 'resources'], text)], summary: `resource: ${text}` };
}

/** csp add raci. */
function addRaci(_plan: Plan, input: AddInput): Added {
  const row: Record<string, string> = { activity: str(input, 'activity')! };
  for (const pair of list(input, 'role')) {
    const m = /^([A-Za-z][\w-]*)=(R|A|C|I|R\/A|A\/R)$/.exec(String(pair).trim());
    if (!m) throw new AddError(`--role must be written role=R|A|C|I, e.g. --role csm=R (found "${pair}")`, 'role');
    row[m[1]] = m[2];
  }
  return { id: row.activity, edits: [append(['governance', 'raci'], row)], summary: `RACI row: ${row.activity}` };
}

/** One builder per kind: plan and the collected flags in, the edits out. */
const BUILDERS: Record<AddKind, (plan: Plan, input: AddInput) => Added> = {
  stakeholder: addStakeholder,
  objective: addObjective,
  'key-result': addKeyResult,
  criterion: addCriterion,
  phase: addPhase,
  milestone: addMilestone,
  action: addAction,
  risk: addRisk,
  metric: addMetric,
  measurement: addMeasurement,
  resource: addResource,
  raci: addRaci,
};

/**
 * Builds the edits that add one item of the kind. Throws AddError for a missing or bad value
 * (naming the flag), an unknown reference, or a section that is full (5 objectives, 5 criteria).
 */
export function planAdd(plan: Plan, kind: AddKind, input: AddInput): Added {
  for (const flag of REQUIRED_FLAGS[kind]) {
    const v = input[flag];
    if (v === undefined || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0))
      throw new AddError(`--${flag} is required to add a ${kind}`, flag);
  }
  return BUILDERS[kind](plan, input);
}

/**
 * Builds a decision for decision_log.yaml, linked to an objective of the plan by id when given.
 * Throws AddError for an unknown objective or a bad date.
 */
export function planDecision(plan: Plan, log: DecisionLog | undefined, input: AddInput, today: IsoDate): Added {
  const objective = str(input, 'objective');
  if (objective && !(plan.business_outcomes?.objectives ?? []).some((o) => o.id === objective)) {
    throw new AddError(
      `--objective ${objective} is not an objective of ${plan.meta.account}`,
      'objective',
      `known: ${(plan.business_outcomes?.objectives ?? []).map((o) => o.id).join(', ') || 'none'}`,
    );
  }
  const ids = (log?.decisions ?? []).map((d) => d.id);
  const id = nextId('dec', ids);
  const item = {
    id,
    date: date(input, 'date', today)!,
    decision: str(input, 'decision')!,
    ...(str(input, 'rationale') ? { rationale: str(input, 'rationale') } : {}),
    ...(str(input, 'decided-by') ? { decided_by: str(input, 'decided-by') } : {}),
    ...(objective ? { objective } : {}),
    status: 'decided',
  };
  return {
    id,
    edits: [append(['decisions'], item)],
    summary: `decision ${id}: ${item.decision}${objective ? ` (for ${objective})` : ''}`,
  };
}
