/**
 * The shared shape of a lifecycle command: preflight git (when it snapshots) -> read the plan and
 * its playbook -> decide the transition (domain/lifecycle.ts) -> write the plan, refused when the
 * result fails its phase gate -> snapshot and commit (undoing the plan change if the commit
 * fails) -> report. Everything from the read on runs under the account's lock.
 */
import type { AppContext } from '../../cli/context.js';
import { openHub, planStore, preflightGit, type Hub } from '../../infohub/hub.js';
import { TransitionError, type FileOwnedItem, type Transition } from '../../domain/lifecycle.js';
import type { Edit } from '../../domain/edit.js';
import type { Plan } from '../../domain/plan.js';
import type { Playbook } from '../../domain/playbook.js';
import type { Issue, RawIssue } from '../../domain/issue.js';
import { applyEditsToData } from '../../domain/edit.js';
import { placeIssues } from '../../validation/file.js';
import { validateSchema } from '../../schema/validate.js';
import { CheckFailedError, PlanInvalidError, PreconditionError } from '../../errors.js';
import { prepareUpdate, readDocument, type LoadedDocument, type UpdateResult } from '../../storage/documents.js';
import { transaction, writeChecked, type PlannedWrite } from '../../storage/journal.js';
import { exists } from '../../storage/files.js';
import { changeAccount } from '../shared/locked.js';
import { takeSnapshot, type Snapshot } from '../../history/snapshot.js';
import { loadPlan, loadPlaybook, reportRemaining } from '../shared/plans.js';

/** How one lifecycle command behaves. */
export interface TransitionSpec {
  /** The command's name, for messages: "csp develop". */
  command: string;
  account: string;
  decide(plan: Plan, playbook: Playbook, hub: Hub): Transition;
  /** The playbook decide() gets: this plan type's (csp renew, csp recover), else the plan's own. */
  playbook?: string;
  /** The result must be free of errors (a phase change), not only of new ones. */
  requireValid: boolean;
  /** Snapshot and commit after writing (develop, finalize, handoff), unless --no-snapshot. */
  snapshot: boolean;
  dryRun: boolean;
  message?: string;
  /** Further requirements the changed plan must meet (e.g. the handoff needs a customer review). */
  gate?: (after: Plan) => RawIssue[];
  /**
   * The account's action tracker and risk register edits that go with the transition (the
   * handoff's ownership moves), decided from the plan as read and each file's list: written in the
   * same transaction and commit as the plan, with a note naming the items.
   */
  companions?: CompanionSpec;
}

/** How a transition changes the account's action tracker and risk register too. */
export interface CompanionSpec {
  decide(plan: Plan, kind: CompanionKind, items: readonly FileOwnedItem[]): { edits: Edit[]; ids: string[] };
  /** The note for one file's changed items: "moved to Carl in action_tracker.yaml: act-1". */
  note(file: string, ids: readonly string[], plan: Plan): string;
}

/** The account files a transition may change beside the plan. */
export type CompanionKind = 'action_tracker' | 'risk_register';

/** What a lifecycle command did. */
export interface TransitionResult {
  account: string;
  phase: string;
  status: string;
  notes: string[];
  issues: Issue[];
  snapshot?: { version: number; file: string; commit: string };
}

/** Runs a lifecycle transition. Throws PreconditionError (3) for a wrong phase or missing git, CheckFailedError (1) when the gate fails. */
export async function runTransition(spec: TransitionSpec, ctx: AppContext): Promise<TransitionResult> {
  const hub = await openHub(ctx);
  hub.existingAccount(spec.account);
  const repo = spec.snapshot && !spec.dryRun ? await preflightGit(ctx, hub, spec.command) : undefined;
  return changeAccount(ctx, hub, spec.account, spec.command, () => transitionUnderLock(spec, ctx, hub, repo), {
    dryRun: spec.dryRun,
  });
}

/** The lifecycle command under the account's lock: read, decide, check the gate, write, report. */
async function transitionUnderLock(
  spec: TransitionSpec,
  ctx: AppContext,
  hub: Hub,
  repo: string | undefined,
): Promise<TransitionResult> {
  const doc = await loadPlan(hub, spec.account);
  const playbook = await loadPlaybook(hub, spec.playbook ?? doc.data.meta.plan_type);
  await assertValidState(spec, doc);
  const transition = await decideTransition(spec, doc, playbook, hub);
  if (spec.gate) await assertGate(spec.command, doc, spec.gate(applyEditsToData(doc.data, transition.edits)));
  const result = await prepareTransition(spec, hub, doc, transition);
  const companions =
    result.changed && spec.companions ? await companionWrites(spec.companions, hub, spec.account, doc.data) : [];
  const notes = [...transition.notes, ...companions.map((c) => c.note)];
  const snapshot =
    result.changed && !spec.dryRun
      ? await writeTransition(
          spec,
          ctx,
          hub,
          repo,
          { path: doc.path, before: doc.text, after: result.text },
          result.data,
          companions.map((c) => c.write),
        )
      : undefined;
  return {
    account: spec.account,
    phase: result.data.meta.phase,
    status: result.data.meta.status,
    notes,
    issues: result.issues,
    ...(snapshot
      ? { snapshot: { version: snapshot.version, file: hub.display(snapshot.file), commit: snapshot.commit } }
      : {}),
  };
}

/**
 * Throws PlanInvalidError (exit 1) when meta.phase or meta.status is not one of the schema's values
 * (meta.phase: 7): a broken plan, reported where it is (file:line:col), not a plan in the wrong state.
 */
