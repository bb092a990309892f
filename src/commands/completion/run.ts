/**
 * `csp completion <shell>`: read the whole command tree (every register module, as `csp` with no
 * command index would) -> turn it into a CompletionNode tree -> print the shell's script.
 */
import type { Command } from 'commander';
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { CompletionCli } from './register.js';
import { buildProgram } from '../../cli/program.js';
import { UsageError } from '../../errors.js';
import { completionScript, SHELLS, type CompletionNode, type Shell } from './scripts.js';

/** The completion script for a shell, generated from the full command tree. */
export async function runCompletion(options: { shell: Shell }): Promise<string> {
  const program = await buildProgram(['node', 'csp'], null);
  return completionScript(options.shell, completionTree(program));
}

/** The command tree as completion needs it (hidden commands and the implicit help command left out). */
export function completionTree(command: Command): CompletionNode {
  const args = (command as unknown as { registeredArguments: Array<{ name(): string }> }).registeredArguments;
  return {
    name: command.name(),
    description: command.description(),
    flags: command.options
      .filter((o) => !o.hidden)
      .map((o) => ({
        names: [o.long, o.short].filter((n): n is string => !!n),
        description: o.description,
        takesValue: o.required || o.optional,
      })),
    takesAccount: /^accounts?$/.test(args[0]?.name() ?? ''),
    subcommands: command.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden).map(completionTree),
  };
}

/** CLI entry. */
export async function main(
  [shell]: ArgsOf<CompletionCli>,
  _options: OptionsOf<CompletionCli>,
  ctx: AppContext,
): Promise<void> {
  const known = SHELLS.find((s) => s === shell.toLowerCase());
  if (!known)
    throw new UsageError(`unknown shell "${shell}": csp writes completion for ${SHELLS.join(', ')}`, {
      code: 'bad-value',
      hint: 'csp completion bash (or zsh, fish)',
    });
  const script = await runCompletion({ shell: known });
  if (ctx.flags.json) ctx.out.data({ ok: true, shell: known, script });
  else ctx.io.stdout.write(script);
}
