/**
 * The shared shape of a lifecycle command: preflight git (when it snapshots) -> read the plan and
 * its playbook -> decide the transition (domain/lifecycle.ts) -> write the plan, refused when the
 * result fails its phase gate -> snapshot and commit (undoing the plan change if the commit
 * fails) -> report. Everything from the read on runs under the account's lock.
 */
import type { AppContext } from '../../cli/context.js';
import { openHub, planStore, preflightGit, type Hub } from '../../cli/hub.js';
import { TransitionError, type Transition } from '../../domain/lifecycle.js';
import type { Plan } from '../../domain/plan.js';
import type { Playbook } from '../../domain/playbook.js';
import type { Issue, RawIssue } from '../../domain/issue.js';
import { applyEditsToData } from '../../domain/edit.js';
import { placeIssues } from '../../validation/file.js';
import { validateSchema } from '../../schema/validate.js';
import { CheckFailedError, PlanInvalidError, PreconditionError } from '../../errors.js';
import { prepareUpdate } from '../../storage/documents.js';
import { writeChecked } from '../../storage/journal.js';
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
}

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
  return changeAccount(ctx, hub, spec.account, spec.command, () => transitionUnderLock(spec, ctx, hub, repo), { dryRun: spec.dryRun });
}

async function transitionUnderLock(spec: TransitionSpec, ctx: AppContext, hub: Hub, repo: string | undefined): Promise<TransitionResult> {
  const doc = await loadPlan(hub, spec.account);
  const playbook = await loadPlaybook(hub, spec.playbook ?? doc.data.meta.plan_type);
  // NOTE: a phase or status that is not one of the schema's values (meta.phase: 7) is a broken
  // plan, reported where it is (file:line:col, exit 1), not a plan in the wrong state.
  const stateIssues = (await validateSchema('csp', doc.data)).filter((i) => i.severity === 'error' && /^\/meta(\/(phase|status))?$/.test(i.path));
  if (stateIssues.length > 0) {
    throw new PlanInvalidError(`${spec.command} refused: ${doc.display} has no valid phase and status`, await placeIssues(doc.display, doc.text, stateIssues), {
      code: 'plan-invalid',
      hint: `fix meta.phase / meta.status in ${doc.display} (csp validate ${doc.display} lists every problem), then run ${spec.command} ${spec.account} again`,
    });
  }
  let transition: Transition;
  try {
    transition = spec.decide(doc.data, playbook, hub);
  } catch (error) {
    if (error instanceof TransitionError) {
      const [at] = await placeIssues(doc.display, doc.text, [{ code: 'wrong-state', severity: 'error', path: '/meta/phase', message: error.message }]);
      throw new PreconditionError(error.message, { code: 'wrong-state', hint: error.hint, file: doc.display, line: at?.line, col: at?.col });
    }
    throw error;
  }
  if (spec.gate) {
    const missing = spec.gate(applyEditsToData(doc.data, transition.edits));
    if (missing.length > 0) {
      throw new CheckFailedError(`${spec.command} refused: ${doc.display} has ${missing.length} problem${missing.length === 1 ? '' : 's'} to fix first`, {
        code: 'gate-failed',
        issues: await placeIssues(doc.display, doc.text, missing),
        hint: `fix each item above (the fix is under it), then run the same command again`,
      });
    }
  }
  let result;
  try {
    result = await prepareUpdate(doc, transition.edits, planStore(hub, spec.account), { requireValid: spec.requireValid, today: hub.today });
  } catch (error) {
    if (error instanceof PlanInvalidError && error.code === 'change-refused') {
      const n = error.issues.length;
      throw new CheckFailedError(`${spec.command} refused: ${doc.display} has ${n} problem${n === 1 ? '' : 's'} to fix first`, {
        code: 'gate-failed',
        issues: error.issues,
        hint: `fix each item above (the fix is under it), then run the same command again`,
      });
    }
    throw error;
  }
  let snapshot: Snapshot | undefined;
  if (result.changed && !spec.dryRun) {
    // NOTE: the plan change, the snapshot and the commit are one transaction (history/snapshot.ts).
    if (repo) snapshot = await takeSnapshot(ctx, hub, spec.account, { repo, phase: result.data.meta.phase, message: spec.message ?? spec.command.replace(/^csp /, ''), command: spec.command, plan: { before: doc.text, after: result.text } });
    else writeChecked(hub.root, { path: doc.path, before: doc.text, after: result.text });
  }
  return {
    account: spec.account,
    phase: result.data.meta.phase,
    status: result.data.meta.status,
    notes: transition.notes,
    issues: result.issues,
    ...(snapshot ? { snapshot: { version: snapshot.version, file: hub.display(snapshot.file), commit: snapshot.commit } } : {}),
  };
}

/** Prints a transition's result: what changed, the snapshot, remaining issues and gaps. */
export function reportTransition(ctx: AppContext, result: TransitionResult, dryRun: boolean): void {
  const out = ctx.out;
  if (ctx.flags.json) {
    out.data({ ok: true, dryRun, ...result });
    return;
  }
  out.result(`${result.account}: phase ${result.phase}, status ${result.status}${dryRun ? ' (dry run: nothing written)' : ''}`);
  for (const note of result.notes) out.info(`  ${note}`);
  if (result.snapshot) out.info(`  snapshot v${result.snapshot.version}: ${result.snapshot.file} (commit ${result.snapshot.commit.slice(0, 8)})`);
  reportRemaining(ctx, result.issues);
}
