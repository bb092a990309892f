/**
 * `csp status` with no account: the portfolio. read (every plan through the scanner: cache,
 * workers, fast parse; optionally a CRM export) -> decide (domain/portfolio.ts, pure) -> report (a
 * compact text summary, or --json). Writes nothing but the validation cache.
 */
import { compareText } from '../../domain/compare.js';
import { interruptedOperations, type Interrupted } from './interrupted.js';
import type { AppContext } from '../../cli/context.js';
import type { OptionsOf } from '../../cli/action.js';
import type { StatusCli } from './register.js';
import { openHub, type Hub } from '../../infohub/hub.js';
import { VERSION } from '../../cli/version.js';
import { createProgress } from '../../cli/progress.js';
import { importTrigger, isListed, usd } from '../../crm/import.js';
import {
  aggregatePortfolio,
  type HealthBand,
  type MissingPlan,
  type PlanEntry,
  type Portfolio,
  type UnplannedAccount,
} from '../../domain/portfolio.js';
import { slugify } from '../../domain/slug.js';
import { CspError, UsageError } from '../../errors.js';
import { accountPaths, listAccounts } from '../../storage/infohub.js';
import { exists } from '../../storage/files.js';
import { scanDocuments } from '../../storage/scan.js';
import { readExportFor } from '../shared/crm.js';
import { parseDateFlag, parseUsd } from '../shared/flags.js';
import { accountsNotCheckedOut, notCheckedOutLine } from '../shared/sparse.js';

/** Options of the portfolio, normalised. */
export interface PortfolioOptions {
  /** Only these account slugs (default: all). */
  accounts: string[];
  asOf?: string;
  fromCrm?: string;
  crmSource?: string;
  minArr?: string;
}

/** The portfolio and the plans that could not be read into it. */
export interface PortfolioResult {
  portfolio: Portfolio;
  /** Plans left out: they did not parse or are not plans (csp validate says why). */
  unreadable: Array<{ account: string; reason: string }>;
  skipped: Array<{ name: string; reason: string }>;
  /** Operations a killed csp left half done (csp repair finishes them). */
  interrupted: Interrupted[];
  /** How many accounts git holds that this clone's sparse checkout leaves out of the working tree (issue 20); not in the portfolio. */
  notCheckedOut: number;
}

/** Builds the portfolio. Throws UsageError for an unknown account or a bad flag, PreconditionError without an InfoHub. */
export async function runPortfolio(options: PortfolioOptions, ctx: AppContext): Promise<PortfolioResult> {
  const hub = await openHub(ctx);
  const asOf = options.asOf ? parseDateFlag(options.asOf, 'as-of') : hub.today;
  const minArrUsd = options.minArr !== undefined ? parseUsd(options.minArr, 'min-arr') : hub.config.minArrUsd;
  const { accounts: all, skipped } = listAccounts(hub.root);
  const unknown = options.accounts.filter((a) => !all.includes(a));
  if (unknown.length > 0)
    throw new UsageError(`no plan for ${unknown.join(', ')} in ${hub.display(hub.root)}`, {
      code: 'no-plan',
      hint: `known accounts: ${all.slice(0, 8).join(', ')}${all.length > 8 ? ', ...' : ''}`,
    });
  // NOTE: only the portfolio of the whole InfoHub counts them; one more git ls-tree of the InfoHub folder (issue 20).
  const absent = options.accounts.length > 0 ? [] : await accountsNotCheckedOut(ctx, hub, all);
  const accounts = options.accounts.length > 0 ? options.accounts : all;
  const outcomes = await scanDocuments(
    accounts.map((a) => ({ path: accountPaths(hub.root, a).csp, kind: 'csp' as const })),
    {
      maxBytes: hub.config.maxFileBytes,
      requireManagerApproval: hub.config.requireManagerApproval,
      entries: { asOf, minArrUsd },
      cacheRoot: hub.root,
      version: VERSION,
      progress: createProgress(ctx.io.stderr, 'reading plans'),
      errorsOnly: true,
    },
  );
  const entries: PlanEntry[] = [];
  const unreadable: PortfolioResult['unreadable'] = [];
  outcomes.forEach((o, i) => {
    if (o.entry) entries.push(o.entry);
    else
      unreadable.push({
        account: accounts[i],
        reason: o.issues.find((x) => x.severity === 'error')?.message ?? 'not a plan',
      });
  });
  const missingPlans = options.fromCrm
    ? await plansMissing(hub, ctx.cwd, options.fromCrm, options.crmSource, entries, minArrUsd, absent)
    : undefined;
  const customerHealth = await customerHealthBands(
    hub,
    entries.map((e) => e.account),
    asOf,
    unreadable,
  );
  const withoutPlan = options.accounts.length > 0 ? [] : await accountsWithoutPlan(hub, new Set(all), asOf, unreadable);
  const portfolio = aggregatePortfolio(entries, {
    asOf,
    withoutPlan,
    ...(customerHealth ? { customerHealth } : {}),
    ...(missingPlans ? { missingPlans } : {}),
  });
  return { portfolio, unreadable, skipped, interrupted: interruptedOperations(hub), notCheckedOut: absent.length };
}

