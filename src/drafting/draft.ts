/**
 * Drafting the missing sections of a CSP (issue 5 "csp draft"): which sections are missing, the
 * deterministic offline drafter, and turning a draft (offline or from the model) into edits.
 *
 * - draftNeeds: what each requested section lacks. Nothing that is filled in is ever replaced:
 *   objectives are topped up to 3-5 and objectives without key results get one; the other sections
 *   are drafted only when empty (the technical evaluation field by field).
 * - draftOffline: the same content the model is asked for, built from the plan's playbook
 *   suggestions ({account} and {use_case} filled in, days turned into dates) and from the most
 *   similar accounts of the InfoHub (similar.ts): their objectives, criteria and risks fill what the
 *   playbook lacks and raise the confidence of suggestions they share. Same inputs, same draft.
 * - draftEdits: gives every drafted item a fresh id (references between drafted items follow),
 *   marks it ai_generated with an ai_confidence, and records the generation context in
 *   meta.generation. RACI rows and technical-evaluation fields have no per-item flag in the schema;
 *   the generation record lists their sections.
 * Pure: plan, playbook and similar accounts in, content and edits out.
 */
import { appendAll, set, type Edit } from '../domain/edit.js';
import { addDaysIso, daysBetween, isIsoDate, type IsoDate } from '../domain/dates.js';
import { activeCustomers, filled, idsWithPrefix, nextId, type Plan } from '../domain/plan.js';
import { anchorDate, fillTemplate, playbookPhases, type Playbook } from '../domain/playbook.js';
import type { SimilarAccount } from '../similarity/similar.js';
import { similarRecord } from '../similarity/similar.js';
import { donorText } from './donor.js';
import { similarity } from '../similarity/text-match.js';
import type {
  GenerationRecord,
  Governance,
  KeyResult,
  Objective,
  Phase,
  Risk,
  SuccessCriterion,
  TechnicalEvaluation,
  ValueMetric,
} from '../domain/types.gen.js';

/** The sections csp draft fills in, as named on the command line (--sections). */
export const DRAFT_SECTIONS = [
  'objectives',
  'success-criteria',
  'technical-evaluation',
  'adoption-journey',
  'risks',
  'value-metrics',
  'raci',
] as const;
export type DraftSection = (typeof DRAFT_SECTIONS)[number];

const ALIASES: Record<string, DraftSection> = {
  objective: 'objectives',
  'key-results': 'objectives',
  'business-outcomes': 'objectives',
  criteria: 'success-criteria',
  'success-criterion': 'success-criteria',
  evaluation: 'technical-evaluation',
  'tech-eval': 'technical-evaluation',
  journey: 'adoption-journey',
  phases: 'adoption-journey',
  milestones: 'adoption-journey',
  risk: 'risks',
  metrics: 'value-metrics',
  'value-tracking': 'value-metrics',
  governance: 'raci',
};

/** A value the user gave that csp draft cannot use (the command turns it into a UsageError). */
export class DraftError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Parses --sections values ("objectives,risks", repeated or comma-separated, aliases allowed). Throws DraftError for an unknown name. */
export function parseSections(values: readonly string[]): DraftSection[] {
  const out: DraftSection[] = [];
  for (const raw of values
    .flatMap((v) => v.split(','))
    .map((v) =>
      v
        .trim()
        .toLowerCase()
        .replace(/[_\s]+/g, '-'),
    )
    .filter(Boolean)) {
    const section = (DRAFT_SECTIONS as readonly string[]).includes(raw) ? (raw as DraftSection) : ALIASES[raw];
    if (!section) throw new DraftError(`unknown section "${raw}"`, `--sections takes: ${DRAFT_SECTIONS.join(', ')}`);
    if (!out.includes(section)) out.push(section);
  }
  return out;
}

/** A RACI row (governance.raci). */
export type RaciRow = NonNullable<Governance['raci']>[number];
/** The technical-evaluation fields the drafter fills. */
export type TechEvalField = 'plan' | 'scope' | 'resources' | 'timeline';

/**
 * A draft: new content per section, in the shape of the plan's own items (the model's tool input
 * has the same keys). Ids in it are provisional: draftEdits assigns the real ones.
 */
export interface DraftContent {
  objectives?: Objective[];
  /** Key results for objectives of the plan that have none. */
  key_results?: Array<{ objective: string; key_result: KeyResult }>;
  success_criteria?: SuccessCriterion[];
  technical_evaluation?: Pick<TechnicalEvaluation, TechEvalField>;
  adoption_journey?: { phases: Phase[] };
  risks?: Risk[];
  value_metrics?: ValueMetric[];
  raci?: RaciRow[];
}

