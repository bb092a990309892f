/**
 * `csp init`: read (flags, or a CRM record) -> decide (domain/scaffold.ts, pure) -> write (the
 * plan and the account's empty tracker, register and decision log; never overwriting) -> report
 * (the file, the plan's timeline, and the gaps to fill before csp develop).
 */
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { InitCli } from './register.js';
import { openHub, planStore, type Hub } from '../../infohub/hub.js';
import { newPlan, type NewPlanInput } from '../../domain/scaffold.js';
import { slugify } from '../../domain/slug.js';
import { PLAN_TYPES, type Plan } from '../../domain/plan.js';
import { phaseForStage } from '../../domain/stage.js';
import { PreconditionError, UsageError } from '../../errors.js';
import { accountPaths } from '../../storage/infohub.js';
import { prepareCreate } from '../../storage/documents.js';
import { transaction } from '../../storage/journal.js';
import { changeAccount } from '../shared/locked.js';
import { exists } from '../../storage/files.js';
import type { Issue } from '../../domain/issue.js';
import { askMissing, parseChoice, parseDateFlag, parseStage, parseUsd } from '../shared/flags.js';
import { loadPlaybook, newAccountWrites, reportRemaining } from '../shared/plans.js';
import { readExportFor } from '../shared/crm.js';
import { refuseIfNotCheckedOut } from '../shared/sparse.js';
import { attributesWrite } from '../shared/merge-attributes.js';
import { shellWord as shellArg } from '../../domain/shell.js';

/** Options of csp init, normalised. */
export interface InitOptions {
  account: string;
  name?: string;
  owner?: string;
  ownerEmail?: string;
  planType?: (typeof PLAN_TYPES)[number];
  stage?: string;
  arr?: string;
  industry?: string;
  segment?: string;
  useCase?: string;
  background?: string;
  start?: string;
  renewalDate?: string;
  strategic?: boolean;
  fromCrm?: string;
  crmId?: string;
  crmSource?: string;
  dryRun?: boolean;
}

/** What csp init did. */
export interface InitResult {
  account: string;
  file: string;
  created: string[];
  plan: Plan;
  text: string;
  issues: Issue[];
  /** Row problems of the CRM record used (e.g. an unknown stage), as warnings. */
  crmWarnings: string[];
  /** The .gitattributes that csp's merge lines were added to (absent when they were there). */
  attributes?: string;
}

/** Creates the plan. Throws PreconditionError when it exists, UsageError for bad flags. */
export async function runInit(options: InitOptions, ctx: AppContext): Promise<InitResult> {
  const hub = await openHub(ctx, { create: true });
  const paths = accountPaths(hub.root, options.account);
  const newHub = !exists(hub.root);
  if (exists(paths.csp)) throw alreadyExists(hub, paths.csp, options.account);
  if (!newHub) await refuseIfNotCheckedOut(ctx, hub, options.account, 'csp init');
  const fromCrm = options.fromCrm ? await crmInput(options, hub, ctx.cwd) : undefined;
  const answers = await askMissing(
    ctx,
    [
      { name: 'name', flag: 'name', message: "Customer's name:", type: 'input', default: fromCrm?.accountName },
      { name: 'owner', flag: 'owner', message: 'Plan owner (the SA):', type: 'input' },
    ],
    { name: options.name ?? fromCrm?.accountName, owner: options.owner },
    `csp init ${options.account} --name "<customer>" --owner "<SA>"`,
  );
  const planType = options.planType ?? hub.config.defaultPlanType;
  const playbook = await loadPlaybook(hub, planType);
  const input: NewPlanInput = {
    ...fromCrm,
    account: options.account,
    accountName: String(answers.name).trim(),
    planType,
    owner: { name: String(answers.owner).trim(), ...(options.ownerEmail ? { email: options.ownerEmail } : {}) },
    ...(options.stage ? { stage: parseStage(options.stage) } : {}),
    ...(options.arr !== undefined ? { arrUsd: parseUsd(options.arr, 'arr') } : {}),
    ...(options.strategic ? { strategic: true } : {}),
    ...(options.industry ? { industry: options.industry } : {}),
    ...(options.segment ? { segment: options.segment } : {}),
    ...(options.useCase ? { useCase: options.useCase } : {}),
    ...(options.background ? { background: options.background } : {}),
    planStart: options.start ? parseDateFlag(options.start, 'start') : hub.today,
    ...(options.renewalDate ? { renewalDate: parseDateFlag(options.renewalDate, 'renewal-date') } : {}),
    today: hub.today,
  };
  const plan = newPlan(input, playbook);
  const store = planStore(hub, options.account);
  const { text, issues } = await prepareCreate(paths.csp, 'csp', plan, store);
  if (options.dryRun)
    return {
      account: options.account,
      file: paths.csp,
      created: [],
      plan,
      text,
      issues,
      crmWarnings: fromCrm?.warnings ?? [],
    };
  // NOTE: the plan, its empty tracker, register and decision log, and the schema copies are
  // written as one transaction: a run killed halfway is finished by the next command.
  const created = await changeAccount(ctx, hub, options.account, 'csp init', async () => {
    if (exists(paths.csp)) throw alreadyExists(hub, paths.csp, options.account);
    const writes = [...(await newAccountWrites(hub, options.account, text)), attributesWrite(hub.root)].filter(
      (w) => w.before !== w.after,
    );
    await transaction(hub, options.account, writes, { command: 'csp init' });
    return writes.map((w) => w.path);
  });
  const attributes = created.find((p) => p.endsWith('/.gitattributes'));
  return {
    account: options.account,
    file: paths.csp,
    created: newHub ? [hub.root, ...created] : created,
    plan,
    text,
    issues,
    crmWarnings: fromCrm?.warnings ?? [],
    ...(attributes ? { attributes } : {}),
  };
}