/**
 * The customer health band of every account that has health signals (health_signals.yaml), from
 * the team's health model; undefined when no account has signals. An unreadable signals file is
 * reported with the unreadable plans and leaves that account without a band.
 */
async function customerHealthBands(
  hub: Hub,
  accounts: readonly string[],
  asOf: string,
  unreadable: PortfolioResult['unreadable'],
): Promise<Map<string, HealthBand> | undefined> {
  const { loadHealthModel, readSignals } = await import('../shared/health.js');
  const withSignals = accounts.filter((a) => exists(hub.paths(a).healthSignals));
  if (withSignals.length === 0) return undefined;
  const [{ customerHealthBand }, { model }] = await Promise.all([
    import('../../customer-health/score.js'),
    loadHealthModel(hub),
  ]);
  const bands = new Map<string, HealthBand>();
  for (const account of withSignals) {
    try {
      const band = customerHealthBand(await readSignals(hub, account), model, asOf);
      if (band) bands.set(account, band);
    } catch (error) {
      if (!(error instanceof CspError)) throw error;
      unreadable.push({ account, reason: `health signals: ${error.message}` });
    }
  }
  return bands;
}

/**
 * The InfoHub's accounts that have health signals (csp signal, csp signal import) and no plan, each
 * with the newest ARR its signals hold on or before the date and its customer health band.
 */
async function accountsWithoutPlan(
  hub: Hub,
  planned: ReadonlySet<string>,
  asOf: string,
  unreadable: PortfolioResult['unreadable'],
): Promise<UnplannedAccount[]> {
  const scored = listAccounts(hub.root, 'health_signals.yaml').accounts.filter((a) => !planned.has(a));
  if (scored.length === 0) return [];
  const [{ loadHealthModel, readSignals }, { customerHealthBand }] = await Promise.all([
    import('../shared/health.js'),
    import('../../customer-health/score.js'),
  ]);
  const { model } = await loadHealthModel(hub);
  const out: UnplannedAccount[] = [];
  for (const account of scored) {
    try {
      const signals = await readSignals(hub, account);
      const arr = [...(signals?.signals ?? [])]
        .filter((x) => x.date <= asOf && typeof x.values?.arr_usd === 'number')
        .sort((a, b) => compareText(a.date, b.date))
        .pop()?.values.arr_usd;
      const band = customerHealthBand(signals, model, asOf);
      out.push({ account, name: signals?.name ?? account, arrUsd: arr ?? null, ...(band ? { band } : {}) });
    } catch (error) {
      if (!(error instanceof CspError)) throw error;
      unreadable.push({ account, reason: `health signals: ${error.message}` });
    }
  }
  return out;
}

/**
 * The accounts of a CRM export that the SPEC's trigger requires a plan for, and that have none (by
 * CRM link or slug). `absent`: accounts whose plan git holds but the working tree lacks; their
 * slugs have a plan (their CRM links cannot be read here).
 */
async function plansMissing(
  hub: Hub,
  cwd: string,
  path: string,
  source: string | undefined,
  entries: PlanEntry[],
  minArrUsd: number,
  absent: readonly string[],
): Promise<MissingPlan[]> {
  const exp = await readExportFor(hub, cwd, path, source);
  const { exportReferenceDate } = await import('../../crm/accounts.js');
  const referenceDate = exportReferenceDate(exp);
  const linked = new Set(entries.map((e) => e.crmKey).filter((k): k is string => !!k));
  const slugs = new Set([...entries.map((e) => e.account), ...absent]);
  const none = new Set<string>();
  return exp.accounts.flatMap((account) => {
    const slug = slugify(account.name);
    if (linked.has(`${account.source}|${account.id}`) || slugs.has(slug)) return [];
    const d = importTrigger(account, { minArrUsd, referenceDate, strategic: isListed(account, slug, none) });
    return d.required
      ? [{ name: account.name, crmId: account.id, reasons: d.reasons, stage: d.stage, arrUsd: d.arrUsd }]
      : [];
  });
}