/** What one requested section lacks. */
export interface DraftNeed {
  section: DraftSection;
  /** Said plainly, for the report and the prompt. */
  description: string;
  /** objectives: how many new objectives (to reach 3-5). */
  addObjectives?: { min: number; max: number };
  /** objectives: ids of the plan's objectives that have no key result. */
  objectivesWithoutKeyResults?: string[];
  /** technical-evaluation: the fields that are empty. */
  techEvalFields?: TechEvalField[];
}

/** What each requested section lacks; sections that are complete are left out. */
export function draftNeeds(plan: Plan, sections: readonly DraftSection[] = DRAFT_SECTIONS): DraftNeed[] {
  const needs: DraftNeed[] = [];
  for (const section of DRAFT_SECTIONS.filter((s) => sections.includes(s))) {
    switch (section) {
      case 'objectives': {
        const objectives = plan.business_outcomes?.objectives ?? [];
        const bare = objectives.filter((o) => (o.key_results?.length ?? 0) === 0).map((o) => o.id);
        const add = objectives.length < 3 ? { min: 3 - objectives.length, max: 5 - objectives.length } : undefined;
        if (add || bare.length) {
          const parts = [
            add ? `${add.min}-${add.max} new objectives with key results` : '',
            bare.length ? `key results for ${bare.join(', ')}` : '',
          ].filter(Boolean);
          needs.push({
            section,
            description: parts.join(' and '),
            ...(add ? { addObjectives: add } : {}),
            ...(bare.length ? { objectivesWithoutKeyResults: bare } : {}),
          });
        }
        break;
      }
      case 'success-criteria':
        if ((plan.success_criteria?.length ?? 0) === 0) needs.push({ section, description: '1-5 success criteria' });
        break;
      case 'technical-evaluation': {
        const te = plan.technical_evaluation;
        const fields: TechEvalField[] = [];
        if (!filled(te?.plan)) fields.push('plan');
        if (!filled(te?.scope)) fields.push('scope');
        if ((te?.resources?.length ?? 0) === 0) fields.push('resources');
        if (!filled(te?.timeline?.start) || !filled(te?.timeline?.end)) fields.push('timeline');
        if (fields.length)
          needs.push({ section, description: `technical evaluation ${fields.join(', ')}`, techEvalFields: fields });
        break;
      }
      case 'adoption-journey':
        if ((plan.adoption_journey?.phases?.length ?? 0) === 0)
          needs.push({ section, description: 'dated adoption phases with milestones' });
        break;
      case 'risks':
        if ((plan.risks?.length ?? 0) === 0) needs.push({ section, description: 'risks with mitigations' });
        break;
      case 'value-metrics':
        if ((plan.value_tracking?.metrics?.length ?? 0) === 0)
          needs.push({ section, description: 'value metrics with numeric baselines' });
        break;
      case 'raci':
        if ((plan.governance?.raci?.length ?? 0) === 0) needs.push({ section, description: 'a RACI matrix' });
        break;
    }
  }
  return needs;
}

/** Inputs of the offline drafter. */
export interface OfflineDraftInput {
  plan: Plan;
  playbook: Playbook;
  similar: readonly SimilarAccount[];
  needs: readonly DraftNeed[];
  today: IsoDate;
}

/** A draft and how sure the drafter is of it (0-1). */
export interface Draft {
  content: DraftContent;
  confidence: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Confidence of a suggestion: playbook items start at 0.6, items only seen in similar accounts at 0.5, +0.1 per similar account that has one like it, at most 0.9. */
function confidenceOf(fromPlaybook: boolean, support: number): number {
  return round2(Math.min(0.9, (fromPlaybook ? 0.6 : 0.5) + 0.1 * Math.max(0, support - (fromPlaybook ? 0 : 1))));
}

/** How many of the similar accounts have an item whose text is like this one. */
function supportOf(text: string, texts: readonly string[][]): number {
  return texts.filter((list) => list.some((t) => similarity(text, t) >= 0.35)).length;
}

/** Whether text says the same as one already taken (de-duplication of suggestions). */
const isDuplicate = (text: string, taken: readonly string[]) => taken.some((t) => similarity(text, t) >= 0.5);

const scrubbers = new WeakMap<Plan, WeakMap<Plan, (text: string) => string | null>>();

/**
 * A similar account's value (a text, or an item's fields and keys) as the target plan may reuse it:
 * its customer's name replaced by ours; null when any text in it still carries one of the donor's
 * names (account, people, CRM; drafting/donor.ts), so the item is dropped.
 */
function adopt<T>(value: T, from: SimilarAccount, plan: Plan): T | null {
  let byTarget = scrubbers.get(from.plan);
  if (!byTarget) scrubbers.set(from.plan, (byTarget = new WeakMap()));
  let scrub = byTarget.get(plan);
  if (!scrub) byTarget.set(plan, (scrub = donorText(from.plan, plan)));
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrub!(v);
    if (Array.isArray(v)) {
      const items = v.map(walk);
      return items.includes(null) ? null : items;
    }
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        const key = scrub!(k);
        const value = walk(x);
        if (key === null || value === null) return null;
        out[key] = value;
      }
      return out;
    }
    return v;
  };
  return walk(value) as T | null;
}