async function assertValidState(spec: TransitionSpec, doc: LoadedDocument<Plan>): Promise<void> {
  const stateIssues = (await validateSchema('csp', doc.data)).filter(
    (i) => i.severity === 'error' && /^\/meta(\/(phase|status))?$/.test(i.path),
  );
  if (stateIssues.length === 0) return;
  throw new PlanInvalidError(
    `${spec.command} refused: ${doc.display} has no valid phase and status`,
    await placeIssues(doc.display, doc.text, stateIssues),
    {
      code: 'plan-invalid',
      hint: `fix meta.phase / meta.status in ${doc.display} (csp validate ${doc.display} lists every problem), then run ${spec.command} ${spec.account} again`,
    },
  );
}

/** The transition the command decides; a TransitionError becomes PreconditionError (wrong-state, exit 3) at meta.phase. */
async function decideTransition(
  spec: TransitionSpec,
  doc: LoadedDocument<Plan>,
  playbook: Playbook,
  hub: Hub,
): Promise<Transition> {
  try {
    return spec.decide(doc.data, playbook, hub);
  } catch (error) {
    if (!(error instanceof TransitionError)) throw error;
    const [at] = await placeIssues(doc.display, doc.text, [
      { code: 'wrong-state', severity: 'error', path: '/meta/phase', message: error.message },
    ]);
    throw new PreconditionError(error.message, {
      code: 'wrong-state',
      hint: error.hint,
      file: doc.display,
      line: at?.line,
      col: at?.col,
    });
  }
}

/** Throws CheckFailedError (gate-failed, exit 1) listing the issues, placed in the plan's text, when there are any. */
async function assertGate(command: string, doc: LoadedDocument<Plan>, missing: RawIssue[]): Promise<void> {
  if (missing.length === 0) return;
  throw gateFailed(command, doc.display, await placeIssues(doc.display, doc.text, missing));
}

/** The refusal of a lifecycle command whose changed plan has problems to fix first. */
function gateFailed(command: string, display: string, issues: Issue[]): CheckFailedError {
  const n = issues.length;
  return new CheckFailedError(`${command} refused: ${display} has ${n} problem${n === 1 ? '' : 's'} to fix first`, {
    code: 'gate-failed',
    issues,
    hint: `fix each item above (the fix is under it), then run the same command again`,
  });
}

/** The plan's new text and issues; a change that adds errors is refused as gate-failed (CheckFailedError). */
async function prepareTransition(
  spec: TransitionSpec,
  hub: Hub,
  doc: LoadedDocument<Plan>,
  transition: Transition,
): Promise<UpdateResult<Plan>> {
  try {
    return await prepareUpdate(doc, transition.edits, planStore(hub, spec.account), {
      requireValid: spec.requireValid,
      today: hub.today,
    });
  } catch (error) {
    if (error instanceof PlanInvalidError && error.code === 'change-refused')
      throw gateFailed(spec.command, doc.display, error.issues);
    throw error;
  }
}

/**
 * Writes the plan and its companion files: with a repository, in one transaction with the
 * snapshot and the commit (history/snapshot.ts); else in one journal transaction, or one checked
 * write for the plan alone. Returns the snapshot taken, if any.
 */
async function writeTransition(
  spec: TransitionSpec,
  ctx: AppContext,
  hub: Hub,
  repo: string | undefined,
  plan: PlannedWrite & { before: string; after: string },
  after: Plan,
  extra: PlannedWrite[],
): Promise<Snapshot | undefined> {
  if (repo)
    return takeSnapshot(ctx, hub, spec.account, {
      repo,
      phase: after.meta.phase,
      message: spec.message ?? spec.command.replace(/^csp /, ''),
      command: spec.command,
      plan: { before: plan.before, after: plan.after },
      extra,
    });
  if (extra.length > 0) await transaction(hub, spec.account, [plan, ...extra], { command: spec.command });
  else writeChecked(hub.root, plan);
  return undefined;
}

/**
 * The tracker and register writes a transition's companions decide (files that are missing or
 * have nothing to change are left alone). Throws PlanInvalidError when a file cannot be read or
 * the change would add an error to it (nothing is written then).
 */
async function companionWrites(
  spec: CompanionSpec,
  hub: Hub,
  account: string,
  plan: Plan,
): Promise<Array<{ write: PlannedWrite; note: string }>> {
  const paths = hub.paths(account);
  const out: Array<{ write: PlannedWrite; note: string }> = [];
  for (const [kind, path, list] of [
    ['action_tracker', paths.actionTracker, 'actions'],
    ['risk_register', paths.riskRegister, 'risks'],
  ] as const) {
    if (!exists(path)) continue;
    const doc = await readDocument<Record<string, FileOwnedItem[]>>(path, kind, hub.store);
    const items = doc.data[list];
    const decided = spec.decide(plan, kind, Array.isArray(items) ? items : []);
    if (decided.edits.length === 0) continue;
    const next = await prepareUpdate(doc, decided.edits, hub.store);
    if (next.changed)
      out.push({
        write: { path, before: doc.text, after: next.text },
        note: spec.note(doc.display, decided.ids, plan),
      });
  }
  return out;
}

/** Prints a transition's result: what changed, the snapshot, remaining issues and gaps. */
export function reportTransition(ctx: AppContext, result: TransitionResult, dryRun: boolean): void {
  const out = ctx.out;
  if (ctx.flags.json) {
    out.data({ ok: true, dryRun, ...result });
    return;
  }
  out.result(
    `${result.account}: phase ${result.phase}, status ${result.status}${dryRun ? ' (dry run: nothing written)' : ''}`,
  );
  for (const note of result.notes) out.info(`  ${note}`);
  if (result.snapshot)
    out.info(
      `  snapshot v${result.snapshot.version}: ${result.snapshot.file} (commit ${result.snapshot.commit.slice(0, 8)})`,
    );
  reportRemaining(ctx, result.issues);
}
