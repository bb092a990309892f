/**
 * The command tree: registers every command and the global flags, and nothing else. Each
 * command's options, help text and example live in src/commands/<name>/register.ts; its work in
 * run.ts, loaded only when the command runs.
 */
import { Command, Option } from 'commander';
import { registerInit } from '../commands/init/register.js';
import { registerAdd } from '../commands/add/register.js';
import { registerSet } from '../commands/set/register.js';
import { registerLifecycle } from '../commands/lifecycle/register.js';
import { registerValidate } from '../commands/validate/register.js';
import { registerSnapshot } from '../commands/snapshot/register.js';
import { registerHistory } from '../commands/history/register.js';
import { registerSync } from '../commands/sync/register.js';
import { registerHook } from '../commands/hook/register.js';
import { registerExport } from '../commands/export/register.js';
import { registerStatus } from '../commands/status/register.js';
import { registerSignal } from '../commands/signal/register.js';
import { registerRemind } from '../commands/remind/register.js';
import { registerTrackValue } from '../commands/track-value/register.js';
import { registerRefresh } from '../commands/refresh/register.js';
import { registerMotion } from '../commands/motion/register.js';
import { registerHealth } from '../commands/health/register.js';
import { registerDraft } from '../commands/draft/register.js';
import { registerNotes } from '../commands/notes/register.js';
import { registerAccountPlan } from '../commands/account-plan/register.js';
import { registerImport } from '../commands/import/register.js';
import { registerRepair } from '../commands/repair/register.js';

export { VERSION } from './version.js';
import { VERSION } from './version.js';

/** Builds the program with every command registered. */
export function buildProgram(): Command {
  const program = new Command('csp')
    .description('Customer Success Plans as YAML in a git InfoHub: start a plan at Stage 2, develop, finalize, hand off, and keep it alive.')
    .version(VERSION, '-V, --version')
    .option('--infohub <dir>', 'the InfoHub folder (default: $CSP_INFOHUB, else the nearest infohub/ folder upwards)')
    .option('--json', 'machine-readable output on stdout')
    .addOption(new Option('--no-color', 'no colour (also: NO_COLOR=1)'))
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
  for (const register of [registerInit, registerAdd, registerSet, registerLifecycle, registerValidate, registerSnapshot, registerImport, registerHistory, registerSync, registerHook, registerExport, registerStatus, registerSignal, registerRemind, registerTrackValue, registerRefresh, registerMotion, registerHealth, registerDraft, registerNotes, registerAccountPlan, registerRepair]) register(program);
  // NOTE: subcommands inherit exitOverride/output settings only when set on each of them.
  for (const command of program.commands) command.exitOverride().showHelpAfterError('(run with --help for usage)');
  return program;
}
