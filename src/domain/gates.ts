/**
 * Phase gates (SPEC "Lifecycle and gates"): what a plan must hold to enter each phase, as data.
 *
 * Each requirement names the first phase in which it must hold. A plan in phase P fails
 * validation for every requirement due by P (so "a CSP that is incomplete at Stage 4 blocks the
 * proposal"), and sees the requirements of the next phase as gaps (severity info). `csp develop`
 * and `csp finalize` refuse to move until the next phase's requirements hold.
 *
 * The SPEC's table, read as requirements:
 * - to enter develop: context, a customer stakeholder, 3-5 objectives (the guardrail applies
 *   once past initiate), the current-state assessment;
 * - to enter finalize: success criteria, the technical evaluation plan, resources, timeline and
 *   milestones; and, because a finalize-phase plan must be complete, every section populated:
 *   adoption phases, risks with mitigations, baselined value metrics, RACI, key results;
 * - to enter execute (handoff accepted): a customer review recorded, the handoff accepted.
 */
import type { RawIssue } from './issue.js';
import type { IssueCode, RequirementId } from './issue-codes.js';
import type { DocPath } from './edit.js';
import { filled, milestonesOf, type Plan } from './plan.js';
import { PHASES, isOpportunityStage, stageRank, type LifecyclePhase } from './stage.js';
import { toPointer } from './issue.js';

/** One thing a plan must hold from a given phase on. */
export interface Requirement {
  /** Declared in REQUIREMENT_IDS (domain/issue-codes.ts): it names the gate-, backfill- and proposal-blocked- codes. */
  id: RequirementId;
  /** The first phase in which the plan must satisfy it. */
  requiredFrom: LifecyclePhase;
  /** Where the missing thing goes (for line:col and for the message). */
  path: DocPath;
  /** What is missing, said plainly. */
  message: string;
  /** The command that fills it in, for the plan's account (and the offending item's id, when per item; the plan, when the command depends on it). */
  hint(account: string, id?: string, plan?: Plan): string;
  /** Paths of the offending items when the requirement is about each item (e.g. a risk with no mitigation). */
  offenders(plan: Plan): DocPath[];
  /** For per-item requirements: the message naming the item at path. */
  describe?(plan: Plan, path: DocPath): string;
  /** Set when csp finalize fills this in from the playbook or the plan itself. */
  scaffoldedBy?: string;
}

/** The id of the item at path ("obj-2"), for messages. */
function idAt(plan: Plan, path: DocPath): string {
  let node: unknown = plan;
  for (const key of path) node = (node as Record<string | number, unknown> | undefined)?.[key];
  return (node as { id?: string } | undefined)?.id ?? path.join('.');
}

const SPEC = 'SPEC "Lifecycle and gates"';

/** Whole-section requirement: met when the test holds, else one offender at path. */
function whole(
  id: RequirementId,
  requiredFrom: LifecyclePhase,
  path: DocPath,
  test: (p: Plan) => boolean,
  message: string,
  hint: (a: string, id?: string, plan?: Plan) => string,
): Requirement {
  return { id, requiredFrom, path, message, hint, offenders: (p) => (test(p) ? [] : [path]) };
}

