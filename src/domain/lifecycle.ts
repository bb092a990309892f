/**
 * Lifecycle transitions (SPEC "Lifecycle and gates", "Commands"): develop, finalize, customer
 * review and sign-off, manager approval, handoff and its acceptance. Each returns the edits that
 * make the transition; the command applies them to the data, validates the result (the phase
 * gate is part of validation) and writes only when it holds. Pure: plan and inputs in, edits out.
 */
import { set, append, remove, type Edit } from './edit.js';
import { addDaysIso, type IsoDate } from './dates.js';
import { filled, idsWithPrefix, milestonesOf, nextId, peopleOf, type Plan } from './plan.js';
import { playbookPhases, type Playbook } from './playbook.js';
import { stageRank, type OpportunityStage, type LifecyclePhase } from './stage.js';

/** A transition the plan cannot make in its current state (the command reports it, exit 3). */
export class TransitionError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** What a transition decided: the edits, and what to tell the user. */
export interface Transition {
  edits: Edit[];
  /** Lines for the user: what was scaffolded, what still needs doing. */
  notes: string[];
}

function requirePhase(plan: Plan, phase: LifecyclePhase, command: string): void {
  if (plan.meta.phase !== phase) {
    throw new TransitionError(
      `${command} moves a plan from ${phase}, but ${plan.meta.account} is in phase ${plan.meta.phase}`,
      plan.meta.phase === 'initiate'
        ? `run csp develop ${plan.meta.account} first`
        : `csp status ${plan.meta.account} shows where the plan stands`,
    );
  }
}

/**
 * A lifecycle command ends the import grace of a plan (meta.imported, gates.ts
 * isImportedBackfill): from then on the normal gates apply.
 */
function clearImported(plan: Plan): Edit[] {
  return plan.meta.imported ? [remove(['meta', 'imported'])] : [];
}

function raiseStage(plan: Plan, stage: OpportunityStage): Edit[] {
  const current = plan.meta.opportunity_stage;
  return !current || stageRank(current) < stageRank(stage) ? [set(['meta', 'opportunity_stage'], stage)] : [];
}

/**
 * initiate -> develop (Stage 3): scaffolds success criteria, the technical evaluation (resources
 * and a timeline from the playbook; when the plan already has part of it, only the missing parts)
 * and the playbook's dated phases and milestones, owned by the plan owner. Throws TransitionError when the plan is not in initiate.
 */
export function planDevelop(plan: Plan, playbook: Playbook, today: IsoDate): Transition {
  requirePhase(plan, 'initiate', 'csp develop');
  const edits: Edit[] = [set(['meta', 'phase'], 'develop'), ...raiseStage(plan, 'Stage 3'), ...clearImported(plan)];
  const notes: string[] = [];
  if (!plan.success_criteria) edits.push(set(['success_criteria'], []));
  const days = playbook.technical_evaluation?.duration_days ?? 14;
  const te = plan.technical_evaluation;
  if (!te) {
    edits.push(
      set(['technical_evaluation'], {
        plan: '',
        scope: '',
        resources: playbook.technical_evaluation?.resources ?? [],
        timeline: { start: today, end: addDaysIso(today, days) },
        status: 'planned',
      }),
    );
    notes.push(
      `scaffolded the technical evaluation: ${days} days from ${today}, resources from the ${playbook.plan_type} playbook`,
    );
  } else {
    // The README's order sets the evaluation's plan before develop: scaffold only what is missing.
    const filled: string[] = [];
    if ((te.resources?.length ?? 0) === 0 && (playbook.technical_evaluation?.resources?.length ?? 0) > 0) {
      edits.push(set(['technical_evaluation', 'resources'], playbook.technical_evaluation!.resources));
      filled.push(`resources from the ${playbook.plan_type} playbook`);
    }
    const start = te.timeline?.start;
    const end = te.timeline?.end;
    if (!start || !end) {
      const from = start ?? (end && end < today ? addDaysIso(end, -days) : today);
      const to = end ?? addDaysIso(from, days);
      if (!te.timeline) edits.push(set(['technical_evaluation', 'timeline'], { start: from, end: to }));
      else {
        if (!start) edits.push(set(['technical_evaluation', 'timeline', 'start'], from));
        if (!end) edits.push(set(['technical_evaluation', 'timeline', 'end'], to));
      }
      filled.push(`timeline ${from} to ${to}`);
    }
    if (!te.status) {
      edits.push(set(['technical_evaluation', 'status'], 'planned'));
      filled.push('status planned');
    }
    if (filled.length > 0)
      notes.push(`scaffolded the technical evaluation's missing parts (${filled.join(', ')}); what was there is kept`);
  }
  if ((plan.adoption_journey?.phases?.length ?? 0) === 0) {
    const start = plan.meta.plan_start ?? today;
    const phases = playbookPhases(
      playbook,
      { planStart: start, renewalDate: plan.customer_context?.contract?.renewal_date ?? undefined },
      plan.meta.owner.name,
      {
        phases: idsWithPrefix(plan, 'ph'),
        milestones: idsWithPrefix(plan, 'ms'),
      },
    );
    edits.push(set(['adoption_journey'], { phases }));
    notes.push(
      `scaffolded ${phases.length} phases and ${phases.reduce((n, p) => n + (p.milestones?.length ?? 0), 0)} milestones from the ${playbook.plan_type} playbook (owner: ${plan.meta.owner.name})`,
    );
  }
  return { edits, notes };
}

