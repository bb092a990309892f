/**
 * `csp import`: read (the CRM export, the strategic list, the InfoHub's existing plans) -> decide
 * (crm/import.ts, pure: which accounts need a plan, the new plans, the CRM updates of existing
 * ones) -> write, one account at a time under its lock (a new plan and its tracker, register,
 * decision log and the schema copies as one transaction; an update with updateDocument; one
 * account's failure is reported and the others go on) -> report (created / updated / unchanged / skipped
 * with reasons, and the export's bad rows by file:line). See README.md in this folder.
 */
import { relative, resolve } from 'node:path';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { AppContext } from '../../cli/context.js';
import type { ImportCli } from './register.js';
import { openHub, planStore, type Hub } from '../../infohub/hub.js';
import type { CrmAccount, CrmExport, CrmProblem } from '../../crm/types.js';
import { exportReferenceDate } from '../../crm/accounts.js';
import {
  crmFacts,
  crmUpdate,
  importTrigger,
  importedPlan,
  isListed,
  parseStrategicList,
  planTypeFor,
  usd,
  type TriggerReason,
} from '../../crm/import.js';
import type { PLAN_TYPES, Plan } from '../../domain/plan.js';
import type { Playbook } from '../../domain/playbook.js';
import { slugify } from '../../domain/slug.js';
import { CspError, PreconditionError } from '../../errors.js';
import { prepareCreate, readDocument, updateDocument } from '../../storage/documents.js';
import { isProposalBlock } from '../../domain/gates.js';
import type { Issue } from '../../domain/issue.js';
import { exists, readTextFile } from '../../storage/files.js';
import { accountPaths, listAccounts, type AccountPaths } from '../../storage/infohub.js';
import { accountsNotCheckedOut, checkoutHint } from '../shared/sparse.js';
import { transaction } from '../../storage/journal.js';
import { parseYamlFast } from '../../yaml/read.js';
import { readExportFor, readUsersFor } from '../shared/crm.js';
import { askMissing, parseUsd } from '../shared/flags.js';
import { loadPlaybook, newAccountWrites } from '../shared/plans.js';
import { changeAccount } from '../shared/locked.js';

/** Options of csp import, normalised. */
export interface ImportOptions {
  path: string;
  source?: string;
  minArr?: string;
  strategic?: string;
  owner?: string;
  /** A Users export (CSV or JSON, Id and Name) that turns the opportunities' owner ids (Salesforce OwnerId) into names. */
  users?: string;
  planType?: (typeof PLAN_TYPES)[number];
  dryRun?: boolean;
}

/** What happened to one CRM account. */
export interface AccountOutcome {
  action: 'created' | 'updated' | 'unchanged' | 'skipped';
  /** The account's slug (its folder), when it has or would get one. */
  account?: string;
  crmId: string;
  name: string;
  /** Why a plan is required (created), or the plan exists (updated/unchanged). */
  reasons: TriggerReason[];
  stage: string | null;
  arrUsd: number | null;
  /** The phase of the new or existing plan. */
  phase?: string;
  planType?: string;
  /** created: the file; updated: what changed. */
  file?: string;
  changes: string[];
  /** skipped: why. */
  reason?: string;
  /** skipped because writing failed: the error's code (e.g. account-locked: another csp held the account too long). */
  error?: string;
  /** created/updated: the plan's remaining warnings (backfill) count. */
  warnings?: number;
  /** created/updated: how many things the plan still lacks for its Stage 4 proposal (domain/gates.ts proposalBlockers); absent when none. */
  proposalBlocked?: number;
}

/** What csp import did (or would do, with --dry-run). */
export interface ImportResult {
  source: string;
  mapping: string;
  dryRun: boolean;
  minArrUsd: number;
  referenceDate: string | null;
  counts: Record<AccountOutcome['action'], number>;
  /** Created or updated plans at Stage 4 or Closed Won whose proposal is blocked until they are complete (validate fails on them). */
  proposalsBlocked: number;
  accounts: AccountOutcome[];
  /** The export's row problems (bad rows), by file and line. */
  problems: CrmProblem[];
  /** Strategic-list lines that match no account of the export. */
  strategicUnmatched: Array<{ line: number; name: string }>;
}

/** An existing plan, as the import needs to know it. */
interface KnownPlan {
  slug: string;
  name: string;
  crmKey?: string;
}

