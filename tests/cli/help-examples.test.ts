/** Every command's and subcommand's --help ends with an example (in-process: the whole command tree). */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';

/** Each command below the program, with its words (`ci github`). */
function commands(command: Command, path: string[] = []): Array<[string, Command]> {
  return command.commands.flatMap((c) => [
    [[...path, c.name()].join(' '), c] as [string, Command],
    ...commands(c, [...path, c.name()]),
  ]);
}

/** What `csp <words> --help` prints, without exiting. */
function helpOf(command: Command): string {
  let text = '';
  command.configureOutput({ writeOut: (t) => void (text += t), writeErr: (t) => void (text += t) });
  command.outputHelp();
  return text;
}

describe('help pages', async () => {
  const all = commands(await buildProgram(['node', 'csp'], null));
  it('cover the whole tree', () => {
    expect(all.map(([name]) => name)).toEqual(
      expect.arrayContaining(['validate', 'ci github', 'account-plan submit', 'completion']),
    );
  });
  it.each(all)('csp %s --help shows an example', (name, command) => {
    const help = helpOf(command);
    expect(help).toMatch(/\nExamples?:\n/);
    expect(help).toMatch(new RegExp(`\\$ csp ${name.replace(/[-]/g, '\\-')}\\b`));
  });
});