/**
 * develop -> finalize (Stage 4): status pending_review; scaffolds value metrics from the key
 * results that have a numeric baseline, the playbook's RACI and meeting cadence, and empty risk
 * and customer-review lists. Throws TransitionError when the plan is not in develop.
 */
export function planFinalize(plan: Plan, playbook: Playbook, today: IsoDate): Transition {
  requirePhase(plan, 'develop', 'csp finalize');
  const edits: Edit[] = [
    set(['meta', 'phase'], 'finalize'),
    set(['meta', 'status'], 'pending_review'),
    ...raiseStage(plan, 'Stage 4'),
    ...clearImported(plan),
  ];
  const notes: string[] = [];
  if (!plan.risks) edits.push(set(['risks'], []));
  if ((plan.value_tracking?.metrics?.length ?? 0) === 0) {
    const used: string[] = [];
    const metrics = (plan.business_outcomes?.objectives ?? []).flatMap((o) =>
      (o.key_results ?? []).flatMap((kr) => {
        if (typeof kr.baseline !== 'number') return [];
        const id = nextId('vm', used);
        used.push(id);
        return [
          {
            id,
            name: kr.metric,
            ...(kr.unit ? { unit: kr.unit } : {}),
            baseline: kr.baseline,
            ...(kr.target !== undefined ? { target: kr.target } : {}),
            linked_to: kr.id,
            measurements: [],
          },
        ];
      }),
    );
    if (plan.value_tracking) edits.push(set(['value_tracking', 'metrics'], metrics));
    else edits.push(set(['value_tracking'], { metrics }));
    if (metrics.length)
      notes.push(`scaffolded ${metrics.length} value metrics from the key results with a numeric baseline`);
  }
  if (!plan.governance?.raci?.length || !plan.governance?.cadence) {
    const start = plan.meta.plan_start ?? today;
    const governance: Record<string, unknown> = {};
    if (!plan.governance?.raci?.length && playbook.raci?.length) governance.raci = playbook.raci;
    if (!plan.governance?.cadence && playbook.cadence) {
      const c = playbook.cadence;
      const anchor =
        playbook.timeline.anchor === 'renewal_date'
          ? (plan.customer_context?.contract?.renewal_date ?? addDaysIso(start, -playbook.timeline.start_day))
          : start;
      governance.cadence = {
        kickoff: c.kickoff_day !== undefined ? addDaysIso(anchor, c.kickoff_day) : null,
        ...(c.weekly ? { weekly: c.weekly } : {}),
        ...(c.monthly_review ? { monthly_review: c.monthly_review } : {}),
        qbr: (c.qbr_days ?? []).map((d) => addDaysIso(anchor, d)),
      };
    }
    for (const [key, value] of Object.entries(governance)) edits.push(set(['governance', key], value));
    if (Object.keys(governance).length)
      notes.push(
        `scaffolded governance (${Object.keys(governance).join(', ')}) from the ${playbook.plan_type} playbook`,
      );
  }
  if (!plan.governance?.customer_reviews) edits.push(set(['governance', 'customer_reviews'], []));
  notes.push(
    `the plan is pending the customer's review: csp review ${plan.meta.account} --customer "<name>" (add --signed-off once the customer signs it off)`,
  );
  return { edits, notes };
}

