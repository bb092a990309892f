/**
 * Glue between commander and the command modules: an action loads its module only when the
 * command runs (so `csp --help` imports commander alone), builds the AppContext from the global
 * flags, and calls the module's `main(args, options, ctx)`.
 */
import type { Command } from 'commander';
import type { AppContext, GlobalFlags } from './context.js';

/** What a command module exports for the CLI: normalise the options, run, report. */
export interface CommandModule {
  main(args: string[], options: Record<string, unknown>, ctx: AppContext): Promise<void>;
}

/** A commander action that lazily loads the command module. */
export function lazyAction(load: () => Promise<CommandModule>) {
  return async (...received: unknown[]): Promise<void> => {
    const command = received[received.length - 1] as Command;
    const options = command.optsWithGlobals() as Record<string, unknown>;
    const args = received.slice(0, -2).flatMap((a) => (Array.isArray(a) ? a : a === undefined ? [] : [a])) as string[];
    const flags: GlobalFlags = { infohub: options.infohub as string | undefined, json: options.json === true, debug: options.debug === true, color: options.color as boolean | undefined };
    const [{ createNodeContext }, mod] = await Promise.all([import('./context.js'), load()]);
    await mod.main(args, options, await createNodeContext(flags));
  };
}

/** Commander's argument parser for a repeatable option: each use appends its value. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