/** A phrase as it reads inside a sentence: "Clinical trial onboarding" -> "clinical trial onboarding" (acronyms kept). */
function midSentence(text: string | undefined): string | undefined {
  const t = text?.trim();
  return t && /^[A-Z][a-z]/.test(t) ? t.charAt(0).toLowerCase() + t.slice(1) : t;
}

const UNITS =
  'percent|%|days?|weeks?|hours?|minutes?|months?|users?|accounts?|tickets?|sites?|teams?|workflows?|tools?|steps?|hand-offs?|handoffs?';

/**
 * The key result a SMART objective states itself: "Cut site onboarding from 11 weeks to 6 weeks by
 * 2027-06-30" -> metric "Site onboarding", unit weeks, baseline 11, target 6, due 2027-06-30; or
 * "Reach 80% weekly active use" -> target 80 percent. Null when the statement gives no numbers.
 */
export function keyResultOf(statement: string): Omit<KeyResult, 'id'> | null {
  const due = statedDue(statement);
  const fromTo = new RegExp(
    `^(.*?)\\s+from\\s+(\\d+(?:\\.\\d+)?)\\s*(${UNITS})?\\s+to\\s+(\\d+(?:\\.\\d+)?)\\s*(${UNITS})?`,
    'i',
  ).exec(statement);
  const unitOf = (u: string | undefined) =>
    u === undefined
      ? undefined
      : u === '%'
        ? 'percent'
        : u.toLowerCase().replace(/s$/, '') + (u.toLowerCase() === 'percent' ? '' : 's');
  if (fromTo) {
    const metric = fromTo[1]
      .replace(/^\s*(?:cut|reduce|raise|increase|grow|move|bring|lift|lower|improve|decrease|shorten|speed up)\s+/i, '')
      .trim();
    const unit = unitOf(fromTo[5] ?? fromTo[3]);
    if (!metric) return null;
    return {
      metric: metric.charAt(0).toUpperCase() + metric.slice(1),
      ...(unit ? { unit } : {}),
      baseline: Number(fromTo[2]),
      target: Number(fromTo[4]),
      ...(due ? { due } : {}),
    };
  }
  const percent =
    /(\d+(?:\.\d+)?)\s*%\s+(?:of\s+)?([a-z][\w -]{2,60}?)(?=\s+(?:by|before|among|across|within|in|for|at|of)\b|[.,;]|$)/i.exec(
      statement,
    );
  if (percent)
    return {
      metric: percent[2].charAt(0).toUpperCase() + percent[2].slice(1),
      unit: 'percent',
      target: Number(percent[1]),
      ...(due ? { due } : {}),
    };
  return null;
}

/** The date a statement sets itself ("... by 2027-06-30"), if any. */
function statedDue(statement: string): IsoDate | undefined {
  const date = /\b(?:by|before|on)\s+(\d{4}-\d{2}-\d{2})\b/.exec(statement)?.[1];
  return isIsoDate(date) ? date : undefined;
}

/** Keeps a date inside the plan's timeline. */
function clampToPlan(plan: Plan, date: IsoDate): IsoDate {
  const { plan_start: start, plan_end: end } = plan.meta;
  if (isIsoDate(start) && date < start) return start;
  if (isIsoDate(end) && date > end) return end;
  return date;
}

/** The person who owns customer-side outcomes on a date: the champion, else the executive sponsor, else the plan owner. */
function outcomeOwner(plan: Plan, today: IsoDate): string {
  const customers = activeCustomers(plan, today);
  return (
    (customers.find((s) => s.role === 'champion') ?? customers.find((s) => s.role === 'executive_sponsor'))?.name ??
    plan.meta.owner.name
  );
}

/** What every section of an offline draft reads, and the content and confidences they add to. */
interface OfflineContext {
  plan: Plan;
  playbook: Playbook;
  similar: readonly SimilarAccount[];
  today: IsoDate;
  account: string;
  useCase: string | undefined;
  start: IsoDate;
  owner: string;
  champion: string;
  /** The date a playbook day (days after the anchor) falls on, inside the plan. */
  dueOf: (day: number) => IsoDate;
  /** A similar account's due date moved to this plan's start, else the playbook day. */
  shifted: (from: SimilarAccount, due: string | undefined, fallbackDay: number) => IsoDate;
  content: DraftContent;
  confidences: number[];
  ids: IdAllocator;
  /** Key results drafted so far (value metrics link to them). */
  newKeyResults: KeyResult[];
}

