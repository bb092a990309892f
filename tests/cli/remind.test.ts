/**
 * csp remind in-process (runRemind's CLI entry with a fake context, as of 2026-11-22): which
 * reminders fire, --new, the text report, an unreadable plan and a bad --as-of. Moved from
 * tests/e2e/remind.test.ts, which keeps the .ics file and the commands that close reminders.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/commands/remind/run.js';
import { REMINDER_KINDS } from '../../src/domain/reminders.js';
import { UsageError } from '../../src/errors.js';
import { fakeContext } from '../helpers/context.js';
import { tempRepo } from '../helpers/repo.js';
import { hubFiles } from '../e2e/hub-fixture.js';
import { PLANS } from '../e2e/remind-plans.js';

type Options = Parameters<typeof main>[1];
const options = (extra: Partial<Options> = {}): Options => ({ color: false, ...extra });

describe('csp remind (in-process)', () => {
  it('lists every kind of reminder for the as-of date, and --new only those firing that day', async () => {
    const repo = tempRepo(hubFiles(PLANS));
    const json = await fakeContext({ cwd: repo.dir, json: true });
    await main([[]], options({ asOf: '2026-11-22', json: true }), json.ctx);
    const { reminders, asOf } = JSON.parse(json.stdout());
    expect(asOf).toBe('2026-11-22');
    const got = (reminders as Array<{ kind: string; account: string }>).map((r) => `${r.account} ${r.kind}`).sort();
    expect(got).toEqual(
      [
        'acme customer-review',
        'acme milestone-1d',
        'acme milestone-7d',
        'acme milestone-due',
        'acme milestone-missed',
        'acme quarterly-refresh',
        'acme renewal-t120',
        'acme stale-escalation',
        'acme value-review',
        'globex renewal-t90',
        'globex stale-review',
        'hooli renewal-t0',
        'initech renewal-t60',
        'umbrella renewal-t30',
      ].sort(),
    );
    expect(new Set(reminders.map((r: { kind: string }) => r.kind))).toEqual(new Set(REMINDER_KINDS));
    expect(
      reminders
        .filter((r: { escalation: boolean }) => r.escalation)
        .map((r: { kind: string }) => r.kind)
        .sort(),
    ).toEqual(['milestone-missed', 'stale-escalation']);

    const fresh = await fakeContext({ cwd: repo.dir, json: true });
    await main([[]], options({ new: true, json: true }), fresh.ctx);
    expect(
      JSON.parse(fresh.stdout())
        .reminders.map((r: { account: string; kind: string }) => `${r.account} ${r.kind}`)
        .sort(),
    ).toEqual(['acme milestone-1d', 'acme renewal-t120', 'globex renewal-t90', 'hooli renewal-t0'].sort());

    const text = await fakeContext({ cwd: repo.dir });
    await main([[]], options(), text.ctx);
    expect(text.stdout()).toContain('14 reminders due on 2026-11-22 (2 escalations)');
    expect(text.stdout()).toContain(
      'ESCALATION 2026-11-18  escalation: milestone ms-4 "Data migration" missed by more than a week (due 2026-11-10)',
    );
    expect(text.stdout()).toContain('Start the renewal plan: csp renew acme');
  });

  it('skips a plan it cannot read with a warning, and refuses a bad --as-of (a usage error: exit 2)', async () => {
    const repo = tempRepo({
      ...hubFiles(PLANS.slice(1, 2)),
      'infohub/broken/success_plan/csp.yaml': 'meta: [unclosed\n',
    });
    const run = await fakeContext({ cwd: repo.dir, json: true });
    await main([[]], options({ json: true }), run.ctx);
    expect(run.stderr()).toContain('broken: skipped');
    const result = JSON.parse(run.stdout());
    expect(result.skipped.map((s: { account: string }) => s.account)).toEqual(['broken']);
    expect(result.reminders.map((r: { account: string }) => r.account)).toContain('globex');
    const bad = await fakeContext({ cwd: repo.dir });
    const refused = main([[]], options({ asOf: '2026-02-30' }), bad.ctx);
    await expect(refused).rejects.toBeInstanceOf(UsageError);
    await expect(refused).rejects.toMatchObject({ exitCode: 2 });
  });
});
