/**
 * `csp remove <kind> <account> <id>`: read the plan and the decision log -> decide
 * (domain/remove.ts: the item, what refers to it, the edits; refused while references remain
 * without --cascade) -> write (both files in one transaction, each edited in place and refused if
 * the change would add an error) -> report (what left, what was cut, the synced copies sync will
 * cancel).
 */
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { RemoveCli } from './register.js';
import { openHub, planStore, type Hub } from '../../infohub/hub.js';
import { planRemove, RemoveError, REMOVE_KINDS, type Reference, type RemoveKind } from '../../domain/remove.js';
import type { Issue } from '../../domain/issue.js';
import type { DecisionLog } from '../../domain/types.gen.js';
import { PreconditionError, UsageError } from '../../errors.js';
import { prepareUpdate, readDocument, type LoadedDocument } from '../../storage/documents.js';
import { exists, readTextFile } from '../../storage/files.js';
import { transaction, type PlannedWrite } from '../../storage/journal.js';
import { loadPlan, reportRemaining } from '../shared/plans.js';
import { changeAccount } from '../shared/locked.js';

/** Options of csp remove, normalised. */
export interface RemoveOptions {
  kind: RemoveKind;
  account: string;
  id: string;
  cascade: boolean;
  date?: string;
  dryRun: boolean;
}

/** What csp remove did (or, refused, why not). */
export interface RemoveResult {
  kind: RemoveKind;
  account: string;
  id: string;
  summary: string;
  /** Every id that left (a phase's milestones and actions, an objective's key results too). */
  removed: string[];
  /** What referred to it: cut with --cascade, else the reason for the refusal. */
  references: Array<Omit<Reference, 'cut'> & { cut: boolean }>;
  refused: boolean;
  /** Files written (or, with --dry-run, that would be), as displayed. */
  files: string[];
  /** Synced copies in the tracker or register that the next csp sync marks cancelled / closed. */
  synced: string[];
  issues: Issue[];
}

/** Removes the item. Throws UsageError (2) for an id that names nothing, PlanInvalidError (1) when the plan would get an error, AccountLockedError (3). A removal refused for its references is returned with refused: true (main exits 3). */
export async function runRemove(options: RemoveOptions, ctx: AppContext): Promise<RemoveResult> {
  const hub = await openHub(ctx);
  hub.existingAccount(options.account);
  return changeAccount(ctx, hub, options.account, `csp remove ${options.kind}`, () => removeUnderLock(hub, options), {
    dryRun: options.dryRun,
  });
}

async function removeUnderLock(hub: Hub, options: RemoveOptions): Promise<RemoveResult> {
  const paths = hub.paths(options.account);
  const doc = await loadPlan(hub, options.account);
  const log: LoadedDocument<DecisionLog> | undefined = exists(paths.decisionLog)
    ? await readDocument<DecisionLog>(paths.decisionLog, 'decision_log', hub.store)
    : undefined;
  if (options.kind === 'decision' && !log)
    throw new UsageError(`${options.account} has no decision log, so no decision ${options.id}`, {
      code: 'no-such-item',
      hint: `csp add decision ${options.account} --decision "..." adds the first`,
    });
  let removal;
  try {
    removal = planRemove(doc.data, log?.data, options.kind, options.id, {
      cascade: options.cascade,
      date: options.date,
    });
  } catch (error) {
    if (error instanceof RemoveError) throw new UsageError(error.message, { code: 'no-such-item', hint: error.hint });
    throw error;
  }
  const base = {
    kind: options.kind,
    account: options.account,
    id: removal.id,
    summary: removal.summary,
    removed: removal.removed,
    references: removal.references.map(({ cut, ...r }) => ({ ...r, cut: cut !== undefined })),
    refused: removal.refused,
  };
  if (removal.refused) return { ...base, files: [], synced: [], issues: [] };
  const writes: PlannedWrite[] = [];
  const files: string[] = [];
  let issues: Issue[] = [];
  if (removal.planEdits.length > 0) {
    const result = await prepareUpdate(doc, removal.planEdits, planStore(hub, options.account), { today: hub.today });
    writes.push({ path: doc.path, before: doc.text, after: result.text });
    files.push(doc.display);
    issues = result.issues;
  }
  if (log && removal.logEdits.length > 0) {
    const result = await prepareUpdate(log, removal.logEdits, hub.store);
    writes.push({ path: log.path, before: log.text, after: result.text });
    files.push(log.display);
    if (options.kind === 'decision') issues = result.issues;
  }
  if (!options.dryRun)
    await transaction(hub, options.account, writes, {
      command: `csp remove ${options.kind}`,
      rerun: `csp remove ${options.kind} ${options.account} ${options.id}`,
    });
  return { ...base, files, synced: syncedCopies(hub, options.account, removal.removed), issues };
}