/**
 * The usage error for a --crm-id that picks several accounts: each candidate by id, name and
 * where it is in the export, and the command that picks the first one by its id (as given,
 * --crm-id replaced). Rows with the same id (a Maven export keys accounts by name) cannot be
 * picked by any id: the export must be fixed.
 */
function ambiguousCrmId(
  options: InitOptions,
  matches: Array<{ id: string; name: string; ref: { file: string; line: number } }>,
  duplicates: Array<{ file: string; line: number }>,
  display: (path: string) => string,
): UsageError {
  const where = (r: { file: string; line: number }) => `${display(r.file)}:${r.line}`;
  if (matches.length <= 1) {
    const rows = [matches[0]!.ref, ...duplicates].map(where);
    return new UsageError(
      `--crm-id "${options.crmId}" is ambiguous: ${rows.length} accounts in ${options.fromCrm} have the id "${matches[0]!.id}" (${rows.join(', ')})`,
      {
        code: 'crm-ambiguous-id',
        hint: `give the accounts distinct names in the export (csp keeps only the first of ${rows.join(', ')}), then run csp init again`,
      },
    );
  }
  const candidates = matches.map((a) => `${a.id}${a.id === a.name ? '' : ` (${a.name})`} at ${where(a.ref)}`);
  const command = [
    'csp',
    'init',
    options.account,
    '--from-crm',
    options.fromCrm!,
    ...(options.crmSource ? ['--crm-source', options.crmSource] : []),
    '--crm-id',
    matches[0]!.id,
    ...(options.owner ? ['--owner', options.owner] : []),
  ];
  return new UsageError(
    `--crm-id "${options.crmId}" is ambiguous: ${matches.length} accounts in ${options.fromCrm} match it: ${candidates.join('; ')}`,
    {
      code: 'crm-ambiguous-id',
      hint: `pick one by its id, e.g. ${command.map(shellArg).join(' ')}`,
    },
  );
}

function alreadyExists(hub: Hub, file: string, account: string): PreconditionError {
  return new PreconditionError(`${hub.display(file)} already exists`, {
    code: 'file-exists',
    hint: `csp never overwrites a plan: edit it instead (e.g. csp set ${account} customer_context.background "...", or csp add stakeholder ${account} --name "..." --role champion --side customer), or remove it first (it is in git history)`,
  });
}