/** CLI entry: normalise options, run, report. */
export async function main(accounts: string[], options: OptionsOf<StatusCli>, ctx: AppContext): Promise<void> {
  const result = await runPortfolio(
    {
      accounts,
      ...(options.asOf !== undefined ? { asOf: options.asOf } : {}),
      ...(options.fromCrm !== undefined ? { fromCrm: options.fromCrm } : {}),
      ...(options.crmSource !== undefined ? { crmSource: options.crmSource } : {}),
      ...(options.minArr !== undefined ? { minArr: options.minArr } : {}),
    },
    ctx,
  );
  for (const s of result.skipped) ctx.out.warn(`skipped ${s.name}: ${s.reason}`);
  for (const u of result.unreadable)
    ctx.out.warn(`${u.account}: left out of the portfolio: ${u.reason} (csp validate ${u.account})`);
  for (const i of result.interrupted) ctx.out.warn(i.message);
  if (ctx.flags.json) {
    ctx.out.data({
      ok: true,
      ...result.portfolio,
      unreadable: result.unreadable,
      interrupted: result.interrupted,
      notCheckedOut: result.notCheckedOut,
    });
    return;
  }
  ctx.out.result(renderPortfolio(result.portfolio, ctx.out.style));
  if (result.notCheckedOut > 0)
    ctx.out.result(ctx.out.style.dim(notCheckedOutLine(await openHub(ctx), result.notCheckedOut)));
}

/** Most accounts listed in the text table; --json lists them all. */
const MAX_ROWS = 25;
/** Most milestones and stale plans listed in text. */
const MAX_ITEMS = 10;

type Style = AppContext['out']['style'];

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/** The portfolio as text for a terminal: a summary, the metrics, the lists, and the account table (worst first). */
function renderPortfolio(p: Portfolio, style: Style): string {
  return [
    ...summaryLines(p, style),
    ...metricLines(p.metrics, style),
    ...listLines(p, style),
    ...accountTable(p, style),
  ].join('\n');
}

/** Dollars for a narrow column: $1.2M, $350K, or the whole amount under $1,000. */
function money(n: number): string {
  return n >= 1_000_000 ? `$${(n / 1_000_000).toFixed(1)}M` : n >= 1_000 ? `$${Math.round(n / 1_000)}K` : usd(n);
}

/** A share as "40% (2 of 5)", or n/a when nothing is counted. */
function pct(s: { pct: number | null; count: number; of: number }): string {
  return s.pct === null ? 'n/a' : `${s.pct}% (${s.count} of ${s.of})`;
}

/** The headline, then plans and ARR by phase, plan type, CSP health and customer health. */
function summaryLines(p: Portfolio, style: Style): string[] {
  const lines: string[] = [];
  const unplanned =
    p.withoutPlan.count > 0
      ? `; ${p.withoutPlan.count} account${p.withoutPlan.count === 1 ? '' : 's'} without a plan, ARR ${money(p.withoutPlan.arrUsd)}`
      : '';
  lines.push(
    style.bold(
      `Portfolio as of ${p.asOf}: ${p.plans} plan${p.plans === 1 ? '' : 's'}, ARR ${money(p.arrUsd)}${unplanned}`,
    ),
  );
  const table = (title: string, rows: Array<[string, { count: number; arrUsd: number }]>) => {
    lines.push(style.dim(`${title.padEnd(16)} ${'plans'.padStart(6)} ${'ARR'.padStart(9)}`));
    for (const [name, b] of rows)
      lines.push(`${name.padEnd(16)} ${String(b.count).padStart(6)} ${money(b.arrUsd).padStart(9)}`);
  };
  table('phase', Object.entries(p.byPhase));
  table('plan type', Object.entries(p.byPlanType).sort());
  const h = p.byHealth;
  table('CSP health', [
    [style.green('healthy'), h.healthy],
    [style.yellow('needs attention'), h.needs_attention],
    [style.red('at risk'), h.at_risk],
  ]);
  lines.push(
    `complete ${h.complete}, incomplete ${h.incomplete}${p.importedPendingBackfill ? style.dim(` (${p.importedPendingBackfill} imported from the CRM, backfill to do)`) : ''}`,
  );
  if (p.byCustomerHealth) {
    const c = p.byCustomerHealth;
    table('customer health', [
      [style.green('green'), c.green],
      [style.yellow('yellow'), c.yellow],
      [style.red('red'), c.red],
      ['unknown', c.unknown],
    ]);
  }
  return lines;
}

/** The plan metrics block: adoption, time to plan, milestones on time, objectives achieved. */
function metricLines(m: Portfolio['metrics'], style: Style): string[] {
  return [
    '',
    style.bold('Plan metrics'),
    `  plan adoption          ${pct(m.adoption)} of the accounts that need a CSP have an active one${m.adoption.withPlan < m.adoption.of ? style.dim(` (${m.adoption.of - m.adoption.withPlan} have none)`) : ''}`,
    `  time to plan           ${m.timeToPlan.medianDays === null ? 'not shown (no plan has a Stage 2 or Closed Won date within a year before its creation)' : `median ${m.timeToPlan.medianDays} days, mean ${m.timeToPlan.meanDays} (${m.timeToPlan.count} plan${m.timeToPlan.count === 1 ? '' : 's'})`}`,
    `  milestones on time     ${pct(m.milestonesOnTime)}`,
    `  objectives achieved    ${pct(m.objectivesAchieved)}`,
    '',
  ];
}

