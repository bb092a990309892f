/**
 * Performing a sync (the edge of plan-then-apply): read the account's plan, action tracker and
 * risk register, decide (plan.ts), and write the files that have edits (the plan too, for values
 * that come back from the tracker or register) as one transaction
 * (storage/journal.ts: both or neither, even if csp is killed halfway). The new texts come from
 * storage/documents.ts, which edits the YAML in place (comments, layout, people's own items and
 * extra fields are kept) and refuses a change that would add an error. A file without edits is
 * not written at all, so a second run leaves bytes and mtime alone. Writing runs under the
 * account's lock (the caller's changeAccount).
 */
import type { Hub } from '../infohub/hub.js';
import { planStore } from '../infohub/hub.js';
import type { Plan } from '../domain/plan.js';
import { applyEditsToData } from '../domain/edit.js';
import { prepareCreate, prepareUpdate, readDocument, type LoadedDocument } from '../storage/documents.js';
import { transaction, type PlannedWrite } from '../storage/journal.js';
import { exists } from '../storage/files.js';
import { planSync, writes, type FileItem, type SyncOp, type SyncTarget } from './plan.js';

/** What a sync did (or would do) to one file. */
export interface TargetResult {
  target: SyncTarget;
  /** The file as shown in messages. */
  file: string;
  ops: SyncOp[];
  /** True when the file was written (created or changed). */
  written: boolean;
  created: boolean;
}

/** What a sync did to one account. */
export interface AccountSyncResult {
  account: string;
  targets: TargetResult[];
  /** The plan, when values changed in the tracker or register only come back to it (pull). */
  plan?: { file: string; written: boolean };
}

/** How a sync runs: `write: false` decides only (--dry-run, --check). */
export interface SyncRunOptions {
  write: boolean;
  force: boolean;
}

/**
 * Syncs one account; with `write`, the caller holds the account's lock. Throws PreconditionError
 * when it has no plan, PlanInvalidError when one of its files cannot be read or the change would
 * leave an error in it (then neither file is written).
 */
export async function syncAccount(hub: Hub, account: string, options: SyncRunOptions): Promise<AccountSyncResult> {
  const paths = hub.existingAccount(account);
  const plan = await readDocument<Plan>(paths.csp, 'csp', planStore(hub, account));
  const files: Record<SyncTarget, string> = { action_tracker: paths.actionTracker, risk_register: paths.riskRegister };
  const read = async (target: SyncTarget) =>
    exists(files[target]) ? readDocument<Record<string, FileItem[]>>(files[target], target, hub.store) : undefined;
  // NOTE: readDocument refuses a tracker or register whose list is missing or not a list (the
  // schema requires it), so what is read here always has one.
  const docs: Record<SyncTarget, LoadedDocument<Record<string, FileItem[]>> | undefined> = {
    action_tracker: await read('action_tracker'),
    risk_register: await read('risk_register'),
  };
  const decided = planSync({
    account,
    plan: plan.data,
    tracker: docs.action_tracker?.data,
    register: docs.risk_register?.data,
    today: hub.today,
    force: options.force,
  });

  const targets: TargetResult[] = [];
  const planned: PlannedWrite[] = [];
  for (const t of decided.targets) {
    const doc = docs[t.target];
    const file = hub.display(files[t.target]);
    let written = false;
    if (options.write && t.ops.some(writes)) {
      if (doc) {
        const next = await prepareUpdate(doc, t.edits, hub.store);
        if (next.changed) planned.push({ path: doc.path, before: doc.text, after: next.text });
        written = next.changed;
      } else {
        const created = await prepareCreate(files[t.target], t.target, applyEditsToData(t.initial, t.edits), hub.store);
        planned.push({ path: files[t.target], before: null, after: created.text });
        written = true;
      }
    }
    targets.push({ target: t.target, file, ops: t.ops, written, created: written && !doc });
  }
  // The way back: the values the files alone changed (pull operations) go into the plan.
  const planEdits = decided.targets.flatMap((t) => t.planEdits);
  let planResult: AccountSyncResult['plan'];
  if (planEdits.length > 0) {
    let written = false;
    if (options.write) {
      const next = await prepareUpdate(plan, planEdits, planStore(hub, account), { today: hub.today });
      if (next.changed) planned.push({ path: plan.path, before: plan.text, after: next.text });
      written = next.changed;
    }
    planResult = { file: plan.display, written };
  }
  // NOTE: the plan, the tracker and the register change together or not at all (a kill halfway is finished by the next run).
  if (planned.length > 0) await transaction(hub, account, planned, { command: 'csp sync' });
  return { account, targets, ...(planResult ? { plan: planResult } : {}) };
}
