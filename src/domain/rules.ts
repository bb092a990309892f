/**
 * The SPEC's guardrails and the plan's internal consistency, checked on schema-valid data
 * (SPEC "Lifecycle and gates" guardrails; reference/000 "Guardrails"): milestone dates inside the
 * plan's timeline, a 10-20% contingency buffer, owners named among the plan's people, no RED risk
 * without a mitigation, unique ids, known references, status consistent with sign-off and
 * approval. Phase completeness lives in gates.ts. Pure: plan in, RawIssue[] out.
 */
import type { IssueCode, RawIssue } from './issue.js';
import { toPointer } from './issue.js';
import type { DocPath } from './edit.js';
import { daysBetween, isIsoDate } from './dates.js';
import { actionsOf, effectiveRag, filled, milestonesOf, peopleOf, type Plan } from './plan.js';

/** Team settings the rules depend on. */
export interface RuleOptions {
  /** A plan is approved/active only after a manager's approval (config require_manager_approval). */
  requireManagerApproval?: boolean;
  /** The account folder the plan lives in, when known: meta.account must match it. */
  expectedAccount?: string;
}

const GUARDRAILS = 'SPEC "Lifecycle and gates" (guardrails)';

/** Records one issue at a document path; the source defaults to the guardrails section. */
type Push = (
  path: DocPath,
  code: IssueCode,
  severity: RawIssue['severity'],
  message: string,
  hint?: string,
  source?: string,
) => void;

/** meta.account matches the folder the plan is in (SPEC "The InfoHub layout"). */
function accountRule(plan: Plan, push: Push, options: RuleOptions): void {
  const account = plan.meta.account;
  if (options.expectedAccount && account !== options.expectedAccount) {
    push(
      ['meta', 'account'],
      'account-mismatch',
      'error',
      `meta.account is "${account}" but the plan is in the folder "${options.expectedAccount}"`,
      `set meta.account to ${options.expectedAccount}, or move the plan to ${account}/success_plan/`,
      'SPEC "The InfoHub layout"',
    );
  }
}

/** Timeline: plan dates in order, milestones inside, a contingency buffer at the end. */
function timelineRules(plan: Plan, push: Push, _options: RuleOptions): void {
  const account = plan.meta.account;
  const { plan_start: start, plan_end: end } = plan.meta;
  const timeline = isIsoDate(start) && isIsoDate(end) ? { start, end } : null;
  if (timeline && timeline.start > timeline.end) {
    push(
      ['meta', 'plan_end'],
      'plan-dates-order',
      'error',
      `the plan ends (${timeline.end}) before it starts (${timeline.start})`,
      'swap meta.plan_start and meta.plan_end',
    );
  }
  const milestones = milestonesOf(plan);
  if (timeline && timeline.start <= timeline.end) {
    for (const { milestone, path } of milestones) {
      if (isIsoDate(milestone.due) && (milestone.due < timeline.start || milestone.due > timeline.end)) {
        push(
          [...path, 'due'],
          'milestone-outside-plan',
          'error',
          `milestone ${milestone.id} is due ${milestone.due}, outside the plan's timeline ${timeline.start} to ${timeline.end}`,
          `move the due date inside the plan, or extend meta.plan_end: csp set ${account} meta.plan_end YYYY-MM-DD`,
        );
      }
    }
    const span = daysBetween(timeline.start, timeline.end);
    const lastDue = milestones
      .map((m) => m.milestone.due)
      .filter(isIsoDate)
      .sort()
      .pop();
    if (span > 0 && lastDue && lastDue <= timeline.end) {
      const buffer = daysBetween(lastDue, timeline.end);
      if (buffer / span < 0.1) {
        push(
          ['meta', 'plan_end'],
          'contingency-buffer',
          'warning',
          `the last milestone (${lastDue}) leaves ${buffer} of ${span} days as contingency buffer, under 10% of the timeline`,
          `keep 10-20% of the timeline free after the last milestone (about ${Math.ceil(span * 0.1)} days)`,
          'reference/000 "Guardrails"',
        );
      }
    }
  }
}