/** Objectives and their key results: the playbook's, then ones similar accounts hold. */
function draftObjectives(ctx: OfflineContext, range: { min: number; max: number }): void {
  const {
    plan,
    playbook,
    similar,
    account,
    useCase,
    champion,
    dueOf,
    shifted,
    content,
    confidences,
    ids,
    newKeyResults,
  } = ctx;
  const { min, max } = range;
  const existing = (plan.business_outcomes?.objectives ?? []).map((o) => o.statement);
  const theirs = similar.map((s) => (s.plan.business_outcomes?.objectives ?? []).map((o) => o.statement));
  const candidates: Array<{ statement: string; kr: Omit<KeyResult, 'id'>; fromPlaybook: boolean }> = [];
  for (const o of playbook.objectives ?? []) {
    candidates.push({
      statement: fillTemplate(o.statement, { account, use_case: useCase }),
      kr: { metric: o.metric, unit: o.unit, baseline: o.baseline, target: o.target, due: dueOf(o.due_day) },
      fromPlaybook: true,
    });
  }
  for (const s of similar) {
    for (const o of s.plan.business_outcomes?.objectives ?? []) {
      const statement = adopt(o.statement, s, plan);
      const first = o.key_results?.[0];
      const kr = first
        ? adopt(
            {
              metric: first.metric,
              ...(first.unit ? { unit: first.unit } : {}),
              ...(first.baseline !== undefined ? { baseline: first.baseline } : {}),
              ...(first.target !== undefined ? { target: first.target } : {}),
            },
            s,
            plan,
          )
        : null;
      if (!statement || !kr) continue;
      candidates.push({
        statement,
        kr: {
          metric: kr.metric,
          ...(kr.unit ? { unit: kr.unit } : {}),
          ...(kr.baseline !== undefined ? { baseline: kr.baseline } : {}),
          ...(kr.target !== undefined ? { target: kr.target } : {}),
          due: shifted(s, first!.due, 90),
        },
        fromPlaybook: false,
      });
    }
  }
  const wanted = Math.min(max, Math.max(min, (playbook.objectives?.length ?? 0) - (5 - max)));
  const taken: string[] = [...existing];
  const objectives: Objective[] = [];
  for (const c of candidates) {
    if (objectives.length >= wanted) break;
    if (isDuplicate(c.statement, taken)) continue;
    taken.push(c.statement);
    const confidence = confidenceOf(c.fromPlaybook, supportOf(c.statement, theirs));
    confidences.push(confidence);
    const kr: KeyResult = {
      id: ids.next('kr'),
      ...c.kr,
      owner: champion,
      ai_generated: true,
      ai_confidence: confidence,
    };
    newKeyResults.push(kr);
    objectives.push({
      id: ids.next('obj'),
      statement: c.statement,
      owner: champion,
      status: 'not_started',
      key_results: [kr],
      ai_generated: true,
      ai_confidence: confidence,
    });
  }
  if (objectives.length) content.objectives = objectives;
}

/** A key result for each objective of the plan that has none. */
function draftMissingKeyResults(ctx: OfflineContext, objectiveIds: readonly string[]): void {
  const { plan, playbook, account, useCase, champion, dueOf, content, confidences, ids, newKeyResults } = ctx;
  const suggestions = playbook.objectives ?? [];
  const lastDay = Math.max(0, ...suggestions.map((o) => o.due_day));
  content.key_results = [];
  for (const id of objectiveIds) {
    const objective = (plan.business_outcomes?.objectives ?? []).find((o) => o.id === id);
    if (!objective) continue;
    const best = suggestions
      .map((o) => ({
        o,
        score: similarity(objective.statement, fillTemplate(o.statement, { account, use_case: useCase })),
      }))
      .sort((a, b) => b.score - a.score)[0];
    const stated = keyResultOf(objective.statement);
    const confidence = stated ? 0.6 : best && best.score >= 0.35 ? 0.5 : 0.4;
    confidences.push(confidence);
    const base = stated
      ? { ...stated, due: stated.due ?? dueOf(lastDay) }
      : best && best.score >= 0.35
        ? {
            metric: best.o.metric,
            unit: best.o.unit,
            baseline: best.o.baseline,
            target: best.o.target,
            due: dueOf(best.o.due_day),
          }
        : {
            metric: `${objective.statement.replace(/\.$/, '').slice(0, 120)}: done`,
            unit: 'percent',
            baseline: 0,
            target: 100,
            due: statedDue(objective.statement) ?? dueOf(lastDay),
          };
    const kr: KeyResult = {
      id: ids.next('kr'),
      ...base,
      owner: objective.owner ?? champion,
      ai_generated: true,
      ai_confidence: confidence,
    };
    newKeyResults.push(kr);
    content.key_results.push({ objective: id, key_result: kr });
  }
  if (content.key_results.length === 0) delete content.key_results;
}