/** What csp import reads before deciding: the InfoHub, the export, the strategic list and the existing plans. */
interface ImportInputs {
  hub: Hub;
  minArrUsd: number;
  exp: CrmExport;
  strategicLines: ReturnType<typeof parseStrategicList>;
  referenceDate: string | null;
  known: KnownPlan[];
  /** Plans git holds that this clone's sparse checkout leaves out. */
  absent: ReadonlySet<string>;
}

/** Reads the import's inputs; throws PreconditionError for an unreadable export, UsageError for bad flags. */
async function readImportInputs(options: ImportOptions, ctx: AppContext): Promise<ImportInputs> {
  const hub = await openHub(ctx, { create: true });
  const minArrUsd = options.minArr !== undefined ? parseUsd(options.minArr, 'min-arr') : hub.config.minArrUsd;
  const read = await readExportFor(hub, ctx.cwd, options.path, options.source, '--source');
  // The CRM's owner of a deal may be an id only (Salesforce OwnerId): --users names them.
  const exp =
    options.users !== undefined
      ? (await import('../../crm/users.js')).resolveOwnerIds(read, await readUsersFor(ctx.cwd, options.users))
      : read;
  const strategicLines = options.strategic
    ? parseStrategicList(readTextFile(resolve(ctx.cwd, options.strategic), hub.config.maxFileBytes))
    : [];
  const referenceDate = exportReferenceDate(exp);
  const known = exists(hub.root) ? indexPlans(hub) : [];
  // NOTE: plans git holds that this clone's sparse checkout leaves out are never created anew (issue 20).
  const absent = new Set(
    exists(hub.root)
      ? await accountsNotCheckedOut(
          ctx,
          hub,
          known.map((k) => k.slug),
        )
      : [],
  );
  return { hub, minArrUsd, exp, strategicLines, referenceDate, known, absent };
}

/** The CRM's own owner of a step's deal (Maven's sales_agent, Salesforce's opportunity owner), if named. */
const crmOwner = (step: ImportStep): string | undefined => step.decision.opportunity?.owner?.trim() || undefined;

/**
 * The owner of new plans the CRM names no owner for: --owner, else asked on a terminal (or when no
 * new plan has one, where a missing --owner is a usage error); with the command that names owners.
 */
async function resolveOwner(
  options: ImportOptions,
  ctx: AppContext,
  toCreate: ImportStep[],
): Promise<{ owner: string | undefined; ownerHint: string }> {
  let owner = options.owner?.trim() || undefined;
  // NOTE: an export whose deals name their owner by id only, read without --users, says how to name them.
  const byIdOnly = options.users === undefined && toCreate.some((s) => !crmOwner(s) && s.decision.opportunity?.ownerId);
  const ownerHint = byIdOnly
    ? `csp import ${options.path} --users <Users.csv>`
    : `csp import ${options.path} --owner "<SA>"`;
  const ownerless = toCreate.filter((s) => !crmOwner(s));
  if (!owner && ownerless.length > 0 && (ctx.interactive || ownerless.length === toCreate.length)) {
    const answers = await askMissing(
      ctx,
      [
        {
          name: 'owner',
          flag: 'owner',
          message: 'Owner of the new plans the export names no owner for (the SA):',
          type: 'input',
        },
      ],
      { owner },
      ownerHint,
    );
    owner = String(answers.owner).trim() || undefined;
  }
  return { owner, ownerHint };
}

/** What writing one account needs beyond its step: the InfoHub, the options, the owner and the playbooks. */
interface ImportWriter {
  ctx: AppContext;
  hub: Hub;
  options: ImportOptions;
  owner: string | undefined;
  ownerHint: string;
  absent: ReadonlySet<string>;
  fallbackType: Plan['meta']['plan_type'];
  /** The playbook of a plan type, loaded once. */
  playbookFor: (type: Plan['meta']['plan_type']) => Promise<Playbook>;
}

/** The outcome fields every account has, before anything is written. */
function baseOutcome(step: ImportStep): AccountOutcome {
  const { account, decision } = step;
  return {
    action: step.action,
    crmId: account.id,
    name: account.name,
    reasons: decision.reasons,
    stage: decision.stage,
    arrUsd: decision.arrUsd,
    changes: [],
    ...(step.slug ? { account: step.slug } : {}),
  };
}

