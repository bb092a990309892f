/**
 * Typed options (issue 18, "Typed edges"): every command is defined with @commander-js/extra-typings
 * and set with typedAction, and a flag value that needs parsing is parsed by commander (an
 * argParser), with the usage error it had (exit 2) before any command module runs. In-process:
 * the program is built and parsed, no csp binary.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { OptionsOf } from '../../src/cli/action.js';
import * as action from '../../src/cli/action.js';
import { buildProgram } from '../../src/cli/program.js';
import type { ExportCli } from '../../src/commands/export/register.js';
import type { HookInstallCli } from '../../src/commands/hook/register.js';
import type { ImportCli } from '../../src/commands/import/register.js';
import type { HandoffCli } from '../../src/commands/lifecycle/register.js';
import type { MergeFileCli } from '../../src/commands/merge-file/register.js';
import type { NotesCli } from '../../src/commands/notes/register.js';
import type { QbrCli } from '../../src/commands/qbr/register.js';
import type { QbrFormat } from '../../src/commands/qbr/run.js';
import type { SignalCli, SignalImportCli } from '../../src/commands/signal/register.js';
import type { SiteCli } from '../../src/commands/site/register.js';
import type { SyncCli } from '../../src/commands/sync/register.js';
import type { ExportFormat } from '../../src/export/document.js';
import type { Audience } from '../../src/export/redact.js';
import { UsageError } from '../../src/errors.js';

/** Parses `csp <words>` in-process; resolves to the error it throws (undefined when it throws none). */
async function parseError(words: string[]): Promise<unknown> {
  const argv = ['node', 'csp', ...words];
  const program = await buildProgram(argv, null);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('typed options', () => {
  it('leaves no untyped action: lazyAction is gone from cli/action.ts', () => {
    expect(Object.keys(action)).not.toContain('lazyAction');
    expect(Object.keys(action)).toContain('typedAction');
  });

  it('types the options of the converted commands from their definitions (checked by tsc over tests/)', () => {
    expectTypeOf<OptionsOf<ExportCli>['audience']>().toEqualTypeOf<Audience | undefined>();
    expectTypeOf<OptionsOf<ExportCli>['format']>().toEqualTypeOf<ExportFormat | undefined>();
    expectTypeOf<OptionsOf<QbrCli>['format']>().toEqualTypeOf<QbrFormat | undefined>();
    expectTypeOf<OptionsOf<ImportCli>['planType']>().toEqualTypeOf<
      'onboarding' | 'expansion' | 'renewal' | 'recovery' | undefined
    >();
    expectTypeOf<OptionsOf<MergeFileCli>['markerSize']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<OptionsOf<SignalCli>['periodDays']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<OptionsOf<SignalCli>['set']>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<OptionsOf<SignalImportCli>['asOf']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<OptionsOf<SiteCli>['asOf']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<OptionsOf<HandoffCli>['openItem']>().toEqualTypeOf<string[]>();
    expectTypeOf<OptionsOf<HandoffCli>['snapshot']>().toEqualTypeOf<boolean>();
    expectTypeOf<OptionsOf<NotesCli>['accept']>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<OptionsOf<SyncCli>['check']>().toEqualTypeOf<true | undefined>();
    expectTypeOf<OptionsOf<HookInstallCli>['chain']>().toEqualTypeOf<true | undefined>();
    // A misspelt flag is a compile error, not a value that reads as undefined.
    expectTypeOf<OptionsOf<ExportCli>>().not.toHaveProperty('audiance');
  });

  it.each<[string, string[], string]>([
    ['export --audience', ['export', 'acme', '--audience', 'bogus'], '--audience must be one of customer, internal'],
    ['export --format', ['export', 'acme', '--format', 'docx'], '--format must be one of md, html, pdf, json'],
    ['qbr --format', ['qbr', 'acme', '--format', 'docx'], '--format must be one of pptx, md, pdf'],
    ['qbr --audience', ['qbr', 'acme', '--audience', 'board'], '--audience must be one of customer, internal'],
    ['import --plan-type', ['import', 'x', '--plan-type', 'upsell'], '--plan-type must be one of onboarding'],
    ['import --min-arr empty', ['import', 'x', '--min-arr', ' '], '--min-arr needs an amount in US dollars'],
    [
      'merge-file --marker-size 0',
      ['merge-file', 'a', 'b', 'c', '--marker-size', '0'],
      '--marker-size must be a positive',
    ],
    ['merge-file --marker-size 7.5', ['merge-file', 'a', 'b', 'c', '--marker-size', '7.5'], '--marker-size must be'],
    ['site --as-of', ['site', '--as-of', '2026-02-30'], '--as-of must be a real date written YYYY-MM-DD'],
    ['signal --date', ['signal', 'acme', '--nps', '8', '--date', '2026-13-01'], '--date must be a real date'],
    ['signal --period-days', ['signal', 'acme', '--nps', '8', '--period-days', '0'], '--period-days must be a whole'],
    ['signal import --as-of', ['signal', 'import', 'd', '--mapping', 'm', '--as-of', 'soon'], '--as-of must be a real'],
  ])('refuses a bad %s while parsing, with a usage error (exit 2)', async (_name, words, message) => {
    const error = await parseError(words);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain(message);
    expect((error as UsageError).exitCode).toBe(2);
  });

  it('parses the values it accepts as before (case-insensitive choices, a whole marker size)', async () => {
    const program = await buildProgram(['node', 'csp', 'export'], null);
    const exportCommand = program.commands.find((c) => c.name() === 'export')!;
    exportCommand.action(() => {});
    await program.parseAsync(['node', 'csp', 'export', 'acme', '--audience', 'Internal', '--format', ' MD ']);
    expect(exportCommand.opts()).toMatchObject({ audience: 'internal', format: 'md' });
  });
});