/** Success criteria: the playbook's, then similar accounts' up to three. */
function draftCriteria(ctx: OfflineContext): void {
  const { plan, playbook, similar, account, useCase, dueOf, shifted, content, confidences, ids } = ctx;
  const theirs = similar.map((s) => (s.plan.success_criteria ?? []).map((c) => c.criterion));
  const criteria: SuccessCriterion[] = [];
  const taken: string[] = [];
  const add = (c: Omit<SuccessCriterion, 'id'>, fromPlaybook: boolean) => {
    if (criteria.length >= 5 || isDuplicate(c.criterion, taken)) return;
    taken.push(c.criterion);
    const confidence = confidenceOf(fromPlaybook, supportOf(c.criterion, theirs));
    confidences.push(confidence);
    criteria.push({ id: ids.next('sc'), ...c, status: 'not_met', ai_generated: true, ai_confidence: confidence });
  };
  for (const c of playbook.success_criteria ?? [])
    add(
      {
        criterion: fillTemplate(c.criterion, { account, use_case: useCase }),
        baseline: c.baseline,
        target: c.target,
        measurement: c.measurement,
        due: dueOf(c.due_day),
      },
      true,
    );
  if (criteria.length < 3) {
    for (const s of similar) {
      for (const c of s.plan.success_criteria ?? []) {
        const taken = adopt(
          {
            criterion: c.criterion,
            ...(c.baseline !== undefined ? { baseline: c.baseline } : {}),
            ...(c.target !== undefined ? { target: c.target } : {}),
            ...(c.measurement ? { measurement: c.measurement } : {}),
          },
          s,
          plan,
        );
        if (taken) add({ ...taken, due: shifted(s, c.due, 60) }, false);
      }
    }
  }
  if (criteria.length) content.success_criteria = criteria;
}

/** Technical evaluation: only the empty fields. */
function draftTechEval(ctx: OfflineContext, wanted: readonly TechEvalField[]): void {
  const { plan, playbook, today, account, useCase, owner, champion, content, confidences } = ctx;
  const days = playbook.technical_evaluation?.duration_days ?? 14;
  const technical = (plan.stakeholders ?? []).find(
    (s) => s.side === 'customer' && (s.role === 'technical_buyer' || s.role === 'admin'),
  );
  const what = useCase?.trim() || 'the primary use case';
  const fields: DraftContent['technical_evaluation'] = {};
  for (const f of wanted) {
    if (f === 'plan')
      fields.plan = `A ${days}-day technical evaluation of ${what} for ${account}: a sandbox connected to ${account}'s own data, each success criterion demonstrated live${technical ? ` with ${technical.name}` : ''}, and the results reviewed with ${champion} before the proposal.`;
    if (f === 'scope')
      fields.scope = `${what}: the integrations and workflows the success criteria depend on; production rollout is out of scope.`;
    if (f === 'resources') fields.resources = [...(playbook.technical_evaluation?.resources ?? [`1 SA (${owner})`])];
    if (f === 'timeline') fields.timeline = { start: today, end: addDaysIso(today, days) };
  }
  content.technical_evaluation = fields;
  confidences.push(0.6);
}

/** Adoption journey: the playbook's dated phases and milestones. */
function draftJourney(ctx: OfflineContext): void {
  const { plan, playbook, start, owner, content, confidences } = ctx;
  const phases = playbookPhases(
    playbook,
    { planStart: start, renewalDate: plan.customer_context?.contract?.renewal_date ?? undefined },
    owner,
    { phases: idsWithPrefix(plan, 'ph'), milestones: idsWithPrefix(plan, 'ms') },
  );
  content.adoption_journey = {
    phases: phases.map((p) => ({
      ...p,
      ai_generated: true,
      ai_confidence: 0.7,
      milestones: (p.milestones ?? []).map((m) => ({ ...m, ai_generated: true, ai_confidence: 0.7 })),
    })),
  };
  confidences.push(0.7);
}

/** Risks: the playbook's, then up to two more that similar accounts recorded. */
function draftRisks(ctx: OfflineContext): void {
  const { plan, playbook, similar, account, useCase, owner, content, confidences, ids } = ctx;
  const theirs = similar.map((s) => (s.plan.risks ?? []).map((r) => r.title));
  const risks: Risk[] = [];
  const taken: string[] = [];
  const add = (r: Pick<Risk, 'title' | 'probability' | 'impact' | 'mitigation'>, fromPlaybook: boolean) => {
    if (isDuplicate(r.title, taken)) return;
    taken.push(r.title);
    const confidence = confidenceOf(fromPlaybook, supportOf(r.title, theirs));
    confidences.push(confidence);
    risks.push({ id: ids.next('rk'), ...r, owner, status: 'open', ai_generated: true, ai_confidence: confidence });
  };
  for (const r of playbook.risks ?? [])
    add(
      {
        title: fillTemplate(r.title, { account, use_case: useCase }),
        probability: r.probability,
        impact: r.impact,
        mitigation: fillTemplate(r.mitigation, { account, use_case: useCase }),
      },
      true,
    );
  const limit = risks.length + 2;
  for (const s of similar) {
    for (const r of s.plan.risks ?? []) {
      if (risks.length >= limit || r.status === 'closed' || !filled(r.mitigation)) continue;
      const title = adopt(r.title, s, plan);
      const mitigation = adopt(r.mitigation ?? '', s, plan);
      if (title && mitigation) add({ title, probability: r.probability, impact: r.impact, mitigation }, false);
    }
  }
  if (risks.length) content.risks = risks;
}