/** The status a plan has once sign-off and approval are known (SPEC: active only after sign-off). */
export function statusAfter(plan: Plan, signedOff: boolean, approved: boolean): Plan['meta']['status'] {
  if (!signedOff || !approved) return plan.meta.status === 'draft' ? 'draft' : 'pending_review';
  return plan.meta.phase === 'execute' ? 'active' : 'approved';
}

/** Inputs of a customer review. */
export interface ReviewInput {
  /** The customer person who reviewed: a stakeholder id or name. */
  customer: string;
  signedOff: boolean;
  notes?: string;
  date: IsoDate;
}

/**
 * Records a customer review (and sign-off) in governance.customer_reviews and meta; promotes the
 * status when signed off (and approved where the team requires it). Throws TransitionError when
 * the reviewer is not one of the plan's people, or for a sign-off before the plan is finalized.
 */
export function planReview(plan: Plan, input: ReviewInput, requireManagerApproval: boolean): Transition {
  const person = peopleOf(plan).resolve(input.customer);
  if (!person) {
    throw new TransitionError(
      `"${input.customer}" is not one of the plan's people`,
      `add them first: csp add stakeholder ${plan.meta.account} --name "${input.customer}" --title "..." --role champion --side customer`,
    );
  }
  if (person.stakeholder?.side !== 'customer') {
    throw new TransitionError(
      `${person.name} is not on the customer's side: a customer review and sign-off come from the customer`,
      `name a customer stakeholder (${
        (plan.stakeholders ?? [])
          .filter((s) => s.side === 'customer')
          .map((s) => `${s.name} (${s.id})`)
          .join(', ') ||
        `add one: csp add stakeholder ${plan.meta.account} --name "<name>" --title "<title>" --role champion --side customer`
      })`,
    );
  }
  if (input.signedOff && (plan.meta.phase === 'initiate' || plan.meta.phase === 'develop')) {
    throw new TransitionError(
      `the customer signs off a finalized plan, and ${plan.meta.account} is in phase ${plan.meta.phase}`,
      `record the review without --signed-off, or run csp finalize ${plan.meta.account} first`,
    );
  }
  const review = {
    date: input.date,
    with: person.name,
    ...(filled(input.notes) ? { notes: input.notes } : {}),
    ...(input.signedOff ? { signed_off: true } : {}),
  };
  const edits: Edit[] = [
    append(['governance', 'customer_reviews'], review),
    set(['meta', 'last_customer_review'], input.date),
  ];
  const notes: string[] = [`recorded a customer review with ${person.name} on ${input.date}`];
  if (input.signedOff) {
    edits.push(set(['meta', 'customer_sign_off'], { by: person.name, date: input.date }));
    const approved = !requireManagerApproval || !!plan.meta.manager_approval;
    const status = statusAfter(plan, true, approved);
    if (status !== plan.meta.status) edits.push(set(['meta', 'status'], status));
    notes.push(
      approved
        ? `customer sign-off recorded: status ${status}`
        : `customer sign-off recorded; a manager's approval is still needed: csp approve ${plan.meta.account} --by "<manager>"`,
    );
  }
  return { edits, notes };
}