/** Phases: dates in order and inside the plan's timeline. */
function phaseRules(plan: Plan, push: Push, _options: RuleOptions): void {
  const { plan_start: start, plan_end: end } = plan.meta;
  const timeline = isIsoDate(start) && isIsoDate(end) ? { start, end } : null;
  (plan.adoption_journey?.phases ?? []).forEach((phase, i) => {
    if (isIsoDate(phase.start) && isIsoDate(phase.end) && phase.start > phase.end) {
      push(
        ['adoption_journey', 'phases', i, 'end'],
        'phase-dates-order',
        'error',
        `phase ${phase.id} ends (${phase.end}) before it starts (${phase.start})`,
        'swap its start and end',
      );
    }
    if (
      timeline &&
      ((isIsoDate(phase.start) && phase.start < timeline.start) || (isIsoDate(phase.end) && phase.end > timeline.end))
    ) {
      push(
        ['adoption_journey', 'phases', i],
        'phase-outside-plan',
        'warning',
        `phase ${phase.id} (${phase.start ?? '?'} to ${phase.end ?? '?'}) runs outside the plan's timeline ${timeline.start} to ${timeline.end}`,
      );
    }
  });
}

/** Owners named among the plan's people. */
function ownerRules(plan: Plan, push: Push, _options: RuleOptions): void {
  const account = plan.meta.account;
  const milestones = milestonesOf(plan);
  const people = peopleOf(plan);
  const checkPerson = (path: DocPath, ref: string | undefined, what: string, required: 'error' | 'warning' | null) => {
    if (ref === undefined || !filled(ref)) {
      if (required)
        push(
          path,
          'owner-missing',
          required,
          `${what} has no owner`,
          `name one of the plan's people: ${people.describe()}`,
        );
      return;
    }
    if (!people.resolve(ref)) {
      push(
        path,
        'owner-unknown',
        'error',
        `${what}: "${ref}" is not one of the plan's people`,
        `use a stakeholder id or name, or the plan owner (known: ${people.describe()}); ${/^[a-z]+-[0-9]+$/.test(ref.trim()) ? `there is no stakeholder ${ref.trim()}: add the person with csp add stakeholder ${account} --name "<name>" --title "..." --role champion --side customer` : `add them with csp add stakeholder ${account} --name ${JSON.stringify(ref)} --title "..." --role champion --side customer`}`,
      );
    }
  };
  for (const { milestone, path } of milestones)
    checkPerson([...path, 'owner'], milestone.owner, `milestone ${milestone.id}`, 'error');
  for (const { action, path } of actionsOf(plan))
    checkPerson([...path, 'who'], action.who, `action ${action.id}`, 'warning');
  (plan.risks ?? []).forEach((risk, i) => checkPerson(['risks', i, 'owner'], risk.owner, `risk ${risk.id}`, 'warning'));
  (plan.business_outcomes?.objectives ?? []).forEach((o, i) => {
    checkPerson(['business_outcomes', 'objectives', i, 'owner'], o.owner, `objective ${o.id}`, null);
    (o.key_results ?? []).forEach((kr, k) =>
      checkPerson(
        ['business_outcomes', 'objectives', i, 'key_results', k, 'owner'],
        kr.owner,
        `key result ${kr.id}`,
        null,
      ),
    );
  });
  (plan.governance?.customer_reviews ?? []).forEach((r, i) =>
    checkPerson(['governance', 'customer_reviews', i, 'with'], r.with, `customer review of ${r.date}`, null),
  );
  if (plan.meta.customer_sign_off)
    checkPerson(['meta', 'customer_sign_off', 'by'], plan.meta.customer_sign_off.by, 'the customer sign-off', null);
}

/** No RED risk without a mitigation. */
function riskRules(plan: Plan, push: Push, _options: RuleOptions): void {
  const account = plan.meta.account;
  (plan.risks ?? []).forEach((risk, i) => {
    if (effectiveRag(risk) === 'red' && risk.status !== 'closed' && !filled(risk.mitigation)) {
      push(
        ['risks', i],
        'risk-red-unmitigated',
        'error',
        `risk ${risk.id} "${risk.title}" is RED (${risk.rag ? 'rag: red' : `${risk.probability} probability x ${risk.impact} impact`}) and has no mitigation`,
        `csp set ${account} risks.${risk.id}.mitigation "..."`,
      );
    }
  });
}

