/** Flag parsing (src/commands/shared/flags.ts): values, and usage errors (exit 2) that name the flag. */
import { describe, expect, it } from 'vitest';
import {
  askMissing,
  parseChoice,
  parseDateFlag,
  parseStage,
  parseUsd,
  parseWholeNumber,
} from '../../../src/commands/shared/flags.js';
import { parseFiscalYearFlag } from '../../../src/commands/account-plan/flags.js';
import { parseSignalFlag } from '../../../src/commands/signal/run.js';
import { SIGNALS } from '../../../src/customer-health/signal-names.js';
import { ExitCode, UsageError } from '../../../src/errors.js';
import type { AppContext } from '../../../src/cli/context.js';
import type { Prompter, Question } from '../../../src/prompts/port.js';

function usageError(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(ExitCode.Usage);
    return error as UsageError;
  }
  throw new Error('no UsageError');
}

describe('parseUsd', () => {
  it.each([
    ['250000', 250000],
    ['250,000', 250000],
    ['1,250,000', 1250000],
    ['250_000', 250000],
    ['250k', 250000],
    ['250K', 250000],
    ['$250k', 250000],
    ['$ 250k', 250000],
    ['250 k', 250000],
    ['1.5k', 1500],
    ['$1.2M', 1200000],
    ['1.2m', 1200000],
    ['  $1.2M  ', 1200000],
    ['$250,000.50', 250000.5],
    ['858378.07', 858378.07],
    ['99.999', 100],
    ['0', 0],
  ])('%j -> %d dollars', (text, usd) => {
    expect(parseUsd(text, 'arr')).toBe(usd);
  });

  it.each(['', '$', 'k', '-250000', '250kk', '1e6', '250 000', 'two hundred', '1.2.3', '250b', '€250k', ',250'])(
    'refuses %j, naming the flag',
    (text) => {
      const e = usageError(() => parseUsd(text, 'arr'));
      expect(e.message).toBe(`--arr must be an amount in US dollars, like 250000 or 250k (found "${text}")`);
    },
  );
});

describe('parseDateFlag', () => {
  it.each(['2026-11-22', '2028-02-29'])('accepts %s', (text) => {
    expect(parseDateFlag(text, 'due')).toBe(text);
  });

  it.each(['2027-02-30', '2027-02-29', '22/11/2026', '2026-11-22T00:00', 'tomorrow', ''])(
    'refuses %j, naming the flag',
    (text) => {
      expect(usageError(() => parseDateFlag(text, 'due')).message).toBe(
        `--due must be a real date written YYYY-MM-DD (found "${text}")`,
      );
    },
  );
});

describe('parseStage', () => {
  it.each([
    ['2', 'Stage 2'],
    ['stage 2', 'Stage 2'],
    ['Stage 3', 'Stage 3'],
    ['STAGE-4', 'Stage 4'],
    ['stage_1', 'Stage 1'],
    ['  stage   2 ', 'Stage 2'],
    ['closed won', 'Closed Won'],
    ['Closed_Won', 'Closed Won'],
    ['closed-won', 'Closed Won'],
    ['won', 'Closed Won'],
    ['WON', 'Closed Won'],
    ['closed lost', 'Closed Lost'],
    ['lost', 'Closed Lost'],
  ])('%j -> %s', (text, stage) => {
    expect(parseStage(text)).toBe(stage);
  });

  it.each(['5', 'stage 0', 'Stage 5', 'closed', 'proposal', '', 'stage two'])('refuses %j, naming --stage', (text) => {
    expect(usageError(() => parseStage(text)).message).toBe(
      `--stage must be Stage 1-4, Closed Won or Closed Lost (found "${text}")`,
    );
  });

  it('names another flag when asked', () => {
    expect(usageError(() => parseStage('x', 'crm-stage')).message).toMatch(/^--crm-stage must be/);
  });
});

describe('parseWholeNumber', () => {
  it.each([
    ['0', 0],
    ['7', 7],
    [' 400 ', 400],
  ])('%j -> %d', (text, n) => {
    expect(parseWholeNumber(text, 'period-days', 0, 400, 'days')).toBe(n);
  });

  it.each(['', '1.5', '401', '-1', '2,5', 'ten'])('refuses %j, naming the flag and the range', (text) => {
    expect(usageError(() => parseWholeNumber(text, 'period-days', 0, 400, 'days')).message).toBe(
      `--period-days must be a whole number of days from 0 to 400 (found "${text}")`,
    );
  });
});

