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
import { registerRecover } from '../commands/recover/register.js';

/** The csp version, kept in step with package.json by a unit test. */
export const VERSION = '0.1.0';

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
  for (const register of [registerInit, registerAdd, registerSet, registerLifecycle, registerValidate, registerSnapshot, registerRecover]) register(program);
  // NOTE: subcommands inherit exitOverride/output settings only when set on each of them.
  for (const command of program.commands) command.exitOverride().showHelpAfterError('(run with --help for usage)');
  return program;
}