/** Every requirement, in the order a person fills a plan in. */
export const REQUIREMENTS: readonly Requirement[] = [
  whole(
    'context-industry',
    'develop',
    ['customer_context', 'industry'],
    (p) => filled(p.customer_context?.industry),
    'customer context: the industry is missing',
    (a) => `csp set ${a} customer_context.industry "Technology"`,
  ),
  whole(
    'context-use-case',
    'develop',
    ['customer_context', 'primary_use_case'],
    (p) => filled(p.customer_context?.primary_use_case),
    'customer context: the primary use case is missing',
    (a) => `csp set ${a} customer_context.primary_use_case "..."`,
  ),
  whole(
    'context-background',
    'develop',
    ['customer_context', 'background'],
    (p) => filled(p.customer_context?.background),
    'customer context: the business background from discovery is missing',
    (a) => `csp set ${a} customer_context.background "..."`,
  ),
  // Stryker disable next-line ArrayDeclaration: equivalent: an item that is not a stakeholder has no side, as an empty list has none
  whole(
    'stakeholder-customer',
    'develop',
    ['stakeholders'],
    (p) => (p.stakeholders ?? []).some((s) => s.side === 'customer'),
    'no customer stakeholder identified',
    (a) => `csp add stakeholder ${a} --name "..." --title "..." --role champion --side customer`,
  ),
  whole(
    'objectives-count',
    'develop',
    ['business_outcomes', 'objectives'],
    (p) => {
      const n = p.business_outcomes?.objectives?.length ?? 0;
      return n >= 3 && n <= 5;
    },
    'business outcomes need 3-5 objectives once past initiate',
    (a) => `csp add objective ${a} --statement "..." (a plan holds 3 to 5)`,
  ),
  whole(
    'current-state',
    'develop',
    ['business_outcomes', 'current_state'],
    (p) => filled(p.business_outcomes?.current_state),
    'the current-state assessment is missing',
    (a) => `csp set ${a} business_outcomes.current_state "..."`,
  ),

  whole(
    'success-criteria',
    'finalize',
    ['success_criteria'],
    (p) => (p.success_criteria?.length ?? 0) >= 1,
    'no success criteria (1-5 are needed)',
    (a) => `csp add criterion ${a} --criterion "..." --baseline ... --target ... --measurement "..." --due YYYY-MM-DD`,
  ),
  whole(
    'tech-eval-plan',
    'finalize',
    ['technical_evaluation', 'plan'],
    (p) => filled(p.technical_evaluation?.plan),
    'the technical evaluation plan is missing',
    (a) => `csp set ${a} technical_evaluation.plan "..."`,
  ),
  whole(
    'tech-eval-resources',
    'finalize',
    ['technical_evaluation', 'resources'],
    (p) => (p.technical_evaluation?.resources?.length ?? 0) >= 1,
    'the technical evaluation has no resource requirements',
    (a) => `csp add resource ${a} --text "1 SA (50%)"`,
  ),
  whole(
    'tech-eval-timeline',
    'finalize',
    ['technical_evaluation', 'timeline'],
    (p) => filled(p.technical_evaluation?.timeline?.start) && filled(p.technical_evaluation?.timeline?.end),
    'the technical evaluation timeline (start and end) is missing',
    (a) => `csp set ${a} technical_evaluation.timeline.start YYYY-MM-DD (and .end)`,
  ),
  whole(
    'milestones',
    'finalize',
    ['adoption_journey'],
    (p) => milestonesOf(p).length >= 1,
    'no milestones in the plan',
    (a, _id, p) =>
      // NOTE: a milestone goes into a phase: with none yet, the first step is the phase (csp develop scaffolds both).
      (p?.adoption_journey?.phases?.length ?? 0) > 0
        ? `csp add milestone ${a} --phase ${p!.adoption_journey!.phases![0].id} --title "..." --due YYYY-MM-DD --owner "<owner>"`
        : `csp add phase ${a} --name "..." --start YYYY-MM-DD --end YYYY-MM-DD, then a milestone in it`,
  ),
  whole(
    'plan-dates',
    'finalize',
    ['meta'],
    (p) => filled(p.meta?.plan_start) && filled(p.meta?.plan_end),
    "the plan's timeline (meta.plan_start and meta.plan_end) is missing",
    (a) => `csp set ${a} meta.plan_start YYYY-MM-DD (and meta.plan_end)`,
  ),
  // Stryker disable next-line ArrayDeclaration: equivalent: an item that is not a phase has no dates, as an empty list has none
  whole(
    'adoption-phases',
    'finalize',
    ['adoption_journey', 'phases'],
    (p) => (p.adoption_journey?.phases ?? []).some((ph) => filled(ph.start) && filled(ph.end)),
    'the adoption journey has no dated phases',
    (a) => `csp add phase ${a} --name "..." --start YYYY-MM-DD --end YYYY-MM-DD`,
  ),
  {
    id: 'objective-key-results',
    requiredFrom: 'finalize',
    path: ['business_outcomes', 'objectives'],
    message: 'an objective has no key result',
    describe: (p, path) => `objective ${idAt(p, path)} has no key result`,
    hint: (a, id = 'obj-N') =>
      `csp add key-result ${a} --objective ${id} --metric "..." --baseline ... --target ... --due YYYY-MM-DD`,
    offenders: (p) =>
      (p.business_outcomes?.objectives ?? []).flatMap((o, i) =>
        (o.key_results?.length ?? 0) === 0 ? [['business_outcomes', 'objectives', i]] : [],
      ),
  },
  whole(
    'risks',
    'finalize',
    ['risks'],
    (p) => (p.risks?.length ?? 0) >= 1,
    'no risks documented',
    (a) => `csp add risk ${a} --title "..." --probability medium --impact high --mitigation "..." --owner "<owner>"`,
  ),
  {
    id: 'risk-mitigations',
    requiredFrom: 'finalize',
    path: ['risks'],
    message: 'a risk has no mitigation',
    describe: (p, path) => `risk ${idAt(p, path)} has no mitigation`,
    hint: (a, id = 'rk-N') => `csp set ${a} risks.${id}.mitigation "..."`,
    offenders: (p) =>
      (p.risks ?? []).flatMap((r, i) => (r.status !== 'closed' && !filled(r.mitigation) ? [['risks', i]] : [])),
  },
  {
    ...whole(
      'value-metrics',
      'finalize',
      ['value_tracking', 'metrics'],
      (p) => (p.value_tracking?.metrics?.length ?? 0) >= 1,
      'no value metrics to track',
      (a) => `csp add metric ${a} --name "..." --unit ... --baseline N --target N`,
    ),
    scaffoldedBy: 'csp finalize derives them from key results with a numeric baseline',
  },
  {
    id: 'value-baselines',
    requiredFrom: 'finalize',
    path: ['value_tracking', 'metrics'],
    message: 'a value metric has no numeric baseline',
    describe: (p, path) => `value metric ${idAt(p, path)} has no numeric baseline`,
    hint: (a, id = 'vm-N') => `csp set ${a} value_tracking.metrics.${id}.baseline <number>`,
    offenders: (p) =>
      (p.value_tracking?.metrics ?? []).flatMap((m, i) =>
        typeof m.baseline === 'number' ? [] : [['value_tracking', 'metrics', i]],
      ),
  },
  {
    ...whole(
      'raci',
      'finalize',
      ['governance', 'raci'],
      (p) => (p.governance?.raci?.length ?? 0) >= 1,
      'governance: no RACI matrix',
      (a) => `csp add raci ${a} --activity "..." --role csm=R --role customer_exec=A`,
    ),
    scaffoldedBy: "csp finalize adds the playbook's RACI",
  },

  whole(
    'customer-review',
    'execute',
    ['governance', 'customer_reviews'],
    (p) => (p.governance?.customer_reviews?.length ?? 0) >= 1 || filled(p.meta?.last_customer_review),
    'no customer review recorded',
    (a) => `csp review ${a} --customer "<customer stakeholder>"`,
  ),
  whole(
    'handoff-accepted',
    'execute',
    ['handoff', 'accepted'],
    (p) => p.handoff?.accepted === true,
    'the handoff to the CA has not been accepted',
    (a, _id, p) =>
      // NOTE: once the handoff names its CA, the one step left is that CA's acceptance.
      p?.handoff?.to
        ? `${p.handoff.to} confirms the checklist and accepts with: csp handoff ${a} --accept --by ${JSON.stringify(p.handoff.to)} --confirm <item>`
        : `csp handoff ${a} --to "<CA>"; then, as the CA: csp handoff ${a} --accept`,
  ),
];