/** Who may approve a plan: the team's managers (.csp.yaml managers), when listed. */
export interface ApprovalPolicy {
  /** When non-empty, only these people approve (names compared without case). */
  managers?: readonly string[];
}

const samePerson = (a: string | null | undefined, b: string | null | undefined) =>
  !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Records a CSM manager's approval; promotes the status when the customer has signed off. Every
 * approval is kept in meta.approvals (oldest first); meta.manager_approval is the first and a
 * later one never replaces it. Throws TransitionError before finalize (there is nothing to approve
 * yet), when the approver is the plan's owner or owned it before (handoff.from: the SA), is not
 * one of the team's managers where .csp.yaml lists them, or already approved it.
 */
export function planApprove(plan: Plan, manager: string, date: IsoDate, policy: ApprovalPolicy = {}): Transition {
  const account = plan.meta.account;
  if (plan.meta.phase === 'initiate' || plan.meta.phase === 'develop') {
    throw new TransitionError(
      `a manager approves a finalized plan, and ${account} is in phase ${plan.meta.phase}`,
      `run csp finalize ${account} first`,
    );
  }
  const managers = policy.managers ?? [];
  const ask =
    managers.length > 0
      ? `csp approve ${account} --by ${JSON.stringify(managers[0])}`
      : `csp approve ${account} --by "<manager>"`;
  if (samePerson(manager, plan.meta.owner?.name)) {
    throw new TransitionError(
      `${manager} owns this plan and cannot approve it: a CSM manager other than its owner approves it`,
      `the manager runs: ${ask}`,
    );
  }
  if (samePerson(manager, plan.handoff?.from)) {
    throw new TransitionError(
      `${manager} owned this plan before the handoff and cannot approve it: a CSM manager other than its owners approves it`,
      `the manager runs: ${ask}`,
    );
  }
  if (managers.length > 0 && !managers.some((m) => samePerson(m, manager))) {
    throw new TransitionError(
      `${manager} is not one of the managers who approve plans (.csp.yaml managers: ${managers.join(', ')})`,
      `a listed manager runs: ${ask}`,
    );
  }
  const first = plan.meta.manager_approval;
  const history = plan.meta.approvals ?? (first ? [{ by: first.by, date: first.date }] : []);
  const earlier = history.find((a) => samePerson(a.by, manager));
  if (earlier)
    throw new TransitionError(
      `${manager} already approved ${account} on ${earlier.date}`,
      `csp status ${account} shows where the plan stands`,
    );
  const edits: Edit[] = [set(['meta', 'approvals'], [...history, { by: manager, date }])];
  if (!first) edits.push(set(['meta', 'manager_approval'], { by: manager, date }));
  const signedOff = !!plan.meta.customer_sign_off;
  const status = statusAfter(plan, signedOff, true);
  if (status !== plan.meta.status) edits.push(set(['meta', 'status'], status));
  const notes = first
    ? [
        `approval by ${manager} recorded beside the first one (${first.by} on ${first.date}), which stays: ${history.length + 1} approvals`,
      ]
    : [
        signedOff
          ? `approved by ${manager}: status ${status}`
          : `approved by ${manager}; the plan becomes approved once the customer signs off: csp review ${account} --customer "<name>" --signed-off`,
      ];
  return { edits, notes };
}

/** The SA-to-CA handoff checklist (reference/001 "accept_handoff"). */
export const HANDOFF_CHECKLIST = [
  'Business outcomes and success criteria walked through with the CA',
  'Stakeholder map and relationships transferred (introductions made)',
  'Open items and risks understood by the CA',
  'Ongoing meeting cadence established with the customer',
  'Ownership updated in the CRM',
] as const;

/** Inputs of a handoff. */
export interface HandoffInput {
  /** The CA's name. */
  to: string;
  date: IsoDate;
  openItems: string[];
  notes?: string;
}

/**
 * Starts the SA-to-CA handoff at Closed Won: the handoff record with its checklist and open items
 * (given, plus open risks and milestones not done), ownership to the CA (role CA, added as a
 * vendor stakeholder), the stage to Closed Won. The plan stays in finalize until the CA accepts.
 * Throws TransitionError outside finalize or when already handed to someone else.
 */
