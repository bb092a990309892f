/**
 * The command tree: registers the commands and the global flags, and nothing else. Each
 * command's options, help text and example live in src/commands/<name>/register.ts; its work in
 * run.ts, loaded only when the command runs.
 *
 * Start-up (issue 4: `csp --help` within 1.5x of `node -e 0`): the build writes the command index
 * (dist/cli/command-index.json: each command's name, usage term and description, and the module
 * that registers it; see describeCommands), and a run loads only the register module of the
 * command it names. Every other command is a stub that the top-level help lists exactly as the
 * full command would. Without an index (csp run from src/, a damaged install) every module is
 * loaded. docs/performance.md "Start-up" has the figures.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Command, Help } from 'commander';

// NOTE: required, not imported: commander is CommonJS, and importing it goes through its ES
// wrapper and Node's CommonJS export scan on every start-up (issue 4).
const commander = createRequire(import.meta.url)('commander') as typeof import('commander');

/** commander's error (exitOverride throws it): main.ts maps it to an exit code. */
export const CommanderError = commander.CommanderError;

export { VERSION } from './version.js';
import { VERSION } from './version.js';

type Registrar = (program: Command) => void;

/**
 * The register modules, in the order the top-level help lists their commands. A module may
 * register several top-level commands (lifecycle: develop, finalize, review, approve, handoff).
 */
const REGISTRARS: ReadonlyArray<readonly [module: string, load: () => Promise<Registrar>]> = [
  ['init', () => import('../commands/init/register.js').then((m) => m.registerInit)],
  ['add', () => import('../commands/add/register.js').then((m) => m.registerAdd)],
  ['set', () => import('../commands/set/register.js').then((m) => m.registerSet)],
  ['remove', () => import('../commands/remove/register.js').then((m) => m.registerRemove)],
  ['lifecycle', () => import('../commands/lifecycle/register.js').then((m) => m.registerLifecycle)],
  ['validate', () => import('../commands/validate/register.js').then((m) => m.registerValidate)],
  ['snapshot', () => import('../commands/snapshot/register.js').then((m) => m.registerSnapshot)],
  ['import', () => import('../commands/import/register.js').then((m) => m.registerImport)],
  ['history', () => import('../commands/history/register.js').then((m) => m.registerHistory)],
  ['sync', () => import('../commands/sync/register.js').then((m) => m.registerSync)],
  ['hook', () => import('../commands/hook/register.js').then((m) => m.registerHook)],
  ['ci', () => import('../commands/ci/register.js').then((m) => m.registerCi)],
  ['merge-file', () => import('../commands/merge-file/register.js').then((m) => m.registerMergeFile)],
  ['export', () => import('../commands/export/register.js').then((m) => m.registerExport)],
  ['status', () => import('../commands/status/register.js').then((m) => m.registerStatus)],
  ['site', () => import('../commands/site/register.js').then((m) => m.registerSite)],
  ['signal', () => import('../commands/signal/register.js').then((m) => m.registerSignal)],
  ['remind', () => import('../commands/remind/register.js').then((m) => m.registerRemind)],
  ['track-value', () => import('../commands/track-value/register.js').then((m) => m.registerTrackValue)],
  ['refresh', () => import('../commands/refresh/register.js').then((m) => m.registerRefresh)],
  ['qbr', () => import('../commands/qbr/register.js').then((m) => m.registerQbr)],
  ['motion', () => import('../commands/motion/register.js').then((m) => m.registerMotion)],
  ['health', () => import('../commands/health/register.js').then((m) => m.registerHealth)],
  ['draft', () => import('../commands/draft/register.js').then((m) => m.registerDraft)],
  ['notes', () => import('../commands/notes/register.js').then((m) => m.registerNotes)],
  ['account-plan', () => import('../commands/account-plan/register.js').then((m) => m.registerAccountPlan)],
  ['repair', () => import('../commands/repair/register.js').then((m) => m.registerRepair)],
  ['completion', () => import('../commands/completion/register.js').then((m) => m.registerCompletion)],
];

/** One top-level command as the index keeps it: what the top-level help prints for it. */
export interface IndexedCommand {
  /** The command's name: `validate`. */
  name: string;
  /** Its usage term in the command list: `validate [options] [paths...]`. */
  term: string;
  description: string;
}

/** The command index (dist/cli/command-index.json): each register module and its top-level commands, in help order. */
export type CommandIndex = Array<{ module: string; commands: IndexedCommand[] }>;

const INDEX_URL = new URL('./command-index.json', import.meta.url);

/**
 * Builds the program for these arguments (process.argv: node, script, ...), to be parsed with the
 * same arguments. The command they name (see commandWord) is registered in full, the others as stubs from the index (read from
 * dist/cli/command-index.json unless given); without an index (null), or with one that does not
 * match the register modules or name the command, all in full. Rejects only when a register
 * module cannot be loaded.
 */