/** Orders gap issues the way a person fills a plan in (the order of REQUIREMENTS); others keep their order. */
export function byRequirementOrder<T extends { code: string }>(issues: readonly T[]): T[] {
  const rank = (code: string) => {
    const i = REQUIREMENTS.findIndex((r) => `gate-${r.id}` === code);
    return i === -1 ? REQUIREMENTS.length : i;
  };
  return [...issues].sort((a, b) => rank(a.code) - rank(b.code));
}

/** The phase after this one, or null after execute. */
export function nextPhase(phase: LifecyclePhase): LifecyclePhase | null {
  return PHASES[PHASES.indexOf(phase) + 1] ?? null;
}

function rankOf(phase: LifecyclePhase): number {
  return PHASES.indexOf(phase);
}

function issuesFor(plan: Plan, requirement: Requirement, severity: RawIssue['severity'], why: string): RawIssue[] {
  const account = plan.meta?.account ?? '<account>';
  return requirement.offenders(plan).map((path) => {
    const id = requirement.describe ? idAt(plan, path) : undefined;
    const hint = requirement.hint(account, id, plan);
    return {
      code: `gate-${requirement.id}` as const,
      severity,
      path: toPointer(path),
      message: `${requirement.describe ? requirement.describe(plan, path) : requirement.message} (${why})`,
      hint:
        severity === 'info' && requirement.scaffoldedBy
          ? `${requirement.scaffoldedBy.replace(/^csp (\S+)/, `csp $1 ${account}`)}, or: ${hint}`
          : hint,
      source: SPEC,
    };
  });
}