export function planHandoff(plan: Plan, input: HandoffInput): Transition {
  requirePhase(plan, 'finalize', 'csp handoff');
  if (filled(plan.handoff?.to) && plan.handoff?.to !== input.to) {
    throw new TransitionError(
      `${plan.meta.account} is already handed off to ${plan.handoff?.to}`,
      `the CA accepts with csp handoff ${plan.meta.account} --accept`,
    );
  }
  const from = plan.meta.owner.role === 'SA' ? plan.meta.owner.name : (plan.handoff?.from ?? plan.meta.owner.name);
  const derived = [
    ...(plan.risks ?? []).filter((r) => r.status !== 'closed').map((r) => `Risk ${r.id}: ${r.title}`),
    ...milestonesOf(plan)
      .filter(({ milestone }) => milestone.status !== 'done')
      .slice(0, 5)
      .map(({ milestone }) => `Milestone ${milestone.id} due ${milestone.due}: ${milestone.title}`),
  ];
  const openItems = [...new Set([...input.openItems, ...derived])];
  const edits: Edit[] = [
    set(['handoff'], {
      from,
      to: input.to,
      date: input.date,
      checklist: HANDOFF_CHECKLIST.map((item) => ({ item, done: false })),
      open_items: openItems,
      ...(filled(input.notes) ? { notes: input.notes } : {}),
      accepted: false,
      accepted_by: null,
      accepted_date: null,
    }),
    set(['meta', 'owner'], { name: input.to, role: 'CA' }),
    ...raiseStage(plan, 'Closed Won'),
    ...clearImported(plan),
  ];
  if (!plan.meta.closed_won_date) edits.push(set(['meta', 'closed_won_date'], input.date));
  if (!peopleOf(plan).resolve(input.to)) {
    edits.push(
      append(['stakeholders'], {
        id: nextId('sh', idsWithPrefix(plan, 'sh')),
        name: input.to,
        title: 'Customer Success / Account Manager',
        side: 'vendor',
        role: 'CA',
      }),
    );
  }
  return {
    edits,
    notes: [
      `handed off from ${from} to ${input.to} with ${HANDOFF_CHECKLIST.length} checklist items and ${openItems.length} open items`,
      `${input.to} confirms each checklist item with csp handoff ${plan.meta.account} --confirm <number> --by ${JSON.stringify(input.to)}, then accepts with: csp handoff ${plan.meta.account} --accept --by ${JSON.stringify(input.to)}`,
    ],
  };
}

/** How the CA accepts a handoff (csp handoff --accept and --confirm). */
export interface AcceptInput {
  /** Who accepts or confirms: must be the CA it was handed to (default: that CA). */
  by?: string;
  date: IsoDate;
  /** Checklist items confirmed now: 1-based numbers, words of the item, or "all". */
  confirm?: readonly string[];
  /** Accept with checklist items still open, for this reason (recorded in handoff.accepted_open). */
  acceptOpen?: string;
  /** Leave the items the outgoing owner held with them (default: they move to the CA). */
  keepOwners?: boolean;
}

function pendingHandoff(plan: Plan, by: string | undefined): { handoff: NonNullable<Plan['handoff']>; ca: string } {
  const handoff = plan.handoff;
  if (!handoff || !filled(handoff.to)) {
    throw new TransitionError(
      `no handoff is pending for ${plan.meta.account}`,
      `the SA starts it: csp handoff ${plan.meta.account} --to "<CA>"`,
    );
  }
  if (handoff.accepted)
    throw new TransitionError(
      `the handoff of ${plan.meta.account} was already accepted by ${handoff.accepted_by ?? handoff.to}`,
    );
  const ca = handoff.to as string;
  if (by && by.trim().toLowerCase() !== ca.trim().toLowerCase()) {
    throw new TransitionError(
      `the handoff is to ${ca}, not ${by}`,
      `${ca} accepts it, or the SA hands it off again: csp handoff ${plan.meta.account} --to "${by}"`,
    );
  }
  return { handoff, ca };
}