/** The lists that need action (overdue and due milestones, stale plans, blocked proposals, accounts without a plan), MAX_ITEMS each. */
function listLines(p: Portfolio, style: Style): string[] {
  const lines: string[] = [];
  const list = <T>(title: string, items: T[], show: (t: T) => string, colour: (s: string) => string) => {
    if (items.length === 0) return;
    lines.push(colour(`${title}: ${items.length}`));
    for (const t of items.slice(0, MAX_ITEMS)) lines.push(`  ${show(t)}`);
    if (items.length > MAX_ITEMS)
      lines.push(style.dim(`  ... and ${items.length - MAX_ITEMS} more (--json lists them all)`));
  };
  list(
    'Milestones overdue',
    p.milestones.overdue,
    (x) => `${x.account} ${x.id} "${x.title}" due ${x.due} (${days(-x.days)} overdue)`,
    style.red,
  );
  list(
    `Milestones due in 7 days`,
    p.milestones.dueSoon,
    (x) => `${x.account} ${x.id} "${x.title}" due ${x.due}${x.days === 0 ? ' (today)' : ` (in ${days(x.days)})`}`,
    style.yellow,
  );
  list('Plans not updated for 60+ days', p.stale.over60, (x) => `${x.account} (${days(x.days)})`, style.red);
  list('Plans not updated for 30-59 days', p.stale.over30, (x) => `${x.account} (${days(x.days)})`, style.yellow);
  list(
    'Proposals blocked (Stage 4 or later, plan incomplete)',
    p.proposalsBlocked,
    (x) => `${x.account}: ${x.missing} missing (csp validate ${x.account})`,
    style.red,
  );
  list(
    'Accounts without a plan (health signals only)',
    p.withoutPlan.accounts,
    (x) =>
      `${x.account}${x.name !== x.account ? ` (${x.name})` : ''}: ${x.arrUsd === null ? 'ARR unknown' : `ARR ${money(x.arrUsd)}`}${x.band ? `, customer health ${x.band}` : ''}`,
    style.yellow,
  );
  if (p.missingPlans) {
    if (p.missingPlans.length === 0)
      lines.push(style.green('Every account the CRM export requires a CSP for has one.'));
    list(
      'Accounts that need a CSP and have none',
      p.missingPlans,
      (x) =>
        `${x.name} (${x.stage ?? 'no stage'}, ${x.arrUsd === null ? 'ARR unknown' : money(x.arrUsd)}; ${x.reasons.join(', ')}): csp import can create it`,
      style.red,
    );
  }
  return lines;
}

/** The account table, worst first (at risk, then most overdue), MAX_ROWS rows; nothing without accounts. */
function accountTable(p: Portfolio, style: Style): string[] {
  if (p.accounts.length === 0) return [];
  const lines: string[] = [''];
  const rank = { at_risk: 0, needs_attention: 1, healthy: 2 } as const;
  const rows = [...p.accounts].sort(
    (a, b) => rank[a.verdict] - rank[b.verdict] || b.overdue - a.overdue || compareText(a.account, b.account),
  );
  const width = Math.max(7, ...rows.slice(0, MAX_ROWS).map((r) => r.account.length));
  const band = p.byCustomerHealth ? ` ${'customer'.padEnd(8)}` : '';
  lines.push(
    style.dim(
      `${'account'.padEnd(width)}  ${'type'.padEnd(10)} ${'phase'.padEnd(8)} ${'ARR'.padStart(8)}${band} ${'CSP health'.padEnd(15)} ${'stale'.padStart(5)} overdue`,
    ),
  );
  for (const r of rows.slice(0, MAX_ROWS)) {
    const verdict =
      r.verdict === 'at_risk'
        ? style.red('at risk'.padEnd(15))
        : r.verdict === 'needs_attention'
          ? style.yellow('needs attention')
          : style.green('healthy'.padEnd(15));
    const customer = p.byCustomerHealth ? ` ${(r.customerHealth ?? '-').padEnd(8)}` : '';
    lines.push(
      `${r.account.padEnd(width)}  ${r.planType.padEnd(10)} ${r.phase.padEnd(8)} ${(r.arrUsd === null ? '-' : money(r.arrUsd)).padStart(8)}${customer} ${verdict} ${String(r.staleDays ?? '-').padStart(5)} ${r.overdue}${r.complete ? '' : style.dim(' (incomplete)')}`,
    );
  }
  if (rows.length > MAX_ROWS)
    lines.push(style.dim(`... and ${rows.length - MAX_ROWS} more accounts (--json lists every one)`));
  return lines;
}
