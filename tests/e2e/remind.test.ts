/**
 * csp remind on a small InfoHub (as of 2026-11-22, CSP_NOW): the .ics file read back by ical.js,
 * and the commands that close reminders (track-value, refresh, renew) doing so. Which reminders
 * fire, --new and a bad --as-of are checked in-process (tests/cli/remind.test.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import yaml from 'js-yaml';
import { runCsp } from '../helpers/cli.js';
import { tempRepo } from '../helpers/repo.js';
import { hubFiles } from './hub-fixture.js';
import { PLANS } from './remind-plans.js';

describe('csp remind', () => {
  it("writes an .ics file that ical.js reads, with today's reminders and the next days", async () => {
    const repo = tempRepo(hubFiles(PLANS));
    const run = await runCsp(['remind', '--ics', 'reminders.ics', '--upcoming', '30', '--json'], { cwd: repo.dir });
    expect(run.code).toBe(0);
    const { reminders, upcoming, ics } = run.json();
    expect(ics).toEqual({ file: 'reminders.ics', events: reminders.length + upcoming.length });
    const cal = new ICAL.Component(ICAL.parse(readFileSync(repo.path('reminders.ics'), 'utf8')));
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(ics.events);
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
    const t120 = events.find((e) => e.uid === 'renewal-t120.acme.T-120.20261122@csp')!;
    expect(t120.summary).toBe('[Acme Corp] T-120: internal renewal kickoff and ROI documentation (renewal 2027-03-22)');
    expect(t120.startDate.toString()).toBe('2026-11-22');
    expect(events.some((e) => e.startDate.toString() === '2026-12-22' && e.summary.includes('T-90'))).toBe(true);

    const again = await runCsp(['remind', '--ics', 'reminders.ics'], { cwd: repo.dir });
    expect(again.code).toBe(0);
    writeFileSync(repo.path('mine.ics'), 'BEGIN:VCALENDAR\r\nPRODID:-//someone else//EN\r\nEND:VCALENDAR\r\n');
    const foreign = await runCsp(['remind', '--ics', 'mine.ics'], { cwd: repo.dir });
    expect(foreign.code).toBe(3);
    expect(foreign.stderr).toContain('mine.ics exists and was not written by csp remind');
  });

  it('closes the value review with track-value, the refresh with csp refresh, and points T-120 at csp renew until it runs', async () => {
    const repo = tempRepo(hubFiles(PLANS));
    const kinds = async () =>
      (await runCsp(['remind', 'acme', '--json'], { cwd: repo.dir }))
        .json()
        .reminders.map((r: { kind: string }) => r.kind)
        .sort();
    expect(await kinds()).toContain('value-review');

    const tv = await runCsp(['track-value', 'acme', '--metric', 'vm-1', '--value', '12'], { cwd: repo.dir });
    expect(tv.stderr).toBe('');
    expect(tv.code).toBe(0);
    expect(tv.stdout).toContain('acme vm-1: recorded 12 on 2026-11-22');
    expect(tv.stdout).toContain(
      'vm-1 QBR prep hours: 24 -> 12 hours on 2026-11-22 (target 4 hours): 60% of the way, improving',
    );
    const replaced = await runCsp(['track-value', 'acme', '--metric', 'QBR prep hours', '--value', '11', '--json'], {
      cwd: repo.dir,
    });
    expect(replaced.json()).toMatchObject({ replaced: true, progress: { progress: 65, measurements: 1 } });
    expect(await kinds()).not.toContain('value-review');
    expect(await kinds()).not.toContain('stale-escalation');

    const refresh = await runCsp(['refresh', 'acme'], { cwd: repo.dir });
    expect(refresh.code).toBe(0);
    expect(refresh.stdout).toContain('Wrote infohub/acme/success_plan/csp_artifacts/refresh_2026-11-22.md');
    const md = repo.read('infohub/acme/success_plan/csp_artifacts/refresh_2026-11-22.md');
    for (const heading of [
      '## Phase completion',
      '## What is next',
      '## Risks to update',
      '## QBR talking points',
      '### Value delivered against the success criteria',
      '### Milestones done and slipped',
      '### Asks',
    ])
      expect(md).toContain(heading);
    expect(md).toContain('- ms-4 "Data migration" was due 2026-11-10 (12 days late, not_started, Sarah Chen)');
    expect(md).toContain('- Sarah Chen: CRM sync live by 2026-11-27');
    expect(yaml.load(repo.read('infohub/acme/success_plan/csp.yaml'), { schema: yaml.CORE_SCHEMA })).toMatchObject({
      meta: { last_refresh: '2026-11-22' },
    });
    expect(await kinds()).not.toContain('quarterly-refresh');
    const twice = await runCsp(['refresh', 'acme'], { cwd: repo.dir });
    expect(twice.code).toBe(3);
    expect(twice.stderr).toContain('--force');
    writeFileSync(repo.path('infohub/acme/success_plan/csp_artifacts/refresh_2026-11-22.md'), 'my edits');
    expect((await runCsp(['refresh', 'acme'], { cwd: repo.dir })).code).toBe(3);
    expect(repo.read('infohub/acme/success_plan/csp_artifacts/refresh_2026-11-22.md')).toBe('my edits');
    expect((await runCsp(['refresh', 'acme', '--force'], { cwd: repo.dir })).code).toBe(0);

    const renew = await runCsp(['renew', 'acme'], { cwd: repo.dir });
    expect(renew.code).toBe(0);
    expect(renew.stdout).toContain('acme: phase execute, status active');
    expect(renew.stderr).toContain('plan type renewal: 4 phases from 2026-11-22 (T-120) to the renewal on 2027-03-22');
    const plan = yaml.load(repo.read('infohub/acme/success_plan/csp.yaml'), { schema: yaml.CORE_SCHEMA }) as any;
    expect(plan.meta.plan_type).toBe('renewal');
    expect(plan.adoption_journey.phases.map((p: { id: string }) => p.id)).toEqual([
      'ph-1',
      'ph-2',
      'ph-3',
      'ph-4',
      'ph-5',
      'ph-6',
    ]);
    expect(
      plan.adoption_journey.phases[5].milestones.map((m: { id: string; due: string }) => `${m.id} ${m.due}`),
    ).toEqual(['ms-8 2027-02-20', 'ms-9 2027-03-22']);
    expect(repo.git('log', '--format=%s', '-1').trim()).toBe(
      'csp(acme): snapshot v1 in execute - renewal plan started',
    );
    const t120 = (await runCsp(['remind', 'acme', '--json'], { cwd: repo.dir }))
      .json()
      .reminders.find((r: { kind: string }) => r.kind === 'renewal-t120');
    expect(t120.detail).not.toContain('csp renew');
    const validate = await runCsp(['validate', 'infohub/acme/success_plan/csp.yaml', '--format', 'json'], {
      cwd: repo.dir,
    });
    expect(JSON.stringify(validate.json())).not.toContain('contingency-buffer');
    expect((await runCsp(['renew', 'acme'], { cwd: repo.dir })).code).toBe(3);
  });
});
