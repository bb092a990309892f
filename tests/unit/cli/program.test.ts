/**
 * The lazy command tree (src/cli/program.ts): a run registers in full only the command it names,
 * and the rest as stubs from the command index; what a user sees must be what the full tree shows.
 */
import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildProgram, commandWord, describeCommands, type CommandIndex } from '../../../src/cli/program.js';

const argvOf = (...args: string[]) => ['node', 'csp', ...args];

/** Runs a program on these arguments and returns what it printed on stdout and the CommanderError code. */
async function outputOf(program: Command, args: string[]): Promise<{ out: string; code?: string }> {
  let out = '';
  const capture = (cmd: Command) => {
    cmd.configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
    for (const sub of cmd.commands) capture(sub);
  };
  capture(program);
  try {
    await program.parseAsync(argvOf(...args));
    return { out };
  } catch (error) {
    return { out, code: (error as { code?: string }).code };
  }
}

describe('commandWord', () => {
  it.each([
    [[], undefined],
    [['--help'], undefined],
    [['-V'], undefined],
    [['validate', 'a.yaml'], 'validate'],
    [['--infohub', 'hub', 'status', '--json'], 'status'],
    [['--infohub=hub', '--no-color', 'sync'], 'sync'],
    [['--json', '--debug', 'export', 'acme'], 'export'],
    [['help', 'develop'], 'develop'],
    [['help', '--json', 'hook'], 'hook'],
    [['help'], undefined],
    [['--', 'init', 'acme'], 'init'],
    [['--', 'help', 'validate'], 'validate'],
  ] as Array<[string[], string | undefined]>)('%j names %s', (args, word) => {
    expect(commandWord(args)).toBe(word);
  });
});

describe('the lazy command tree', async () => {
  const index: CommandIndex = await describeCommands();
  const names = index.flatMap((m) => m.commands.map((c) => c.name));

  it('indexes every top-level command once, in help order', async () => {
    const full = await buildProgram(argvOf(), null);
    expect(names).toEqual(full.commands.map((c) => c.name()));
    expect(new Set(names).size).toBe(names.length);
  });

  it('csp --help lists the commands exactly as the full tree does', async () => {
    const full = await outputOf(await buildProgram(argvOf('--help'), null), ['--help']);
    const lazy = await outputOf(await buildProgram(argvOf('--help'), index), ['--help']);
    expect(lazy.out).toContain('validate [options] [paths...]');
    expect(lazy).toEqual(full);
  });

  it.each(['validate', 'develop', 'hook', 'account-plan', 'health', 'repair'])(
    'csp %s --help and csp help %s print what the full tree prints',
    async (name) => {
      for (const args of [
        [name, '--help'],
        ['help', name],
      ]) {
        const full = await outputOf(await buildProgram(argvOf(...args), null), args);
        const lazy = await outputOf(await buildProgram(argvOf(...args), index), args);
        expect(lazy.out.length).toBeGreaterThan(0);
        expect(lazy).toEqual(full);
      }
    },
  );

  it('registers in full only the module of the named command', async () => {
    const program = await buildProgram(argvOf('finalize', 'acme'), index);
    const full = (name: string) => program.commands.find((c) => c.name() === name)!.options.length > 0;
    // develop and finalize come from one module (lifecycle); init and validate are stubs.
    expect([full('finalize'), full('develop'), full('init'), full('validate')]).toEqual([true, true, false, false]);
  });

  it('an index out of step with the build (a module renamed since, a command added since) gives the whole tree', async () => {
    const renamed: CommandIndex = index.map((m) => (m.module === 'history' ? { ...m, module: 'renamed-since' } : m));
    const missing: CommandIndex = index.map((m) =>
      m.module === 'history' ? { ...m, commands: m.commands.filter((c) => c.name !== 'restore') } : m,
    );
    for (const args of [
      ['history', '--help'],
      ['help', 'restore'],
      ['restore', '--help'],
    ]) {
      const full = await outputOf(await buildProgram(argvOf(...args), null), args);
      expect(full.out).toMatch(/Usage: csp (history|restore)/);
      for (const stale of [renamed, missing])
        expect(await outputOf(await buildProgram(argvOf(...args), stale), args)).toEqual(full);
    }
  });
});