/** The skip of a step that cannot be written here (decided skipped, left out of the checkout, no owner); undefined to go on. */
function skipBeforeWrite(w: ImportWriter, step: ImportStep, base: AccountOutcome): AccountOutcome | undefined {
  if (step.action === 'skipped') return { ...base, reason: step.reason };
  const slug = step.slug!;
  if (step.action === 'created' && w.absent.has(slug))
    return {
      ...base,
      action: 'skipped',
      reason: `its plan is in git, but this clone's sparse checkout leaves it out (${checkoutHint(w.hub, slug)} brings it in)`,
      error: 'not-checked-out',
    };
  if (step.action === 'created' && !(w.owner ?? crmOwner(step))) {
    const id = step.decision.opportunity?.ownerId;
    const reason =
      id && w.options.users === undefined
        ? `no owner: the export names this deal's owner by id only (${id}); pass the CRM's Users export (${w.ownerHint}) or --owner "<SA>"`
        : `no owner: the export names no owner for this account's deal; pass --owner "<SA>" (csp import ${w.options.path} --owner "<SA>")`;
    return { ...base, action: 'skipped', reason, error: 'no-owner' };
  }
  return undefined;
}

/** Applies the CRM's facts to an existing plan: unchanged, or updated with what changed. Runs under the account's lock. */
async function updatePlan(
  w: ImportWriter,
  step: ImportStep,
  base: AccountOutcome,
  paths: AccountPaths,
): Promise<AccountOutcome> {
  const { hub, options } = w;
  const store = planStore(hub, step.slug!);
  const loaded = await readDocument<Plan>(paths.csp, 'csp', store);
  const changes = crmUpdate(loaded.data, crmFacts(step.account, step.decision), hub.today);
  if (changes.edits.length === 0)
    return { ...base, action: 'unchanged', phase: loaded.data.meta.phase, planType: loaded.data.meta.plan_type };
  const result = await updateDocument(loaded, changes.edits, store, { dryRun: options.dryRun, today: hub.today });
  return {
    ...base,
    action: 'updated',
    phase: result.data.meta.phase,
    planType: result.data.meta.plan_type,
    file: hub.display(paths.csp),
    changes: changes.changes,
    warnings: result.issues.filter((i) => i.severity === 'warning').length,
    ...blockedCount(result.issues),
  };
}

/** Creates the account's plan and its files (or updates it when another import just created it). Runs under the account's lock. */
async function createPlan(
  w: ImportWriter,
  step: ImportStep,
  base: AccountOutcome,
  paths: AccountPaths,
): Promise<AccountOutcome> {
  const { hub, options } = w;
  const { account, decision } = step;
  const slug = step.slug!;
  // NOTE: another csp import may have created it since the InfoHub was indexed: update it then, if it is this account's.
  // Another plan there is never overwritten (the transaction refuses it: a skip with the reason).
  if (!options.dryRun && exists(paths.csp) && knownPlan(hub, slug)?.crmKey === `${account.source}|${account.id}`)
    return updatePlan(w, step, base, paths);
  const planType = planTypeFor(account, decision, w.fallbackType);
  const doc = importedPlan(
    {
      account,
      slug,
      decision,
      planType,
      owner: (w.owner ?? crmOwner(step))!,
      strategic: decision.reasons.includes('strategic'),
      today: hub.today,
    },
    await w.playbookFor(planType),
  );
  const created = await createPlanFiles(hub, slug, doc, !!options.dryRun);
  return {
    ...base,
    phase: doc.meta.phase,
    planType,
    file: hub.display(created.file),
    warnings: created.warnings,
    ...blockedCount(created.issues),
  };
}

/** Writes one account under its lock and says what happened; a CspError is a skip with the reason. */
async function importAccount(w: ImportWriter, step: ImportStep): Promise<AccountOutcome> {
  const base = baseOutcome(step);
  try {
    const skip = skipBeforeWrite(w, step, base);
    if (skip) return skip;
    const paths = accountPaths(w.hub.root, step.slug!);
    const write = step.action === 'created' ? createPlan : updatePlan;
    return await changeAccount(w.ctx, w.hub, step.slug!, 'csp import', () => write(w, step, base, paths), {
      dryRun: w.options.dryRun,
    });
  } catch (error) {
    // NOTE: one account's plan that cannot be written (unreadable, the change would add an
    // error, its lock held by another csp too long) must not stop the import of the others; it
    // is reported as skipped with the reason.
    if (!(error instanceof CspError)) throw error;
    return {
      ...base,
      action: 'skipped',
      reason: `${error.message}${error.hint ? ` (${error.hint})` : ''}`,
      error: error.code,
    };
  }
}

