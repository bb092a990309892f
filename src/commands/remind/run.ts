/**
 * `csp remind`: read every plan (or the accounts named) -> decide (domain/reminders.ts, for the
 * as-of date) -> write the .ics file when asked -> report the reminders by account, escalations
 * first. A plan that cannot be read is skipped with a warning, so one broken file does not stop
 * the reminders of every other account.
 */
import { resolve } from 'node:path';
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { RemindCli } from './register.js';
import { openHub, planStore, type Hub } from '../../infohub/hub.js';
import { remindersToIcs } from '../../calendar/ics.js';
import type { Plan } from '../../domain/plan.js';
import { remindersFor, upcomingReminders, type Reminder } from '../../domain/reminders.js';
import { CspError, PreconditionError } from '../../errors.js';
import { readDocument } from '../../storage/documents.js';
import { exists, readTextFile, writeFileAtomic } from '../../storage/files.js';
import { assertNoSecretsIn } from '../../storage/secrets.js';
import { listAccounts } from '../../storage/infohub.js';
import { accountsNotCheckedOut, notCheckedOutLine } from '../shared/sparse.js';
import { parseDateFlag, parseWholeNumber } from '../shared/flags.js';
import { reminderLines } from '../shared/reminder-text.js';
import { compareText } from '../../domain/compare.js';

/** Options of csp remind, normalised. */
export interface RemindOptions {
  accounts: string[];
  asOf?: string;
  onlyNew: boolean;
  upcomingDays?: number;
  ics?: string;
}

/** What csp remind found. */
export interface RemindResult {
  asOf: string;
  reminders: Reminder[];
  upcoming: Reminder[];
  /** Accounts whose plan could not be read, and why. */
  skipped: Array<{ account: string; reason: string }>;
  /** Without accounts named: how many accounts git holds that this clone's sparse checkout leaves out (issue 20); they get no reminders here. */
  notCheckedOut?: number;
  ics?: { file: string; events: number };
}

/** Days of upcoming reminders an .ics file holds when --upcoming is not given. */
const ICS_DEFAULT_DAYS = 90;

/** Computes the reminders. Throws PreconditionError when --ics would overwrite a file csp did not write. */
export async function runRemind(options: RemindOptions, ctx: AppContext): Promise<RemindResult> {
  const hub = await openHub(ctx);
  const asOf = options.asOf ?? hub.today;
  for (const account of options.accounts) hub.existingAccount(account);
  const accounts = options.accounts.length > 0 ? options.accounts : listAccounts(hub.root).accounts;
  const notCheckedOut =
    options.accounts.length > 0 ? undefined : (await accountsNotCheckedOut(ctx, hub, accounts)).length;
  const days = options.upcomingDays ?? (options.ics ? ICS_DEFAULT_DAYS : 0);
  const reminders: Reminder[] = [];
  const upcoming: Reminder[] = [];
  const skipped: RemindResult['skipped'] = [];
  const settings = { escalateTo: hub.config.escalateTo };
  for (const account of accounts) {
    const plan = await readPlan(hub, account, skipped);
    if (!plan) continue;
    reminders.push(...remindersFor(plan, asOf, settings).filter((r) => !options.onlyNew || r.new));
    if (days > 0) upcoming.push(...upcomingReminders(plan, asOf, days, settings));
  }
  const order = (a: Reminder, b: Reminder) =>
    Number(b.escalation) - Number(a.escalation) || compareText(a.date, b.date) || compareText(a.account, b.account);
  reminders.sort(order);
  upcoming.sort((a, b) => compareText(a.date, b.date) || compareText(a.account, b.account));
  const result: RemindResult = {
    asOf,
    reminders,
    upcoming,
    skipped,
    ...(notCheckedOut !== undefined ? { notCheckedOut } : {}),
  };
  if (options.ics) {
    const file = resolve(ctx.cwd, options.ics);
    if (
      exists(file) &&
      !/^BEGIN:VCALENDAR\r?\n(?:.*\r?\n)*?PRODID:-\/\/csp\/\//.test(readTextFile(file, 50 * 1024 * 1024).slice(0, 4096))
    ) {
      throw new PreconditionError(`${hub.display(file)} exists and was not written by csp remind`, {
        code: 'file-exists',
        hint: 'choose another --ics file, or remove it first',
      });
    }
    const events = [...reminders, ...upcoming];
    // NOTE: the events are checked before .ics line folding could split a key.
    assertNoSecretsIn(hub.display(file), events, {
      hint: 'remove the key from the plan it came from (keep it in ANTHROPIC_API_KEY only), then run csp remind again',
    });
    writeFileAtomic(file, remindersToIcs(events, asOf));
    result.ics = { file: hub.display(file), events: events.length };
  }
  return result;
}