/**
 * What a requirement asks for, as a noun phrase, for the backfill warnings of imported plans
 * ("imported at Stage 3: the current-state assessment still to be filled in").
 */
const BACKFILL_WHAT: Readonly<Record<RequirementId, string>> = {
  'context-industry': 'the industry',
  'context-use-case': 'the primary use case',
  'context-background': 'the business background',
  'stakeholder-customer': 'a customer stakeholder',
  'objectives-count': '3-5 objectives',
  'current-state': 'the current-state assessment',
  'success-criteria': 'success criteria (1-5)',
  'tech-eval-plan': 'the technical evaluation plan',
  'tech-eval-resources': 'the technical evaluation resources',
  'tech-eval-timeline': 'the technical evaluation timeline',
  milestones: 'milestones',
  'plan-dates': "the plan's timeline",
  'adoption-phases': 'dated adoption phases',
  'objective-key-results': 'key results for each objective',
  risks: 'risks',
  'risk-mitigations': 'a mitigation for each risk',
  'value-metrics': 'value metrics',
  'value-baselines': 'numeric baselines for the value metrics',
  raci: 'the RACI matrix',
  'customer-review': 'a customer review',
  'handoff-accepted': 'the accepted handoff to the CA',
};

/**
 * True when the plan came from `csp import` in the phase it is still in (meta.imported.phase):
 * CRM data cannot fill objectives, the current state, a customer review or a handoff, so what the
 * phase requires is a warning to backfill, not an error, until a lifecycle command moves it on.
 */
export function isImportedBackfill(plan: Plan): boolean {
  const imported = plan.meta?.imported;
  return !!imported && imported.phase === plan.meta?.phase;
}

function backfillIssues(plan: Plan, requirement: Requirement): RawIssue[] {
  const stage = plan.meta?.opportunity_stage ?? plan.meta?.phase;
  const what = BACKFILL_WHAT[requirement.id] ?? requirement.message;
  // Stryker disable next-line StringLiteral: equivalent: the message is replaced below
  return issuesFor(plan, requirement, 'warning', `required in phase ${plan.meta.phase}`).map((issue) => ({
    ...issue,
    code: `backfill-${requirement.id}` as const,
    message: `imported at ${stage}: ${what} still to be filled in`,
  }));
}

/** The code prefix of the errors that block the Stage 4 proposal of an incomplete plan (isProposalBlock). */
export const PROPOSAL_BLOCKED = 'proposal-blocked-' as const;

/**
 * True for an issue code that says the Stage 4 proposal is blocked (SPEC "Lifecycle and gates":
 * "A CSP that is incomplete at Stage 4 blocks the proposal: validation fails"). Such errors fail
 * `csp validate` and the pre-commit hook, but never refuse the edits and lifecycle steps that fill
 * the plan in: they are the state the plan is being brought out of.
 */