/** The import's result: the outcomes counted, the blocked proposals, and the strategic lines no account matched. */
function importResult(
  options: ImportOptions,
  inputs: ImportInputs,
  plan: ImportStep[],
  outcomes: AccountOutcome[],
): ImportResult {
  const { exp, minArrUsd, referenceDate, strategicLines } = inputs;
  const counts = { created: 0, updated: 0, unchanged: 0, skipped: 0 };
  for (const o of outcomes) counts[o.action]++;
  const proposalsBlocked = outcomes.filter((o) => (o.proposalBlocked ?? 0) > 0).length;
  const unmatched = strategicLines.filter(
    (l) => !plan.some((p) => isListed(p.account, p.slug ?? slugify(p.account.name), new Set([l.name.toLowerCase()]))),
  );
  return {
    source: exp.source,
    mapping: exp.mapping,
    dryRun: !!options.dryRun,
    minArrUsd,
    referenceDate,
    counts,
    proposalsBlocked,
    accounts: outcomes,
    problems: exp.problems,
    strategicUnmatched: unmatched,
  };
}

/** Runs the import. Throws PreconditionError for an unreadable export, UsageError for bad flags. */
export async function runImport(options: ImportOptions, ctx: AppContext): Promise<ImportResult> {
  const inputs = await readImportInputs(options, ctx);
  const { hub, exp, known, minArrUsd, referenceDate } = inputs;
  const strategic = new Set(inputs.strategicLines.map((l) => l.name.toLowerCase()));
  const plan = decideImport(exp, known, { minArrUsd, referenceDate, strategic });
  const { owner, ownerHint } = await resolveOwner(
    options,
    ctx,
    plan.filter((p) => p.action === 'created'),
  );
  const playbooks = new Map<string, Playbook>();
  const writer: ImportWriter = {
    ctx,
    hub,
    options,
    owner,
    ownerHint,
    absent: inputs.absent,
    fallbackType: options.planType ?? hub.config.defaultPlanType,
    playbookFor: async (type) => {
      if (!playbooks.has(type)) playbooks.set(type, await loadPlaybook(hub, type));
      return playbooks.get(type)!;
    },
  };
  const outcomes: AccountOutcome[] = [];
  // NOTE: accounts are written in the export's order (stable), each under its own lock taken and
  // released in turn: never two at once, so concurrent imports cannot deadlock, and a kill leaves
  // every account done or not started (at most one journal, finished by the next command).
  for (const step of plan) outcomes.push(await importAccount(writer, step));
  return importResult(options, inputs, plan, outcomes);
}

/** One account's decision before anything is written. */
interface ImportStep {
  action: 'created' | 'updated' | 'skipped';
  account: CrmAccount;
  decision: ReturnType<typeof importTrigger>;
  slug?: string;
  reason?: string;
}

/**
 * Decides, for every account of the export, in file order: update the plan that is linked to it
 * (meta.crm source and account id), or the plan in its slug's folder when that plan has no CRM
 * link and the same customer name; else create one when the trigger requires it; else skip with
 * the reason. A slug taken by another account's plan (or by an earlier account of the same
 * export) is a skip, never an overwrite.
 */
