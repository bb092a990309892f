/** `csp signal <account>` and `csp signal import <dir>`: registration (options, help, examples). */
import type { Command } from 'commander';
import { typedAction, typed, collect, type Program } from '../../cli/action.js';
import { SIGNALS } from '../../customer-health/signal-names.js';
import { parseDateFlag, parseWholeNumber } from '../shared/flags.js';

/**
 * csp signal's arguments, flags and help. The per-signal flags (--active-users, --nps...) are
 * added from SIGNALS at run time, so they are not in the type: run.ts reads them by SIGNALS
 * (signalFlagText); the rest is typed.
 */
function defineSignal(program: Program) {
  const signal = program
    .command('signal')
    .description(
      "record an account's customer health signals (dated, in <account>/health_signals.yaml); `signal import` reads usage CSVs in bulk",
    )
    .argument('<account>', 'account slug');
  for (const s of SIGNALS)
    signal.option(
      `--${s.flag} <${s.type === 'date' ? 'date' : s.type === 'boolean' ? 'yes|no' : s.type === 'payment' ? 'status' : 'n'}>`,
      s.description,
    );
  return signal
    .option('--set <name=value>', 'a team signal of your health model, x_<name>=<value> (repeatable)', collect)
    .option('--date <date>', 'the day observed, YYYY-MM-DD (default: today)', (value) => parseDateFlag(value, 'date'))
    .option('--period-days <n>', 'how many days the counts cover (default: 30)', (value) =>
      parseWholeNumber(value, 'period-days', 1, 400, 'days'),
    )
    .option('--note <text>', 'where the values come from')
    .option('--create', 'create the health file for an account that has no folder yet')
    .option(
      '--model <file>',
      'health model to show the new score with (default: config health_model, else the shipped one)',
    )
    .option('--dry-run', 'show the change without writing it')
    .addHelpText(
      'after',
      `
Values on the same date from csp signal go into one entry; each entry keeps its date, so the
health score can show its trend against the previous period.

Examples:
  $ csp signal acme --active-users 85 --licensed-users 100 --logins-per-week 4.2 --tickets 3 --nps 8 --last-contact 2026-11-17
  $ csp signal acme --csat 4.5 --payment current --date 2026-11-01
  $ csp signal import ../shared/data/ravenstack-saas --mapping ravenstack`,
    );
}

/** csp signal as commander parses it, without the per-signal flags (see defineSignal). */
export type SignalCli = ReturnType<typeof defineSignal>;

/** csp signal import's arguments, flags and help (a subcommand of csp signal). */
function defineSignalImport(signal: SignalCli) {
  return signal
    .command('import')
    .description(
      "read usage, support and billing CSVs into every account's health signals, one entry per period, every value traced to its rows",
    )
    .argument('<dir>', 'the folder holding the CSV files the mapping names')
    .option('--mapping <file|name>', 'the signal mapping: a file, or a shipped one by name (ravenstack)')
    .option('--as-of <date>', 'import periods up to this date (default: the newest date in the data)', (value) =>
      parseDateFlag(value, 'as-of'),
    )
    .option('--existing-only', 'only accounts that already have a folder in the InfoHub')
    .option('--dry-run', 'show what would be written')
    .addHelpText(
      'after',
      `
Accounts without a folder get <account>/health_signals.yaml alone (no plan): their health is
known before anyone writes a CSP, and csp status <account> shows it. Importing again replaces
the entries of the same source and leaves others (csp signal) alone.

Example:
  $ csp signal import ../shared/data/ravenstack-saas --mapping ravenstack`,
    );
}

/** csp signal import as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type SignalImportCli = ReturnType<typeof defineSignalImport>;

/** Registers csp signal and csp signal import. */
export function registerSignal(program: Command): void {
  const signal = defineSignal(typed(program));
  typedAction(signal, () => import('./run.js'));
  typedAction(defineSignalImport(signal), () => import('./import.js'));
}