export function isProposalBlock(code: IssueCode): code is `proposal-blocked-${RequirementId}` {
  return code.startsWith(PROPOSAL_BLOCKED);
}

/**
 * Whether the plan has reached the Stage 4 proposal: its opportunity is at Stage 4 or Closed Won,
 * or the plan itself is in finalize or execute.
 */
export function atProposal(plan: Plan): boolean {
  const stage = plan.meta?.opportunity_stage;
  if (isOpportunityStage(stage) && stage !== 'Closed Lost' && stageRank(stage) >= stageRank('Stage 4')) return true;
  return plan.meta?.phase === 'finalize' || plan.meta?.phase === 'execute';
}

/** What blocks the proposal, as data: the requirement and its plain "what" ("the industry"). */
export interface ProposalBlocker {
  id: string;
  what: string;
  hint: string;
}

/**
 * What the plan still lacks for its Stage 4 proposal (every requirement due by finalize), when it
 * has reached the proposal (atProposal); [] when it is complete or not there yet. Used by status,
 * the portfolio and the import summary ("proposal blocked").
 */
export function proposalBlockers(plan: Plan): ProposalBlocker[] {
  if (!atProposal(plan)) return [];
  const account = plan.meta?.account ?? '<account>';
  return REQUIREMENTS.filter((r) => rankOf(r.requiredFrom) <= rankOf('finalize')).flatMap((r) => {
    const offenders = r.offenders(plan);
    if (offenders.length === 0) return [];
    const id = r.describe ? idAt(plan, offenders[0]) : undefined;
    return [{ id: r.id, what: BACKFILL_WHAT[r.id] ?? r.message, hint: r.hint(account, id, plan) }];
  });
}

function proposalIssues(plan: Plan, requirement: Requirement): RawIssue[] {
  const stage = plan.meta?.opportunity_stage ?? 'Stage 4';
  return issuesFor(
    plan,
    requirement,
    'error',
    `required at ${stage}: the proposal is blocked until the plan is complete`,
  ).map((issue) => ({ ...issue, code: `${PROPOSAL_BLOCKED}${requirement.id}` as const }));
}

/**
 * Completeness for the plan's current phase: errors for what the phase requires, info gaps for
 * what the next phase will require. A plan imported in its current phase (isImportedBackfill)
 * gets warnings coded backfill-<requirement> instead of the errors. A plan at Stage 4 or later
 * (atProposal) that lacks what finalize requires gets errors coded proposal-blocked-<requirement>
 * for each (imported or not, whatever its phase). Returns [] for a plan whose phase is unknown
 * (the schema reports that).
 */
export function phaseCompleteness(plan: Plan): RawIssue[] {
  const phase = plan.meta?.phase as LifecyclePhase | undefined;
  if (!phase || !PHASES.includes(phase)) return [];
  const next = nextPhase(phase);
  const backfill = isImportedBackfill(plan);
  const proposal = atProposal(plan);
  return REQUIREMENTS.flatMap((r) => {
    const dueByProposal = proposal && rankOf(r.requiredFrom) <= rankOf('finalize');
    if (rankOf(r.requiredFrom) <= rankOf(phase)) {
      if (backfill) return dueByProposal ? proposalIssues(plan, r) : backfillIssues(plan, r);
      return issuesFor(plan, r, 'error', `required in phase ${phase}`);
    }
    if (dueByProposal) return proposalIssues(plan, r);
    if (r.requiredFrom === next) return issuesFor(plan, r, 'info', `needed before ${next}`);
    return [];
  });
}

/** What blocks moving the plan into the target phase: every unmet requirement due by then. */
export function gateIssues(plan: Plan, target: LifecyclePhase): RawIssue[] {
  return REQUIREMENTS.filter((r) => rankOf(r.requiredFrom) <= rankOf(target)).flatMap((r) =>
    issuesFor(plan, r, 'error', `needed to enter ${target}`),
  );
}