/** The checklist indexes (0-based) that `refs` name: "all", a number from 1, or words found in exactly one item. */
function checklistIndexes(plan: Plan, checklist: ReadonlyArray<{ item: string }>, refs: readonly string[]): number[] {
  const out = new Set<number>();
  const listing = checklist.map((c, i) => `${i + 1}. ${c.item}`).join('; ');
  for (const raw of refs) {
    const ref = raw.trim();
    if (ref.toLowerCase() === 'all') {
      checklist.forEach((_, i) => out.add(i));
      continue;
    }
    if (/^[0-9]+$/.test(ref)) {
      const i = Number(ref) - 1;
      if (i < 0 || i >= checklist.length)
        throw new TransitionError(
          `the handoff checklist has no item ${ref} (it has ${checklist.length})`,
          `name an item by its number or words: ${listing}`,
        );
      out.add(i);
      continue;
    }
    const found = checklist.flatMap((c, i) => (c.item.toLowerCase().includes(ref.toLowerCase()) ? [i] : []));
    if (found.length !== 1) {
      throw new TransitionError(
        `"${ref}" ${found.length === 0 ? 'matches no' : 'matches more than one'} item of the handoff checklist`,
        `name an item by its number, e.g. csp handoff ${plan.meta.account} --confirm 1 (items: ${listing})`,
      );
    }
    out.add(found[0]);
  }
  return [...out].sort((a, b) => a - b);
}

/** The checklist with the named items confirmed by `by` on `date` (already confirmed items keep their record). */
function confirmedChecklist(
  plan: Plan,
  handoff: NonNullable<Plan['handoff']>,
  refs: readonly string[],
  by: string,
  date: IsoDate,
): { checklist: NonNullable<NonNullable<Plan['handoff']>['checklist']>; confirmed: string[] } {
  const checklist = handoff.checklist ?? [];
  const indexes = new Set(checklistIndexes(plan, checklist, refs));
  const confirmed: string[] = [];
  const next = checklist.map((c, i) => {
    if (!indexes.has(i) || c.done) return c;
    confirmed.push(c.item);
    return { ...c, done: true, confirmed_by: by, confirmed_date: date };
  });
  return { checklist: next, confirmed };
}

/**
 * The CA confirms handoff checklist items one by one (csp handoff --confirm), without accepting.
 * Throws TransitionError when no handoff is pending, `by` is not its CA, or an item is unknown.
 */
export function planConfirmHandoff(plan: Plan, input: AcceptInput): Transition {
  const { handoff, ca } = pendingHandoff(plan, input.by);
  const { checklist, confirmed } = confirmedChecklist(plan, handoff, input.confirm ?? [], ca, input.date);
  const open = checklist.filter((c) => !c.done);
  const notes = confirmed.length
    ? confirmed.map((c) => `confirmed: ${c}`)
    : ['nothing new to confirm: those items were confirmed before'];
  notes.push(
    open.length
      ? `${open.length} checklist item${open.length === 1 ? '' : 's'} still open: ${open.map((c) => c.item).join('; ')}`
      : `every checklist item is confirmed: csp handoff ${plan.meta.account} --accept --by ${JSON.stringify(ca)}`,
  );
  return { edits: confirmed.length ? [set(['handoff', 'checklist'], checklist)] : [], notes };
}

/** A place in the plan whose owner is a person: the edit path of the owner field and the item's id. */
interface OwnedItem {
  id: string;
  path: (string | number)[];
  ref: string | undefined;
  open: boolean;
}