/** Reads the account from a CRM export into init's input. Throws UsageError when it is not found or unusable. */
async function crmInput(
  options: InitOptions,
  hub: Hub,
  cwd: string,
): Promise<Partial<NewPlanInput> & { accountName: string; warnings: string[] }> {
  if (!options.crmId)
    throw new UsageError('--from-crm needs --crm-id <id> to pick the account', {
      code: 'missing-flag',
      hint: `csp init ${options.account} --from-crm ${options.fromCrm} --crm-id <id or name>`,
    });
  const crm = await import('../../crm/index.js');
  const exp = await readExportFor(hub, cwd, options.fromCrm!, options.crmSource);
  const matches = crm.findAccounts(exp, options.crmId);
  // NOTE: an id or name that picks several accounts (two "Twin Co") is refused, never resolved silently.
  const duplicateRows = exp.problems.filter(
    (p) => p.code === 'crm-duplicate-id' && matches.length === 1 && p.message.includes(`"${matches[0]!.id}"`),
  );
  if (matches.length > 1 || duplicateRows.length > 0)
    throw ambiguousCrmId(options, matches, duplicateRows, hub.display);
  const account = matches[0];
  if (!account) {
    const sample = exp.accounts
      .slice(0, 5)
      .map((a) => (a.id === a.name ? a.name : `${a.id} (${a.name})`))
      .join(', ');
    throw new UsageError(`no account "${options.crmId}" in ${options.fromCrm}`, {
      code: 'crm-no-account',
      hint: `use an account id or name from the export, e.g. ${sample}`,
    });
  }
  const opportunity = crm.planOpportunity(account);
  const arr = crm.accountArrUsd(account, crm.exportReferenceDate(exp));
  const warnings = exp.problems
    .filter((p) =>
      [account.ref, ...account.opportunities.map((o) => o.ref), ...account.contacts.map((c) => c.ref)].some(
        (r) => r.file === p.file && r.line === p.line,
      ),
    )
    .map((p) => `${p.file}:${p.line}: ${p.message}`);
  const stage = opportunity?.stage ?? undefined;
  if (stage && phaseForStage(stage) === null && stage !== 'Stage 1')
    warnings.push(`the opportunity is ${stage}: a CSP is not usually started now`);
  if (slugify(account.name) !== options.account)
    warnings.push(`the account's name "${account.name}" would give the slug ${slugify(account.name)}`);
  return {
    accountName: account.name,
    ...(account.industry ? { industry: account.industry } : {}),
    ...(account.employees !== undefined ? { employees: account.employees } : {}),
    ...(account.region ? { region: account.region } : {}),
    ...(account.description && !/^sample description/i.test(account.description)
      ? { background: account.description }
      : {}),
    ...(stage ? { stage } : {}),
    ...(arr !== null ? { arrUsd: arr } : {}),
    ...(opportunity?.stage === 'Closed Won' && opportunity.closeDate ? { closedWonDate: opportunity.closeDate } : {}),
    crm: {
      source: account.source,
      account_id: account.id,
      ...(opportunity
        ? { opportunity_id: opportunity.id, opportunity_name: opportunity.name, raw_stage: opportunity.rawStage }
        : {}),
      synced: hub.today,
    },
    contacts: account.contacts.map((c) => ({
      name: c.name,
      ...(c.title ? { title: c.title } : {}),
      ...(c.email ? { email: c.email } : {}),
      crmId: c.id,
    })),
    warnings,
  };
}

/** CLI entry: normalise options, run, report. */
export async function main([account]: ArgsOf<InitCli>, options: OptionsOf<InitCli>, ctx: AppContext): Promise<void> {
  if (/[A-Z\s]/.test(account) && !/[/\0]|\.\./.test(account)) {
    throw new UsageError(`invalid account name ${JSON.stringify(account)}: use the slug, e.g. ${slugify(account)}`, {
      code: 'bad-account',
      hint: `csp init ${slugify(account)} --name ${JSON.stringify(account)} --owner "<SA>"`,
    });
  }
  const planType = options.planType === undefined ? undefined : parseChoice(options.planType, 'plan-type', PLAN_TYPES);
  const result = await runInit({ ...options, account, planType }, ctx);
  const out = ctx.out;
  for (const w of result.crmWarnings) out.warn(w);
  if (ctx.flags.json) {
    out.data({
      ok: true,
      account: result.account,
      file: ctx.cwd ? result.file : result.file,
      created: result.created,
      dryRun: !!options.dryRun,
      plan: result.plan,
      issues: result.issues,
    });
    return;
  }
  if (options.dryRun) {
    out.result(result.text);
    out.info('(dry run: nothing was written)');
    return;
  }
  const m = result.plan.meta;
  out.result(`Created ${relativeTo(ctx, result.file)}`);
  out.info(
    `${m.account_name}: ${m.plan_type} plan in phase initiate (${m.opportunity_stage}), ${m.plan_start} to ${m.plan_end}, owner ${m.owner.name}`,
  );
  if (result.attributes)
    out.info(
      `Added csp's merge lines to ${relativeTo(ctx, result.attributes)} (commit it; each clone runs csp hook install once)`,
    );
  reportRemaining(ctx, result.issues);
  out.info(out.style.dim(`When sections 1-3 are filled in: csp develop ${result.account}`));
}

function relativeTo(ctx: AppContext, path: string): string {
  return path.startsWith(ctx.cwd + '/') ? path.slice(ctx.cwd.length + 1) : path;
}