/** Value metrics: one per key result with a numeric baseline (the plan's and the drafted ones). */
function draftValueMetrics(ctx: OfflineContext): void {
  const { plan, content, confidences, ids, newKeyResults } = ctx;
  const keyResults = [
    ...(plan.business_outcomes?.objectives ?? []).flatMap((o) => o.key_results ?? []),
    ...newKeyResults,
  ];
  const metrics: ValueMetric[] = keyResults
    .filter((kr) => typeof kr.baseline === 'number')
    .map((kr) => ({
      id: ids.next('vm'),
      name: kr.metric,
      ...(kr.unit ? { unit: kr.unit } : {}),
      baseline: kr.baseline,
      ...(kr.target !== undefined ? { target: kr.target } : {}),
      linked_to: kr.id,
      measurements: [],
      ai_generated: true,
      ai_confidence: kr.ai_confidence ?? 0.6,
    }));
  if (metrics.length) {
    content.value_metrics = metrics;
    confidences.push(0.6);
  }
}

/** RACI: the playbook's, else the most similar account's. */
function draftRaci(ctx: OfflineContext): void {
  const { plan, playbook, similar, content, confidences } = ctx;
  const donor = playbook.raci?.length ? undefined : similar.find((s) => (s.plan.governance?.raci?.length ?? 0) > 0);
  // NOTE: a donor's rows whose activity or roles carry its names are left out (drafting/donor.ts).
  const rows = playbook.raci?.length
    ? playbook.raci
    : (donor?.plan.governance?.raci ?? []).flatMap((r) => adopt(r, donor!, plan) ?? []);
  if (rows.length) {
    content.raci = rows.map((r) => ({ ...r }));
    confidences.push(playbook.raci?.length ? 0.7 : 0.5);
  }
}

/**
 * The offline draft for the needs: deterministic, built from the playbook and the similar accounts
 * (healthiest and most similar first). Returns an empty content for sections it has nothing for.
 */
export function draftOffline(input: OfflineDraftInput): Draft {
  const { plan, playbook, similar, today } = input;
  const account = plan.meta.account_name;
  const useCase = midSentence(plan.customer_context?.primary_use_case);
  const start = plan.meta.plan_start ?? today;
  const anchor = anchorDate(playbook, {
    planStart: start,
    renewalDate: plan.customer_context?.contract?.renewal_date ?? undefined,
  });
  const dueOf = (day: number) => clampToPlan(plan, addDaysIso(anchor, day));
  const shifted = (from: SimilarAccount, due: string | undefined, fallbackDay: number) =>
    isIsoDate(due) && isIsoDate(from.plan.meta.plan_start)
      ? clampToPlan(plan, addDaysIso(start, daysBetween(from.plan.meta.plan_start, due)))
      : dueOf(fallbackDay);
  const owner = plan.meta.owner.name;
  const champion = outcomeOwner(plan, today);
  const content: DraftContent = {};
  const confidences: number[] = [];
  const ids = new IdAllocator(plan);
  const need = (s: DraftSection) => input.needs.find((n) => n.section === s);
  const ctx: OfflineContext = {
    plan,
    playbook,
    similar,
    today,
    account,
    useCase,
    start,
    owner,
    champion,
    dueOf,
    shifted,
    content,
    confidences,
    ids,
    newKeyResults: [],
  };
  const objectivesNeed = need('objectives');
  if (objectivesNeed?.addObjectives) draftObjectives(ctx, objectivesNeed.addObjectives);
  if (objectivesNeed?.objectivesWithoutKeyResults?.length)
    draftMissingKeyResults(ctx, objectivesNeed.objectivesWithoutKeyResults);
  if (need('success-criteria')) draftCriteria(ctx);
  const te = need('technical-evaluation');
  if (te?.techEvalFields?.length) draftTechEval(ctx, te.techEvalFields);
  if (need('adoption-journey')) draftJourney(ctx);
  if (need('risks')) draftRisks(ctx);
  if (need('value-metrics')) draftValueMetrics(ctx);
  if (need('raci')) draftRaci(ctx);
  const confidence = confidences.length ? round2(confidences.reduce((a, b) => a + b, 0) / confidences.length) : 0;
  return { content, confidence };
}

/** Hands out fresh ids per prefix, continuing after the plan's. */
export class IdAllocator {
  private readonly used = new Map<string, string[]>();
  constructor(private readonly plan: Plan) {}
  /** The next free id for the prefix (obj, kr, sc, ph, ms, ac, rk, vm). */
  next(prefix: string): string {
    const list = this.used.get(prefix) ?? idsWithPrefix(this.plan, prefix);
    const id = nextId(prefix, list);
    this.used.set(prefix, [...list, id]);
    return id;
  }
}

