/**
 * Regression tests for bugs found (and fixed) in the CLI helpers, written as the behaviour the product promises. These tests FAIL
 * until the bugs are fixed.
 */
import { describe, expect, it } from 'vitest';
import { parseUsd } from '../../../src/commands/shared/flags.js';
import { PreconditionError, UsageError } from '../../../src/errors.js';
import { renderError } from '../../../src/cli/errors-render.js';

describe('cli bugs', () => {
  // BUG 1 (commands/shared/flags.ts parseUsd): commas are dropped wherever they are, not only as
  // thousands separators, so a decimal comma silently multiplies the amount: "--arr 1,5M" is
  // $15,000,000 (meant $1.5M), "2,50" is $250, "250,00" is $25,000. A comma that does not
  // separate groups of three digits should be a usage error naming the flag.
  it.each(['1,5M', '2,50', '250,00', '1,2', '12,34,567'])(
    'refuses %j (a comma that is not a thousands separator)',
    (text) => {
      expect(() => parseUsd(text, 'arr')).toThrow(UsageError);
      expect(() => parseUsd(text, 'arr')).toThrow(/^--arr /);
    },
  );

  // BUG: a CRM reader's message names its file and line ("labels.csv line 2 is not valid CSV"), and
  // the renderer put "labels.csv:2:1: " in front of it, saying where twice.
  it('says where once when the message already starts with the file', async () => {
    const text = async (error: unknown) => {
      let err = '';
      await renderError(error, {
        debug: false,
        json: false,
        env: {},
        stdout: { write: () => true },
        stderr: { write: (s: string) => ((err += s), true) },
      } as never);
      return err.split('\n')[0];
    };
    expect(
      await text(
        new PreconditionError('labels.csv line 2 is not valid CSV: a quoted field is never closed.', {
          file: 'labels.csv',
          line: 2,
        }),
      ),
    ).toBe('csp: error: labels.csv line 2 is not valid CSV: a quoted field is never closed.');
    expect(await text(new PreconditionError('the plan is broken', { file: 'acme/csp.yaml', line: 3, col: 5 }))).toBe(
      'csp: error: acme/csp.yaml:3:5: the plan is broken',
    );
  });
});