function ownedItems(plan: Plan): OwnedItem[] {
  const items: OwnedItem[] = [];
  for (const { milestone, path } of milestonesOf(plan))
    items.push({ id: milestone.id, path: [...path, 'owner'], ref: milestone.owner, open: milestone.status !== 'done' });
  (plan.adoption_journey?.phases ?? []).forEach((phase, p) =>
    (phase.actions ?? []).forEach((action, a) =>
      items.push({
        id: action.id,
        path: ['adoption_journey', 'phases', p, 'actions', a, 'who'],
        ref: action.who,
        open: (action as { status?: string }).status !== 'done',
      }),
    ),
  );
  (plan.risks ?? []).forEach((risk, i) =>
    items.push({ id: risk.id, path: ['risks', i, 'owner'], ref: risk.owner, open: risk.status !== 'closed' }),
  );
  (plan.business_outcomes?.objectives ?? []).forEach((o, i) => {
    items.push({
      id: o.id,
      path: ['business_outcomes', 'objectives', i, 'owner'],
      ref: o.owner,
      open: o.status !== 'achieved',
    });
    (o.key_results ?? []).forEach((kr, k) =>
      items.push({
        id: kr.id,
        path: ['business_outcomes', 'objectives', i, 'key_results', k, 'owner'],
        ref: kr.owner,
        open: true,
      }),
    );
  });
  return items;
}

/**
 * The open items (milestones not done, actions, risks not closed, objectives not achieved, key
 * results) whose owner is the outgoing owner `from` (by stakeholder id or name): their owner edits
 * to the CA, and their ids.
 */
export function ownershipMoves(
  plan: Plan,
  from: string | null | undefined,
  ca: string,
): { edits: Edit[]; ids: string[] } {
  if (!filled(from)) return { edits: [], ids: [] };
  const people = peopleOf(plan);
  const key = String(from).trim().toLowerCase();
  const moved = ownedItems(plan).filter(
    (x) => x.open && filled(x.ref) && (people.resolve(x.ref as string)?.name ?? x.ref)!.trim().toLowerCase() === key,
  );
  return { edits: moved.map((x) => set(x.path, ca)), ids: moved.map((x) => x.id) };
}

/** A tracker action or register risk as ownership moves read it (extra fields are not looked at). */
export interface FileOwnedItem {
  id?: unknown;
  owner?: unknown;
  status?: unknown;
  source?: unknown;
}

/** The statuses after which an item in the action tracker / risk register is no longer open work. */
const FILE_ITEM_CLOSED: Record<'action_tracker' | 'risk_register', readonly string[]> = {
  action_tracker: ['done', 'cancelled'],
  risk_register: ['closed'],
};

/**
 * The owner edits (to the CA) of the action tracker's `actions` or the risk register's `risks`
 * on a handoff's accept (issue 15): hand-added items (no csp# `source`) that are still open and
 * owned by the outgoing owner `from` (by name or the plan's stakeholder id), and synced items whose
 * plan milestone or risk moved (`movedInPlan`, ownershipMoves' ids), so the tracker and the plan
 * agree without waiting for csp sync. Edits are relative to the file's root; ids are the items'.
 */
export function fileOwnershipMoves(
  plan: Plan,
  kind: 'action_tracker' | 'risk_register',
  items: readonly FileOwnedItem[],
  from: string | null | undefined,
  ca: string,
  movedInPlan: readonly string[],
): { edits: Edit[]; ids: string[] } {
  if (!filled(from)) return { edits: [], ids: [] };
  const people = peopleOf(plan);
  const key = String(from).trim().toLowerCase();
  const prefix = kind === 'action_tracker' ? 'csp#milestone/' : 'csp#risk/';
  const list = kind === 'action_tracker' ? 'actions' : 'risks';
  const edits: Edit[] = [];
  const ids: string[] = [];
  items.forEach((item, i) => {
    if (typeof item !== 'object' || item === null || typeof item.owner !== 'string' || !filled(item.owner)) return;
    if (typeof item.status === 'string' && FILE_ITEM_CLOSED[kind].includes(item.status)) return;
    const owner = (people.resolve(item.owner)?.name ?? item.owner).trim().toLowerCase();
    if (owner !== key) return;
    const source = typeof item.source === 'string' ? item.source.trim() : '';
    // NOTE: a synced item follows its plan item (which csp sync would carry over anyway); one whose
    // plan item stayed (done there, or --keep-owners) is left for csp sync to reconcile.
    if (source.startsWith('csp#') && !(source.startsWith(prefix) && movedInPlan.includes(source.slice(prefix.length))))
      return;
    edits.push(set([list, i, 'owner'], ca));
    ids.push(typeof item.id === 'string' || typeof item.id === 'number' ? String(item.id) : `#${i + 1}`);
  });
  return { edits, ids };
}