/** One item a draft adds, for the report. */
export interface DraftItem {
  id: string;
  section: DraftSection;
  summary: string;
  confidence?: number;
}

/** What applying a draft to a plan takes. */
export interface DraftEdits {
  edits: Edit[];
  items: DraftItem[];
  record: GenerationRecord;
}

/** The generation context of a draft, without what draftEdits works out (sections, items). */
export type GenerationInput = Omit<GenerationRecord, 'sections' | 'items' | 'command'> & {
  command?: GenerationRecord['command'];
};

/**
 * The drafted items with fresh ids (after the plan's), marked ai_generated with their confidence (else the
 * draft's), and links between drafted items (depends_on, linked_to) moved to the new ids.
 */
function renumbered(plan: Plan, content: DraftContent, confidence: number) {
  const ids = new IdAllocator(plan);
  const mapped = new Map<string, string>();
  const fresh = (prefix: string, old: string | undefined) => {
    const id = ids.next(prefix);
    if (old && !mapped.has(old)) mapped.set(old, id);
    return id;
  };
  const mark = <T extends { ai_confidence?: number }>(item: T): T & { ai_generated: true; ai_confidence: number } => ({
    ...item,
    ai_generated: true,
    ai_confidence: round2(item.ai_confidence ?? confidence),
  });
  const objectives = (content.objectives ?? []).map((o) => {
    const id = fresh('obj', o.id);
    const keyResults = (o.key_results ?? []).map((kr) => mark({ ...kr, id: fresh('kr', kr.id) }));
    return mark({ ...o, id, key_results: keyResults });
  });
  const keyResults = (content.key_results ?? []).map((k) => ({
    objective: k.objective,
    key_result: mark({ ...k.key_result, id: fresh('kr', k.key_result.id) }),
  }));
  const criteria = (content.success_criteria ?? []).map((c) => mark({ ...c, id: fresh('sc', c.id) }));
  const phases = (content.adoption_journey?.phases ?? []).map(({ actions, ...p }) =>
    mark({
      ...p,
      id: fresh('ph', p.id),
      milestones: (p.milestones ?? []).map((m) => mark({ ...m, id: fresh('ms', m.id) })),
      ...(actions?.length ? { actions: actions.map((a) => mark({ ...a, id: fresh('ac', a.id) })) } : {}),
    }),
  );
  const risks = (content.risks ?? []).map((r) => mark({ ...r, id: fresh('rk', r.id) }));
  const metrics = (content.value_metrics ?? []).map((m) => mark({ ...m, id: fresh('vm', m.id) }));
  // Links between drafted items follow their new ids; links to the plan's own items stay.
  const relink = (ref: string) => mapped.get(ref) ?? ref;
  for (const p of phases) for (const a of p.actions ?? []) if (a.depends_on) a.depends_on = a.depends_on.map(relink);
  for (const m of metrics) if (m.linked_to) m.linked_to = relink(m.linked_to);
  return { objectives, keyResults, criteria, phases, risks, metrics };
}

/** The meta.generation record of a draft: the sections it filled and the ids of the items it added. */
function generationRecord(
  generation: GenerationInput,
  items: readonly DraftItem[],
  confidence: number,
): GenerationRecord {
  const sections = DRAFT_SECTIONS.filter((s) => items.some((i) => i.section === s));
  const record: GenerationRecord = {
    date: generation.date,
    command: generation.command ?? 'draft',
    engine: generation.engine,
    ...(generation.model !== undefined ? { model: generation.model } : {}),
    sections,
    ...(generation.inputs ? { inputs: generation.inputs } : {}),
    ...(generation.similar_accounts ? { similar_accounts: generation.similar_accounts } : {}),
    confidence: round2(confidence),
    items: items.filter((i) => !i.id.includes(':') && !i.id.includes('.')).map((i) => i.id),
    ...(generation.source ? { source: generation.source } : {}),
  };
  return record;
}

/**
 * Turns a draft into edits of the plan: fresh ids for every drafted item (ids the draft used are
 * mapped, and links between drafted items follow), ai_generated and ai_confidence on every item
 * (the item's own confidence, else the draft's), and the generation record appended to
 * meta.generation. Adds only: nothing of the plan is replaced.
 */
