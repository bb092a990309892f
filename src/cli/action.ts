/**
 * Glue between commander and the command modules: an action loads its module only when the
 * command runs (so `csp --help` imports commander alone), builds the AppContext from the global
 * flags, and calls the module's `main(args, options, ctx)`.
 *
 * The arguments and options are typed from the command's definition (@commander-js/extra-typings,
 * types only: at run time the command is commander's own): a register module builds its command
 * in a `define` function, exports `type XCli = ReturnType<typeof define>`, and its run module
 * declares `main(args: ArgsOf<XCli>, options: OptionsOf<XCli>, ctx)`. A flag renamed in one place
 * and not the other is then a compile error, not a value that silently reads as undefined.
 */
import type { Command } from 'commander';
import type { Command as TypedCommand, OptionValues } from '@commander-js/extra-typings';
import type { AppContext, GlobalFlags } from './context.js';

/** The global flags (cli/program.ts) as commander parses them: every command's action sees them. */
export type GlobalOptions = {
  infohub?: string;
  json?: true;
  debug?: true;
  /** false with --no-color. */
  color: boolean;
};

/** The program as a register module builds on it: a typed command whose options are the global flags. */
export type Program = TypedCommand<[], GlobalOptions>;

/** The program, typed for a register module (the same object: only its type changes). */
export function typed(program: Command): Program {
  return program as unknown as Program;
}

/** The positional arguments a command's action receives: a tuple (variadic: string[], optional: possibly undefined). */
export type ArgsOf<C> = C extends TypedCommand<infer A, OptionValues, OptionValues> ? A : never;

/** The options a command's action receives: its own flags and the global ones (camelCase keys, `true` for a boolean flag given). */
export type OptionsOf<C> = C extends TypedCommand<unknown[], infer O, infer G> ? Flatten<O & G> : never;

type Flatten<T> = { [K in keyof T]: T[K] };

/**
 * Sets the command's action: when it runs, loads the module and calls its `main` with the parsed
 * arguments, the options (with the global flags) and a Node context. The module's `main` must
 * accept exactly what the definition declares.
 */
export function typedAction<A extends unknown[], O extends OptionValues, G extends GlobalOptions>(
  command: TypedCommand<A, O, G>,
  load: () => Promise<{ main(args: A, options: Flatten<O & G>, ctx: AppContext): Promise<void> }>,
): void {
  command.action(async (...received) => {
    const self = received[received.length - 1] as TypedCommand<A, O, G>;
    const options = self.optsWithGlobals() as Flatten<O & G>;
    const args = received.slice(0, -2) as unknown as A;
    const flags: GlobalFlags = {
      infohub: options.infohub,
      json: options.json ?? false,
      debug: options.debug ?? false,
      color: options.color,
    };
    const [{ createNodeContext }, mod] = await Promise.all([import('./context.js'), load()]);
    await mod.main(args, options, await createNodeContext(flags));
  });
}

/** Commander's argument parser for a repeatable option: each use appends its value. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