async function readPlan(hub: Hub, account: string, skipped: RemindResult['skipped']): Promise<Plan | undefined> {
  // NOTE: reminders run from cron over the whole InfoHub; one unreadable plan is reported and skipped, not fatal.
  let plan: Plan | undefined;
  try {
    plan = (await readDocument<Plan>(hub.paths(account).csp, 'csp', planStore(hub, account))).data;
  } catch (error) {
    if (!(error instanceof CspError)) throw error;
    skipped.push({ account, reason: error.message });
    return undefined;
  }
  if (!plan?.meta || typeof plan.meta !== 'object') {
    skipped.push({ account, reason: 'it has no meta section' });
    return undefined;
  }
  return plan;
}

/** CLI entry: normalise options, run, report. */
export async function main(
  [accounts]: ArgsOf<RemindCli>,
  options: OptionsOf<RemindCli>,
  ctx: AppContext,
): Promise<void> {
  const upcomingDays =
    options.upcoming !== undefined ? parseWholeNumber(options.upcoming, 'upcoming', 0, 3650, 'days') : undefined;
  const result = await runRemind(
    {
      accounts,
      ...(options.asOf !== undefined ? { asOf: parseDateFlag(options.asOf, 'as-of') } : {}),
      onlyNew: options.new ?? false,
      ...(upcomingDays !== undefined ? { upcomingDays } : {}),
      ...(options.ics !== undefined ? { ics: options.ics } : {}),
    },
    ctx,
  );
  const out = ctx.out;
  for (const s of result.skipped) out.warn(`${s.account}: skipped, ${s.reason}`);
  if (ctx.flags.json) {
    out.data({ ok: true, ...result });
    return;
  }
  const escalations = result.reminders.filter((r) => r.escalation).length;
  out.result(
    `${result.reminders.length} reminder${result.reminders.length === 1 ? '' : 's'} due on ${result.asOf}${escalations ? ` (${escalations} escalation${escalations === 1 ? '' : 's'})` : ''}${options.new ? ', new today' : ''}`,
  );
  const byAccount = new Map<string, Reminder[]>();
  for (const r of result.reminders) byAccount.set(r.account, [...(byAccount.get(r.account) ?? []), r]);
  for (const [account, rs] of byAccount) {
    out.result(`\n${out.style.bold(`${rs[0].accountName} (${account})`)}`);
    for (const line of reminderLines(rs, out.style)) out.result(line);
  }
  if (result.upcoming.length > 0 && upcomingDays !== undefined) {
    out.result(`\nUpcoming in the next ${upcomingDays} days:`);
    for (const r of result.upcoming) out.result(`  ${r.date}  ${r.subject}  ${out.style.dim(`-> ${r.to}`)}`);
  }
  if (result.notCheckedOut) out.info(notCheckedOutLine(await openHub(ctx), result.notCheckedOut));
  if (result.ics)
    out.info(`wrote ${result.ics.events} event${result.ics.events === 1 ? '' : 's'} to ${result.ics.file}`);
}