function decideImport(
  exp: CrmExport,
  known: KnownPlan[],
  settings: { minArrUsd: number; referenceDate: string | null; strategic: ReadonlySet<string> },
): ImportStep[] {
  const byCrm = new Map(known.filter((k) => k.crmKey).map((k) => [k.crmKey!, k]));
  const bySlug = new Map(known.map((k) => [k.slug, k]));
  const claimed = new Map<string, string>();
  return exp.accounts.map((account): ImportStep => {
    const slug = slugify(account.name);
    const decision = importTrigger(account, {
      minArrUsd: settings.minArrUsd,
      referenceDate: settings.referenceDate,
      strategic: isListed(account, slug, settings.strategic),
    });
    const linked = byCrm.get(`${account.source}|${account.id}`);
    if (linked) return { action: 'updated', account, decision, slug: linked.slug };
    const atSlug = bySlug.get(slug);
    if (atSlug && !atSlug.crmKey && atSlug.name.trim().toLowerCase() === account.name.toLowerCase()) {
      claimed.set(slug, account.id);
      return { action: 'updated', account, decision, slug };
    }
    if (!decision.required) return { action: 'skipped', account, decision, reason: decision.skipReason };
    if (atSlug)
      return {
        action: 'skipped',
        account,
        decision,
        slug,
        reason: `${slug}/ already holds the plan of ${atSlug.name}${atSlug.crmKey ? ` (CRM ${atSlug.crmKey.replace('|', ' ')})` : ''}; rename one of the folders`,
      };
    const first = claimed.get(slug);
    if (first !== undefined)
      return {
        action: 'skipped',
        account,
        decision,
        slug,
        reason: `its name gives the slug ${slug}, already used by CRM account ${first} in this export`,
      };
    claimed.set(slug, account.id);
    return { action: 'created', account, decision, slug };
  });
}

/**
 * The InfoHub's plans with their CRM link, read on the fast path (js-yaml). A plan that cannot
 * be read is left out here; if the import needs it, reading it for the update reports why.
 */
function indexPlans(hub: Hub): KnownPlan[] {
  return listAccounts(hub.root).accounts.flatMap((slug) => knownPlan(hub, slug) ?? []);
}

/** One account's plan with its CRM link, read on the fast path; undefined when it cannot be read. */
function knownPlan(hub: Hub, slug: string): KnownPlan | undefined {
  let data: unknown;
  try {
    data = parseYamlFast(readTextFile(accountPaths(hub.root, slug).csp, hub.config.maxFileBytes)).data;
  } catch (error) {
    if (error instanceof CspError) return undefined;
    throw error;
  }
  const meta = (
    data as { meta?: { account_name?: unknown; crm?: { source?: unknown; account_id?: unknown } } } | undefined
  )?.meta;
  const crm = meta?.crm;
  return {
    slug,
    name: typeof meta?.account_name === 'string' ? meta.account_name : slug,
    ...(typeof crm?.source === 'string' && typeof crm.account_id === 'string'
      ? { crmKey: `${crm.source}|${crm.account_id}` }
      : {}),
  };
}

/**
 * Writes a new plan, the account's empty tracker, register and decision log (those missing) and
 * the InfoHub's schema copies (those missing or out of date) as one transaction, never
 * overwriting. Runs under the account's lock (unless dryRun).
 */
async function createPlanFiles(
  hub: Hub,
  slug: string,
  plan: Plan,
  dryRun: boolean,
): Promise<{ file: string; warnings: number; issues: Issue[] }> {
  const paths = accountPaths(hub.root, slug);
  const { text, issues } = await prepareCreate(paths.csp, 'csp', plan, planStore(hub, slug));
  if (!dryRun) await transaction(hub, slug, await newAccountWrites(hub, slug, text), { command: 'csp import' });
  return { file: paths.csp, warnings: issues.filter((i) => i.severity === 'warning').length, issues };
}

/** { proposalBlocked: N } when N of the plan's requirements for its Stage 4 proposal are unmet (one per requirement), else {}. */
function blockedCount(issues: readonly Issue[]): { proposalBlocked?: number } {
  const n = new Set(issues.filter((i) => isProposalBlock(i.code)).map((i) => i.code)).size;
  return n > 0 ? { proposalBlocked: n } : {};
}

/** CLI entry: normalise options, run, report. */
export async function main([path]: ArgsOf<ImportCli>, options: OptionsOf<ImportCli>, ctx: AppContext): Promise<void> {
  const result = await runImport(
    {
      path,
      source: options.source,
      minArr: options.minArr,
      strategic: options.strategic,
      owner: options.owner,
      users: options.users,
      planType: options.planType,
      dryRun: options.dryRun ?? false,
    },
    ctx,
  );
  const show = (file: string) => relative(ctx.cwd, file) || file;
  const locked = result.accounts.filter((a) => a.error === 'account-locked').map((a) => a.account ?? a.name);
  if (ctx.flags.json)
    ctx.out.data({
      ok: locked.length === 0,
      ...result,
      problems: result.problems.map((p) => ({ ...p, file: show(p.file) })),
    });
  else renderImport(ctx, result, show);
  // NOTE: an account another csp held past the wait was not imported (nothing of it changed); the others were: exit 3, so a script runs it again.
  if (locked.length > 0) {
    throw new PreconditionError(
      `csp import: ${locked.length} account${locked.length === 1 ? ' was' : 's were'} being changed by another csp process and not imported: ${locked.join(', ')}`,
      {
        code: 'account-locked',
        reported: ctx.flags.json,
        hint: 'run the same csp import again when the other command has finished (accounts already imported are left unchanged)',
      },
    );
  }
}