describe('parseFiscalYearFlag', () => {
  it('reads FY<year> and refuses anything else with an example of the year given', () => {
    expect(parseFiscalYearFlag('FY2027', 2026)).toMatchObject({ label: 'FY2027' });
    expect(usageError(() => parseFiscalYearFlag('next year', 2026)).message).toBe(
      '--fiscal-year must be written FY<year>, like FY2026 (found "next year")',
    );
  });
});

describe('parseSignalFlag (csp signal)', () => {
  const spec = (flag: string) => SIGNALS.find((s) => s.flag === flag)!;
  it('reads --arr as an amount in US dollars, like csp init', () => {
    expect(parseSignalFlag(spec('arr'), '250k')).toBe(250_000);
    expect(parseSignalFlag(spec('arr'), '$1,200,000')).toBe(1_200_000);
  });

  it('refuses a comma in a count instead of dropping it ("2,5" is not 25)', () => {
    expect(usageError(() => parseSignalFlag(spec('logins-per-week'), '2,5')).message).toContain(
      '--logins-per-week must be a number (found "2,5")',
    );
  });

  it('reads a date flag as a real calendar date', () => {
    expect(usageError(() => parseSignalFlag(spec('last-contact'), '2027-02-30')).message).toBe(
      '--last-contact must be a real date written YYYY-MM-DD (found "2027-02-30")',
    );
  });
});

describe('parseChoice', () => {
  it.each([
    ['renewal', 'renewal'],
    ['Renewal', 'renewal'],
    [' ONBOARDING ', 'onboarding'],
  ])('%j -> %s', (text, choice) => {
    expect(parseChoice(text, 'plan-type', ['onboarding', 'expansion', 'renewal', 'recovery'])).toBe(choice);
  });

  it('refuses another value, listing the choices', () => {
    expect(usageError(() => parseChoice('upsell', 'plan-type', ['onboarding', 'renewal'])).message).toBe(
      '--plan-type must be one of onboarding, renewal (found "upsell")',
    );
  });
});

describe('askMissing', () => {
  const questions: Question[] = [
    { name: 'name', flag: 'name', message: 'Name:', type: 'input' },
    { name: 'side', flag: 'side', message: 'Side:', type: 'select', choices: ['customer', 'vendor'] },
    { name: 'email', flag: 'email', message: 'Email:', type: 'input' },
  ];

  /** A context with only what askMissing uses, and a prompter that answers by name. */
  function ctx(interactive: boolean, answers: Record<string, string> = {}): { ctx: AppContext; asked: string[][] } {
    const asked: string[][] = [];
    const prompter: Prompter = {
      ask: async (qs) => (
        asked.push(qs.map((q) => q.name)), Object.fromEntries(qs.map((q) => [q.name, answers[q.name]]))
      ),
    };
    return { ctx: { interactive, prompter: async () => prompter } as unknown as AppContext, asked };
  }

  it('returns the given values without asking when nothing is missing', async () => {
    const { ctx: c, asked } = ctx(false);
    expect(
      await askMissing(c, questions, { name: 'Ann', side: 'customer', email: 'a@x' }, 'csp add stakeholder acme'),
    ).toEqual({ name: 'Ann', side: 'customer', email: 'a@x' });
    expect(asked).toEqual([]);
  });

  it('without a terminal: a UsageError naming every missing flag, with the usage in the hint', async () => {
    const { ctx: c } = ctx(false);
    const e = await askMissing(
      c,
      questions,
      { name: 'Ann', email: '' },
      'csp add stakeholder acme --name ... --side ...',
    ).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).message).toBe('missing --side, --email');
    expect((e as UsageError).code).toBe('missing-flag');
    expect((e as UsageError).hint).toBe(
      'csp add stakeholder acme --name ... --side ... (csp prompts for these only on a terminal)',
    );
  });

  it('on a terminal: asks only the missing questions and merges the answers', async () => {
    const { ctx: c, asked } = ctx(true, { side: 'vendor', email: 'b@x' });
    expect(await askMissing(c, questions, { name: 'Ann' }, 'usage')).toEqual({
      name: 'Ann',
      side: 'vendor',
      email: 'b@x',
    });
    expect(asked).toEqual([['side', 'email']]);
  });
});