export async function buildProgram(
  argv: readonly string[],
  index: CommandIndex | null = readIndex(),
): Promise<Command> {
  const program = baseProgram();
  const word = commandWord(argv.slice(2));
  // NOTE: an index out of step with the build (a module added or gone, a command it does not
  // name: a typo, or a command added since) gives the whole tree, so nothing is hidden.
  if (
    !index ||
    !sameModules(index) ||
    (word !== undefined && !index.some((m) => m.commands.some((c) => c.name === word)))
  )
    return finish(await registerAll(program));
  const terms = new Map<Command, string>();
  for (const { module, commands } of index) {
    const registrar = REGISTRARS.find(([name]) => name === module)!;
    if (commands.some((c) => c.name === word)) {
      (await registrar[1]())(program);
      continue;
    }
    for (const { name, term, description } of commands) {
      // NOTE: a stub is never what commander runs when commandWord agrees with commander; if they
      // ever disagree, the stub builds the whole tree and parses the same argv again, so the
      // answer is the same, only slower (but for `help <stub>`, which commander answers from the
      // stub itself: commandWord reads `help <command>` for that reason).
      const stub = program
        .command(name)
        .description(description)
        .helpOption(false)
        .allowUnknownOption()
        .allowExcessArguments()
        .action(async () => {
          const full = await registerAll(baseProgram().configureOutput(program.configureOutput()));
          await finish(full).parseAsync([...argv]);
        });
      terms.set(stub, term);
    }
  }
  program.configureHelp({
    ...program.configureHelp(),
    subcommandTerm(this: Help, cmd: Command): string {
      return terms.get(cmd) ?? commander.Help.prototype.subcommandTerm.call(this, cmd);
    },
  });
  return finish(program);
}

/** Registers every command on the program, in help order; returns it. */
async function registerAll(program: Command): Promise<Command> {
  for (const [, load] of REGISTRARS) (await load())(program);
  return program;
}

/**
 * The index of the whole command tree, for the build (scripts/build.mjs writes it to
 * dist/cli/command-index.json): each register module's top-level commands with the usage term and
 * description that the top-level help prints.
 */
export async function describeCommands(): Promise<CommandIndex> {
  const program = baseProgram();
  const help = program.createHelp();
  const index: CommandIndex = [];
  for (const [module, load] of REGISTRARS) {
    const before = program.commands.length;
    (await load())(program);
    index.push({
      module,
      commands: program.commands
        .slice(before)
        .map((c) => ({ name: c.name(), term: help.subcommandTerm(c), description: c.description() })),
    });
  }
  return index;
}

/**
 * The command a user's arguments name, as commander will dispatch them: the first word that is
 * not a global flag (or the value of --infohub), or the first word after `--`; after `help`, the
 * word it asks about. Undefined for `csp`, `csp help`, `csp --help` and `csp --version`.
 */
export function commandWord(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') return named(args.slice(i + 1), true);
    if (arg === '--infohub') {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    return named(args.slice(i), false);
  }
  return undefined;
}

/** The command words name: the first, or after `help` the one it asks about (after `--` every word is one). */
function named(words: readonly string[], operands: boolean): string | undefined {
  const [first, ...rest] = words;
  if (first !== 'help') return first;
  return operands ? rest[0] : rest.find((a) => !a.startsWith('-'));
}

/** The names of csp's top-level commands (from the command index; the register modules' names without one). */
export function commandNames(): Set<string> {
  const index = readIndex();
  return new Set(index ? index.flatMap((m) => m.commands.map((c) => c.name)) : REGISTRARS.map(([name]) => name));
}

/** True when the index names the same register modules as REGISTRARS. */
function sameModules(index: CommandIndex): boolean {
  const modules = new Set(index.map((m) => m.module));
  return modules.size === REGISTRARS.length && REGISTRARS.every(([module]) => modules.has(module));
}

let index: CommandIndex | null | undefined;

/** The command index of the build (read once per process), or null without one. */
function readIndex(): CommandIndex | null {
  if (index !== undefined) return index;
  try {
    index = JSON.parse(readFileSync(INDEX_URL, 'utf8')) as CommandIndex;
  } catch {
    index = null;
  }
  return index;
}

/** The program with its global flags and help text, and no commands. */
function baseProgram(): Command {
  return new commander.Command('csp')
    .description(
      'Customer Success Plans as YAML in a git InfoHub: start a plan at Stage 2, develop, finalize, hand off, and keep it alive.',
    )
    .version(VERSION, '-V, --version')
    .option('--infohub <dir>', 'the InfoHub folder (default: $CSP_INFOHUB, else the nearest infohub/ folder upwards)')
    .option('--json', 'machine-readable output on stdout')
    .addOption(new commander.Option('--no-color', 'no colour (also: NO_COLOR=1)'))
    .option('--debug', 'show stack traces and internal details')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureHelp({ sortSubcommands: false, showGlobalOptions: true })
    .addHelpText(
      'after',
      `
Lifecycle: init (Stage 2) -> develop (Stage 3) -> finalize (Stage 4) -> review -> handoff (Closed Won) -> handoff --accept
Exit codes: 0 ok, 1 a check failed, 2 usage error, 3 precondition failed, 4 git or AI service failed, 130 cancelled

Example:
  $ csp init acme --name "Acme Corp" --owner "Priya Natarajan" --arr 250000 --industry Technology
  $ csp validate --infohub infohub-example`,
    );
}

function finish(program: Command): Command {
  // NOTE: subcommands inherit exitOverride/output settings only when set on each of them.
  for (const command of program.commands) command.exitOverride().showHelpAfterError('(run with --help for usage)');
  return program;
}