/** Unique ids, known references (depends_on, linked_to). */
function idRules(plan: Plan, push: Push, _options: RuleOptions): void {
  const seen = new Map<string, string>();
  const walkIds = (node: unknown, path: DocPath): void => {
    if (Array.isArray(node)) node.forEach((item, i) => walkIds(item, [...path, i]));
    else if (node && typeof node === 'object') {
      const id = (node as { id?: unknown }).id;
      if (typeof id === 'string' && /^[a-z]+-[0-9]+$/.test(id)) {
        const first = seen.get(id);
        if (first)
          push(
            [...path, 'id'],
            'duplicate-id',
            'error',
            `id ${id} is used twice (first at ${first})`,
            'give each item its own id: csp add picks the next free one',
          );
        else seen.set(id, toPointer(path));
      }
      for (const [k, v] of Object.entries(node)) if (typeof v === 'object') walkIds(v, [...path, k]);
    }
  };
  walkIds(plan, []);
  for (const { action, path } of actionsOf(plan)) {
    (action.depends_on ?? []).forEach((dep, d) => {
      if (!seen.has(dep))
        push(
          [...path, 'depends_on', d],
          'reference-unknown',
          'error',
          `action ${action.id} depends on ${dep}, which is not in the plan`,
          'name an existing action (ac-N) or milestone (ms-N)',
        );
    });
  }
  (plan.value_tracking?.metrics ?? []).forEach((m, i) => {
    if (m.linked_to && !seen.has(m.linked_to))
      push(
        ['value_tracking', 'metrics', i, 'linked_to'],
        'reference-unknown',
        'error',
        `value metric ${m.id} is linked to ${m.linked_to}, which is not in the plan`,
        'link it to an existing key result (kr-N) or success criterion (sc-N)',
      );
  });
}

/** Status, sign-off and approval (SPEC: a plan becomes active only after sign-off). */
function statusRules(plan: Plan, push: Push, options: RuleOptions): void {
  const account = plan.meta.account;
  const status = plan.meta.status;
  const signedOff = !!plan.meta.customer_sign_off;
  const approved = !options.requireManagerApproval || !!plan.meta.manager_approval;
  if ((status === 'approved' || status === 'active') && !signedOff) {
    push(
      ['meta', 'status'],
      'status-without-sign-off',
      'error',
      `status is ${status} but the customer has not signed off`,
      `csp review ${account} --customer "<name>" --signed-off`,
    );
  }
  if ((status === 'approved' || status === 'active') && !approved) {
    push(
      ['meta', 'status'],
      'status-without-approval',
      'error',
      `status is ${status} but this team requires a manager's approval`,
      `csp approve ${account} --by "<manager>"`,
      '.csp.yaml require_manager_approval',
    );
  }
  if (status === 'active' && plan.meta.phase !== 'execute') {
    push(
      ['meta', 'status'],
      'status-phase',
      'error',
      `status is active but the plan is in phase ${plan.meta.phase}: a plan becomes active once the handoff is accepted`,
      `csp handoff ${account} --to "<CA>" and then --accept`,
    );
  }
  if (plan.handoff?.accepted && !filled(plan.handoff.to)) {
    push(
      ['handoff', 'to'],
      'handoff-without-ca',
      'error',
      'the handoff is accepted but names no CA',
      'set handoff.to to the CA who accepted it',
    );
  }
  if (isIsoDate(plan.meta.created) && isIsoDate(plan.meta.updated) && plan.meta.updated < plan.meta.created) {
    push(
      ['meta', 'updated'],
      'dates-order',
      'warning',
      `meta.updated (${plan.meta.updated}) is before meta.created (${plan.meta.created})`,
    );
  }
}

/** RACI: one Accountable per activity (reference/000 "RACI Matrix"). */
function raciRules(plan: Plan, push: Push, _options: RuleOptions): void {
  (plan.governance?.raci ?? []).forEach((row, i) => {
    const accountable = Object.entries(row).filter(
      ([k, v]) => k !== 'activity' && (v === 'A' || v === 'R/A' || v === 'A/R'),
    ).length;
    if (accountable !== 1)
      push(
        ['governance', 'raci', i],
        'raci-accountable',
        'warning',
        `RACI activity "${row.activity}" has ${accountable} accountable roles (A); it should have exactly one`,
        undefined,
        'reference/000 "RACI Matrix"',
      );
  });
}

const RULES = [accountRule, timelineRules, phaseRules, ownerRules, riskRules, idRules, statusRules, raciRules];

/** Runs every rule; returns the issues in document order of the rules. */
export function checkRules(plan: Plan, options: RuleOptions = {}): RawIssue[] {
  const out: RawIssue[] = [];
  const push = (
    path: DocPath,
    code: IssueCode,
    severity: RawIssue['severity'],
    message: string,
    hint?: string,
    source = GUARDRAILS,
  ) => out.push({ code, severity, path: toPointer(path), message, hint, source });
  for (const rule of RULES) rule(plan, push, options);
  return out;
}
