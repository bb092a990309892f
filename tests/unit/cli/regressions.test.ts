/**
 * Regression tests for bugs found (and fixed) in the CLI helpers, written as the behaviour the product promises. These tests FAIL
 * until the bugs are fixed.
 */
import { describe, expect, it } from 'vitest';
import { parseUsd } from '../../../src/commands/shared/flags.js';
import { UsageError } from '../../../src/errors.js';

describe('cli bugs', () => {
  // BUG 1 (commands/shared/flags.ts parseUsd): commas are dropped wherever they are, not only as
  // thousands separators, so a decimal comma silently multiplies the amount: "--arr 1,5M" is
  // $15,000,000 (meant $1.5M), "2,50" is $250, "250,00" is $25,000. A comma that does not
  // separate groups of three digits should be a usage error naming the flag.
  it.each(['1,5M', '2,50', '250,00', '1,2', '12,34,567'])('refuses %j (a comma that is not a thousands separator)', (text) => {
    expect(() => parseUsd(text, 'arr')).toThrow(UsageError);
    expect(() => parseUsd(text, 'arr')).toThrow(/^--arr /);
  });
});