export function draftEdits(
  plan: Plan,
  content: DraftContent,
  generation: GenerationInput,
  confidence: number,
): DraftEdits {
  const { objectives, keyResults, criteria, phases, risks, metrics } = renumbered(plan, content, confidence);
  const edits: Edit[] = [];
  const items: DraftItem[] = [];
  const item = (id: string, section: DraftSection, summary: string, c?: number) =>
    items.push({ id, section, summary, ...(c !== undefined ? { confidence: c } : {}) });

  edits.push(...appendAll(plan, ['business_outcomes', 'objectives'], objectives));
  for (const o of objectives)
    item(
      o.id,
      'objectives',
      `objective ${o.id}: ${o.statement} (key results: ${(o.key_results ?? []).map((k) => k.id).join(', ') || 'none'})`,
      o.ai_confidence,
    );
  const planObjectives = plan.business_outcomes?.objectives ?? [];
  for (const k of keyResults) {
    const index = planObjectives.findIndex((o) => o.id === k.objective);
    if (index === -1) continue;
    edits.push(...appendAll(plan, ['business_outcomes', 'objectives', index, 'key_results'], [k.key_result]));
    item(
      k.key_result.id,
      'objectives',
      `key result ${k.key_result.id} for ${k.objective}: ${k.key_result.metric}`,
      k.key_result.ai_confidence,
    );
  }
  edits.push(...appendAll(plan, ['success_criteria'], criteria));
  for (const c of criteria)
    item(c.id, 'success-criteria', `success criterion ${c.id}: ${c.criterion}`, c.ai_confidence);
  const te = content.technical_evaluation;
  if (te) {
    for (const key of ['plan', 'scope', 'resources', 'timeline'] as const) {
      if (te[key] === undefined) continue;
      edits.push(set(['technical_evaluation', key], te[key]));
      item(`technical_evaluation.${key}`, 'technical-evaluation', `technical evaluation ${key}`);
    }
  }
  edits.push(...appendAll(plan, ['adoption_journey', 'phases'], phases));
  for (const p of phases)
    item(
      p.id,
      'adoption-journey',
      `phase ${p.id}: ${p.name}${p.start ? ` (${p.start} to ${p.end})` : ''} with ${(p.milestones ?? []).length} milestone${(p.milestones ?? []).length === 1 ? '' : 's'}`,
      p.ai_confidence,
    );
  edits.push(...appendAll(plan, ['risks'], risks));
  for (const r of risks)
    item(r.id, 'risks', `risk ${r.id}: ${r.title} (${r.probability} probability, ${r.impact} impact)`, r.ai_confidence);
  edits.push(...appendAll(plan, ['value_tracking', 'metrics'], metrics));
  for (const m of metrics)
    item(
      m.id,
      'value-metrics',
      `value metric ${m.id}: ${m.name}${m.linked_to ? ` (for ${m.linked_to})` : ''}`,
      m.ai_confidence,
    );
  edits.push(...appendAll(plan, ['governance', 'raci'], content.raci ?? []));
  for (const row of content.raci ?? []) item(`raci:${row.activity}`, 'raci', `RACI row: ${row.activity}`);
  const record = generationRecord(generation, items, confidence);
  if (edits.length > 0) edits.push(...appendAll(plan, ['meta', 'generation'], [record]));
  return { edits, items, record };
}

/** What a draft was built from, for the generation record (plan sections used, playbook, CRM). */
export function draftInputs(plan: Plan, playbook: Playbook): string[] {
  const out: string[] = [`playbook ${playbook.plan_type}`];
  if (
    filled(plan.customer_context?.industry) ||
    filled(plan.customer_context?.primary_use_case) ||
    filled(plan.customer_context?.background)
  )
    out.push('customer_context');
  if ((plan.stakeholders?.length ?? 0) > 0) out.push(`stakeholders (${plan.stakeholders!.length})`);
  if (filled(plan.business_outcomes?.current_state) || (plan.business_outcomes?.objectives?.length ?? 0) > 0)
    out.push('business_outcomes');
  if (plan.meta.crm?.source)
    out.push(
      `crm (${plan.meta.crm.source}${plan.meta.crm.opportunity_id ? ` opportunity ${plan.meta.crm.opportunity_id}` : ''})`,
    );
  if (plan.meta.arr_usd !== undefined) out.push('meta.arr_usd');
  return out;
}

export { similarRecord };

/** The document paths each section may add to or set (the draft writes nowhere else). */
const SECTION_PATHS: Record<DraftSection, ReadonlyArray<readonly string[]>> = {
  objectives: [['business_outcomes', 'objectives']],
  'success-criteria': [['success_criteria']],
  'technical-evaluation': [['technical_evaluation']],
  'adoption-journey': [['adoption_journey', 'phases']],
  risks: [['risks']],
  'value-metrics': [['value_tracking', 'metrics']],
  raci: [['governance', 'raci']],
};

/**
 * The edits that fall outside the given sections (and meta.generation, where the record goes);
 * [] when the draft stays inside them. csp draft refuses a draft for which this is not empty.
 */
export function editsOutside(edits: readonly Edit[], sections: readonly DraftSection[]): Edit[] {
  const allowed = [['meta', 'generation'], ...sections.flatMap((s) => SECTION_PATHS[s])];
  return edits.filter((e) => !allowed.some((prefix) => prefix.every((key, i) => e.path[i] === key)));
}
