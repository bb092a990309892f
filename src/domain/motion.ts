/**
 * Plan types in motion: an executing plan turns into a renewal plan (from the contract's renewal
 * date: T-120 to T-0) or a recovery plan (when the customer health score is red), in the same
 * living document (SPEC: "one document lives across the whole lifecycle of an account ... to
 * renewal"). The plan keeps everything it has; it gets the new plan type, the playbook's phases
 * and milestones dated from the anchor with fresh ids, a timeline long enough for them (with the
 * 10% contingency buffer of the guardrails), and, for recovery, the save plays as actions. The
 * command snapshots the plan before and after, so the earlier version stays in history.
 * Pure: plan, playbook and dates in, edits out.
 */
import { addDaysIso, daysBetween, isIsoDate, type IsoDate } from './dates.js';
import { append, set, type Edit } from './edit.js';
import { TransitionError, type Transition } from './lifecycle.js';
import { idsWithPrefix, nextId, type Plan } from './plan.js';
import { playbookPhases, playbookTimeline, type Playbook } from './playbook.js';

/** A save play of the recovery playbook (what customer-health's triggers fire). */
type SavePlay = NonNullable<Playbook['save_plays']>[number];

function requireExecuting(plan: Plan, command: string, what: string): void {
  if (plan.meta.phase !== 'execute') {
    throw new TransitionError(
      `${command} turns an executing plan into a ${what} plan, but ${plan.meta.account} is in phase ${plan.meta.phase}`,
      `hand it off first (csp handoff ${plan.meta.account} --to "<CA>", then --accept)`,
    );
  }
  if (plan.meta.plan_type === what)
    throw new TransitionError(
      `${plan.meta.account} is already a ${what} plan`,
      `csp status ${plan.meta.account} shows where it stands`,
    );
}

/** The plan end that holds the new milestones and keeps 10% of the timeline free after the last one (reference/000 "Guardrails"). */
function extendedEnd(plan: Plan, lastDue: IsoDate, playbookEnd: IsoDate): IsoDate {
  const start = isIsoDate(plan.meta.plan_start) ? plan.meta.plan_start : lastDue;
  const buffer = Math.ceil(Math.max(0, daysBetween(start, lastDue)) / 9);
  return [plan.meta.plan_end, playbookEnd, addDaysIso(lastDue, buffer)].filter(isIsoDate).sort().pop()!;
}

function addPhases(
  plan: Plan,
  playbook: Playbook,
  anchors: { planStart: IsoDate; renewalDate?: IsoDate },
): { edits: Edit[]; phases: ReturnType<typeof playbookPhases> } {
  const phases = playbookPhases(playbook, anchors, plan.meta.owner.name, {
    phases: idsWithPrefix(plan, 'ph'),
    milestones: idsWithPrefix(plan, 'ms'),
  });
  const lastDue = phases
    .flatMap((p) => (p.milestones ?? []).map((m) => m.due))
    .sort()
    .pop()!;
  const end = extendedEnd(plan, lastDue, playbookTimeline(playbook, anchors).end);
  const edits: Edit[] = [
    set(['meta', 'plan_type'], playbook.plan_type),
    ...phases.map((p) => append(['adoption_journey', 'phases'], p)),
  ];
  if (end !== plan.meta.plan_end) edits.push(set(['meta', 'plan_end'], end));
  return { edits, phases };
}

/**
 * Turns an executing plan into a renewal plan: the renewal playbook's phases counted back from
 * the renewal date (T-120 internal kickoff and ROI ... T-0). Throws TransitionError when the plan
 * is not executing or is already a renewal plan.
 */
export function planRenewal(plan: Plan, playbook: Playbook, renewalDate: IsoDate, today: IsoDate): Transition {
  requireExecuting(plan, 'csp renew', 'renewal');
  const { edits, phases } = addPhases(plan, playbook, { planStart: today, renewalDate });
  if (plan.customer_context?.contract?.renewal_date !== renewalDate)
    edits.push(set(['customer_context', 'contract', 'renewal_date'], renewalDate));
  const late = phases.flatMap((p) => p.milestones ?? []).filter((m) => m.due < today);
  const notes = [
    `plan type renewal: ${phases.length} phases from ${phases[0].start} (T-120) to the renewal on ${renewalDate}`,
    ...(late.length > 0
      ? [
          `${late.length} renewal milestone${late.length === 1 ? ' is' : 's are'} already past (${late.map((m) => m.id).join(', ')}): the renewal started late; mark what was done with csp set ${plan.meta.account} ${late[0].id}.status done`,
        ]
      : []),
    ...(playbook.risks ?? []).map(
      (r) =>
        `risk to consider: ${r.title} (mitigation: ${r.mitigation}): csp add risk ${plan.meta.account} --title ${JSON.stringify(r.title)} --probability ${r.probability} --impact ${r.impact} --mitigation ${JSON.stringify(r.mitigation ?? '...')}`,
    ),
  ];
  return { edits, notes };
}

/** Days in a save play's "within" ("48 hours" -> 2, "1 week" -> 7); 7 when it cannot be read. */
export function withinDays(within: string): number {
  const m = /^(\d+)\s*(hour|day|week|month)s?$/i.exec(within.trim());
  if (!m) return 7;
  const n = Number(m[1]);
  const unit = m[2].toLowerCase();
  return unit === 'hour' ? Math.max(1, Math.ceil(n / 24)) : unit === 'day' ? n : unit === 'week' ? n * 7 : n * 30;
}

/**
 * Turns an executing plan into a recovery plan starting on `start`: the recovery playbook's
 * phases, and each save play as an action of the first recovery phase, owned by the plan owner
 * and due within the play's time. Throws TransitionError when the plan is not executing or is
 * already a recovery plan.
 */
export function planRecovery(plan: Plan, playbook: Playbook, start: IsoDate, plays: readonly SavePlay[]): Transition {
  requireExecuting(plan, 'csp recover', 'recovery');
  const { edits, phases } = addPhases(plan, playbook, { planStart: start });
  const phaseIndex = (plan.adoption_journey?.phases ?? []).length;
  const actionIds = idsWithPrefix(plan, 'ac');
  for (const play of plays) {
    const id = nextId('ac', actionIds);
    actionIds.push(id);
    edits.push(
      append(['adoption_journey', 'phases', phaseIndex, 'actions'], {
        id,
        what: `Save play for ${play.trigger.replace(/_/g, ' ')}: ${play.play} (${play.owner})`,
        who: plan.meta.owner.name,
        when: addDaysIso(start, withinDays(play.within)),
        status: 'open',
        depends_on: [],
      }),
    );
  }
  const notes = [
    `plan type recovery: ${phases.length} phases from ${start}, path forward by ${addDaysIso(start, 60)}`,
    ...plays.map((p) => `save play: ${p.play} (${p.owner}, within ${p.within}) for ${p.trigger.replace(/_/g, ' ')}`),
  ];
  return { edits, notes };
}