/**
 * The CA accepts the handoff: the items named by `confirm` are confirmed; every checklist item
 * must then be confirmed, unless `acceptOpen` says why not (recorded with the open items); the
 * open items the outgoing owner held move to the CA (unless keepOwners; listed in
 * handoff.owners_moved); phase execute; the plan becomes active when the customer signed off (and
 * a manager approved where required). Throws TransitionError when no handoff is pending, when `by`
 * is not the CA it was handed to, or while checklist items are open without acceptOpen.
 */
export function planAcceptHandoff(plan: Plan, input: AcceptInput, requireManagerApproval: boolean): Transition {
  const { handoff, ca } = pendingHandoff(plan, input.by);
  const account = plan.meta.account;
  const { checklist } = confirmedChecklist(plan, handoff, input.confirm ?? [], ca, input.date);
  const open = checklist.filter((c) => !c.done);
  if (open.length > 0 && !filled(input.acceptOpen)) {
    throw new TransitionError(
      `${open.length} item${open.length === 1 ? ' of the handoff checklist is' : 's of the handoff checklist are'} not confirmed: ${open.map((c) => `${checklist.indexOf(c) + 1}. ${c.item}`).join('; ')}`,
      `confirm each as it is done: csp handoff ${account} --confirm <number>, or accept anyway naming why: csp handoff ${account} --accept --by ${JSON.stringify(ca)} --accept-open "<why>"`,
    );
  }
  const edits: Edit[] = [
    set(['handoff', 'checklist'], checklist),
    set(['handoff', 'accepted'], true),
    set(['handoff', 'accepted_by'], ca),
    set(['handoff', 'accepted_date'], input.date),
    set(['meta', 'phase'], 'execute'),
    ...clearImported(plan),
  ];
  if (open.length > 0)
    edits.push(
      set(['handoff', 'accepted_open'], { reason: String(input.acceptOpen).trim(), items: open.map((c) => c.item) }),
    );
  const notes = [`${ca} accepted the handoff: phase execute`];
  if (open.length > 0)
    notes.push(
      `accepted with ${open.length} checklist item${open.length === 1 ? '' : 's'} open (${String(input.acceptOpen).trim()})`,
    );
  if (!input.keepOwners) {
    const moves = ownershipMoves(plan, handoff.from, ca);
    edits.push(...moves.edits);
    if (moves.ids.length > 0) {
      edits.push(set(['handoff', 'owners_moved'], moves.ids));
      notes.push(
        `moved to ${ca} what ${handoff.from} held: ${moves.ids.join(', ')} (--keep-owners leaves them; csp sync carries the milestones and risks into the tracker and register)`,
      );
    }
  }
  const moved = { ...plan, meta: { ...plan.meta, phase: 'execute' as const } };
  const signedOff = !!plan.meta.customer_sign_off;
  const approved = !requireManagerApproval || !!plan.meta.manager_approval;
  const status = statusAfter(moved, signedOff, approved);
  if (status !== plan.meta.status) edits.push(set(['meta', 'status'], status));
  notes[0] += `, status ${status}`;
  if (!signedOff)
    notes.push(
      `the plan becomes active once the customer signs off: csp review ${account} --customer "<name>" --signed-off`,
    );
  else if (!approved)
    notes.push(
      `the customer has signed off; the plan becomes active once a manager approves it: csp approve ${account} --by "<manager>"`,
    );
  return { edits, notes };
}