function renderImport(ctx: AppContext, result: ImportResult, show: (file: string) => string): void {
  const out = ctx.out;
  const style = out.style;
  for (const line of problemLines(result.problems, show)) out.warn(line);
  for (const l of result.strategicUnmatched)
    out.warn(`strategic list line ${l.line}: no account "${l.name}" in the export`);
  const money = (n: number | null) => (n === null ? 'ARR unknown' : `ARR ${usd(n)}`);
  for (const o of result.accounts.filter((a) => a.action === 'created')) {
    out.result(
      `${style.green('created')}  ${o.account}  ${o.planType}, phase ${o.phase} (${o.stage ?? 'no stage'}, ${money(o.arrUsd)}; ${o.reasons.join(', ')})${o.warnings ? style.dim(` ${o.warnings} to backfill`) : ''}${o.proposalBlocked ? style.yellow(`; proposal blocked: ${o.proposalBlocked} missing`) : ''}`,
    );
  }
  for (const o of result.accounts.filter((a) => a.action === 'updated')) {
    out.result(`${style.cyan('updated')}  ${o.account}  ${o.changes.join('; ')}`);
  }
  const skipped = result.accounts.filter((a) => a.action === 'skipped');
  const byReason = new Map<string, AccountOutcome[]>();
  for (const o of skipped) {
    const key = (o.reason ?? '').replace(/ARR \$[0-9,.]+ is not above/, 'ARR not above');
    byReason.set(key, [...(byReason.get(key) ?? []), o]);
  }
  for (const [reason, list] of byReason) {
    const names = list
      .slice(0, 6)
      .map((o) => (o.arrUsd !== null && /ARR not above/.test(reason) ? `${o.name} (${usd(o.arrUsd)})` : o.name));
    out.result(
      `${style.yellow('skipped')}  ${list.length} account${list.length === 1 ? '' : 's'}: ${reason}: ${names.join(', ')}${list.length > 6 ? `, and ${list.length - 6} more` : ''}`,
    );
  }
  const c = result.counts;
  const errors = result.problems.filter((p) => p.severity === 'error').length;
  out.result(
    `${result.source} export: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.skipped} skipped; ${result.problems.length} row problem${result.problems.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'})${result.dryRun ? ' (dry run: nothing was written)' : ''}`,
  );
  if (result.proposalsBlocked > 0) {
    out.result(
      style.yellow(
        `${result.proposalsBlocked} plan${result.proposalsBlocked === 1 ? ' is' : 's are'} at Stage 4 or Closed Won and incomplete: the proposal is blocked and csp validate fails until each is complete (csp validate <account> lists what is missing)`,
      ),
    );
  }
  if (c.created > 0 && !result.dryRun)
    out.info(
      style.dim(
        'New plans list what a person still has to fill in as backfill warnings (csp validate lists them, and csp status the portfolio).',
      ),
    );
}

/** The export's problems for a terminal: each error on its own line; warnings grouped by code with their first locations. */
function problemLines(problems: readonly CrmProblem[], show: (file: string) => string): string[] {
  const lines = problems
    .filter((p) => p.severity === 'error')
    .map((p) => `${show(p.file)}:${p.line}: ${p.message} [${p.code}]`);
  const groups = new Map<string, CrmProblem[]>();
  for (const p of problems.filter((q) => q.severity === 'warning'))
    groups.set(p.code, [...(groups.get(p.code) ?? []), p]);
  for (const [code, list] of groups) {
    const at = list
      .slice(0, 5)
      .map((p, i) => (i > 0 && p.file === list[i - 1].file ? `:${p.line}` : `${show(p.file)}:${p.line}`))
      .join(', ');
    lines.push(
      `${list.length} row${list.length === 1 ? '' : 's'} [${code}], e.g. ${list[0].message} (at ${at}${list.length > 5 ? `, and ${list.length - 5} more: --json lists them all` : ''})`,
    );
  }
  return lines;
}
