/** `csp completion <shell>`: registration (options, help, example). */
import type { Command } from 'commander';
import { typedAction, typed, type Program } from '../../cli/action.js';

/** csp completion's arguments, flags and help. */
function define(program: Program) {
  return program
    .command('completion')
    .description(
      'print a shell completion script (bash, zsh or fish) for commands, subcommands, flags and account names',
    )
    .argument('<shell>', 'bash, zsh or fish')
    .addHelpText(
      'after',
      `
The script is generated from csp's own command definitions. Account names complete from
$CSP_INFOHUB, else ./infohub, else the current folder.

Examples:
  $ csp completion bash > ~/.local/share/bash-completion/completions/csp
  $ csp completion zsh > "\${fpath[1]}/_csp"
  $ csp completion fish > ~/.config/fish/completions/csp.fish
  $ eval "$(csp completion bash)"     # this shell only`,
    );
}

/** csp completion as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type CompletionCli = ReturnType<typeof define>;

/** Registers csp completion. */
export function registerCompletion(program: Command): void {
  typedAction(define(typed(program)), () => import('./run.js'));
}