/** The tracker and register items synced from removed ids (source csp#<kind>/<id>), as "file: id". */
function syncedCopies(hub: Hub, account: string, ids: readonly string[]): string[] {
  const paths = hub.paths(account);
  const out: string[] = [];
  for (const file of [paths.actionTracker, paths.riskRegister]) {
    if (!exists(file)) continue;
    const text = readTextFile(file, hub.config.maxFileBytes);
    for (const id of ids)
      if (new RegExp(`source:\\s*["']?csp#(milestone|action|risk)/${id}["']?\\s*$`, 'm').test(text))
        out.push(`${hub.display(file)}: ${id}`);
  }
  return out;
}

/** CLI entry: normalise options, run, report. */
export async function main(
  [kindText, account, id]: ArgsOf<RemoveCli>,
  options: OptionsOf<RemoveCli>,
  ctx: AppContext,
): Promise<void> {
  const kind = REMOVE_KINDS.find(
    (k) => k === kindText.toLowerCase() || k.replace('-', '') === kindText.toLowerCase().replace(/[-_]/g, ''),
  );
  if (!kind)
    throw new UsageError(`unknown kind "${kindText}"`, {
      code: 'bad-kind',
      hint: `csp remove <kind> <account> <id>, where kind is one of: ${REMOVE_KINDS.join(', ')}`,
    });
  const dryRun = options.dryRun ?? false;
  const result = await runRemove(
    { kind, account, id, cascade: options.cascade ?? false, date: options.date, dryRun },
    ctx,
  );
  const out = ctx.out;
  if (result.refused) {
    const owners = result.references.filter((r) => !r.cut);
    const list = result.references.map((r) => `  - ${r.description} (${r.field})`).join('\n');
    const hint =
      owners.length > 0
        ? `reassign ${owners.length > 1 ? 'them' : 'it'} first, e.g. ${owners[0].fix}${owners.length === result.references.length ? '' : `; then csp remove ${kind} ${account} ${id} --cascade`}`
        : `csp remove ${kind} ${account} ${id} --cascade removes ${result.references.length > 1 ? 'those references' : 'that reference'} too (add --dry-run to see it first)`;
    if (ctx.flags.json) out.data({ ok: false, ...result, dryRun, hint });
    throw new PreconditionError(
      `${result.summary} is referred to by ${result.references.length} item${result.references.length > 1 ? 's' : ''}, so it was not removed:\n${list}`,
      { code: 'referenced', hint, reported: ctx.flags.json },
    );
  }
  if (ctx.flags.json) {
    out.data({ ok: true, ...result, dryRun });
    return;
  }
  out.result(result.id);
  out.info(
    `${dryRun ? 'would remove' : 'removed'} ${result.summary}${result.removed.length > 1 ? ` (with ${result.removed.slice(1).join(', ')})` : ''}`,
  );
  for (const r of result.references) out.info(`  ${dryRun ? 'would cut' : 'cut'}: ${r.description}`);
  if (result.synced.length > 0)
    out.info(
      `csp sync ${account} marks the synced cop${result.synced.length > 1 ? 'ies' : 'y'} cancelled (closed for risks): ${result.synced.join(', ')}`,
    );
  reportRemaining(
    ctx,
    result.issues.filter((i) => i.severity !== 'info'),
  );
}
