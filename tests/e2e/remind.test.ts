/**
 * csp remind on a small InfoHub (as of 2026-11-22, CSP_NOW): every kind of reminder once, the
 * .ics file read back by ical.js, and the commands that close reminders (track-value, refresh,
 * renew) doing so.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import yaml from 'js-yaml';
import { runCsp } from '../helpers/cli.js';
import { tempRepo } from '../helpers/repo.js';
import { hubFiles, type PlanSpec } from './hub-fixture.js';
import { REMINDER_KINDS } from '../../src/domain/reminders.js';

const PLANS: PlanSpec[] = [
  {
    // stale 63 days post-sales; monthly review (15th) and quarterly refresh (Oct 15) due; last customer
    // review in June (steady state: quarterly, due Sep 1); four milestones at 7d, 1d, due, missed; renewal at T-120 today.
    account: 'acme',
    name: 'Acme Corp',
    updated: '2026-09-20',
    lastReview: '2026-06-01',
    renewal: '2027-03-22',
    milestones: [
      { id: 'ms-1', title: 'CRM sync live', due: '2026-11-27' },
      { id: 'ms-2', title: 'Admin training', due: '2026-11-23' },
      { id: 'ms-3', title: 'SSO rollout', due: '2026-11-20' },
      { id: 'ms-4', title: 'Data migration', due: '2026-11-10' },
    ],
  },
  { account: 'globex', phase: 'develop', updated: '2026-10-20', renewal: '2027-02-20' }, // stale-review (33 days), T-90 today
  { account: 'initech', updated: '2026-11-15', lastReview: '2026-11-15', lastRefresh: '2026-11-15', renewal: '2027-01-11', measurements: [{ date: '2026-11-16', value: 10 }] }, // T-60
  { account: 'umbrella', updated: '2026-11-15', lastReview: '2026-11-15', lastRefresh: '2026-11-15', renewal: '2026-12-02', measurements: [{ date: '2026-11-16', value: 10 }] }, // T-30
  { account: 'hooli', updated: '2026-11-15', lastReview: '2026-11-15', lastRefresh: '2026-11-15', renewal: '2026-11-22', measurements: [{ date: '2026-11-16', value: 10 }] }, // T-0 today
];

describe('csp remind', () => {
  it('lists every kind of reminder for the as-of date, and --new only those firing that day', async () => {
    const repo = tempRepo(hubFiles(PLANS));
    const run = await runCsp(['remind', '--as-of', '2026-11-22', '--json'], { cwd: repo.dir });
    expect(run.code).toBe(0);
    const { reminders, asOf } = run.json();
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
    expect(reminders.filter((r: { escalation: boolean }) => r.escalation).map((r: { kind: string }) => r.kind).sort()).toEqual(['milestone-missed', 'stale-escalation']);

    const fresh = await runCsp(['remind', '--new', '--json'], { cwd: repo.dir });
    expect(fresh.json().reminders.map((r: { account: string; kind: string }) => `${r.account} ${r.kind}`).sort()).toEqual(['acme milestone-1d', 'acme renewal-t120', 'globex renewal-t90', 'hooli renewal-t0'].sort());

    const text = await runCsp(['remind'], { cwd: repo.dir });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('14 reminders due on 2026-11-22 (2 escalations)');
    expect(text.stdout).toContain('ESCALATION 2026-11-18  escalation: milestone ms-4 "Data migration" missed by more than a week (due 2026-11-10)');
    expect(text.stdout).toContain('Start the renewal plan: csp renew acme');
  });

  it('skips a plan it cannot read with a warning, and refuses a bad --as-of (exit 2)', async () => {
    const repo = tempRepo({ ...hubFiles(PLANS.slice(1, 2)), 'infohub/broken/success_plan/csp.yaml': 'meta: [unclosed\n' });
    const run = await runCsp(['remind', '--json'], { cwd: repo.dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('broken: skipped');
    expect(run.json().skipped.map((s: { account: string }) => s.account)).toEqual(['broken']);
    expect(run.json().reminders.map((r: { account: string }) => r.account)).toContain('globex');
    expect((await runCsp(['remind', '--as-of', '2026-02-30'], { cwd: repo.dir })).code).toBe(2);
  });

  it('writes an .ics file that ical.js reads, with today\'s reminders and the next days', async () => {
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
    const kinds = async () => (await runCsp(['remind', 'acme', '--json'], { cwd: repo.dir })).json().reminders.map((r: { kind: string }) => r.kind).sort();
    expect(await kinds()).toContain('value-review');

    const tv = await runCsp(['track-value', 'acme', '--metric', 'vm-1', '--value', '12'], { cwd: repo.dir });
    expect(tv.stderr).toBe('');
    expect(tv.code).toBe(0);
    expect(tv.stdout).toContain('acme vm-1: recorded 12 on 2026-11-22');
    expect(tv.stdout).toContain('vm-1 QBR prep hours: 24 -> 12 hours on 2026-11-22 (target 4 hours): 60% of the way, improving');
    const replaced = await runCsp(['track-value', 'acme', '--metric', 'QBR prep hours', '--value', '11', '--json'], { cwd: repo.dir });
    expect(replaced.json()).toMatchObject({ replaced: true, progress: { progress: 65, measurements: 1 } });
    expect(await kinds()).not.toContain('value-review');
    expect(await kinds()).not.toContain('stale-escalation');

    const refresh = await runCsp(['refresh', 'acme'], { cwd: repo.dir });
    expect(refresh.code).toBe(0);
    expect(refresh.stdout).toContain('Wrote infohub/acme/success_plan/csp_artifacts/refresh_2026-11-22.md');
    const md = repo.read('infohub/acme/success_plan/csp_artifacts/refresh_2026-11-22.md');
    for (const heading of ['## Phase completion', '## What is next', '## Risks to update', '## QBR talking points', '### Value delivered against the success criteria', '### Milestones done and slipped', '### Asks']) expect(md).toContain(heading);
    expect(md).toContain('- ms-4 "Data migration" was due 2026-11-10 (12 days late, not_started, Sarah Chen)');
    expect(md).toContain('- Sarah Chen: CRM sync live by 2026-11-27');
    expect(yaml.load(repo.read('infohub/acme/success_plan/csp.yaml'), { schema: yaml.CORE_SCHEMA })).toMatchObject({ meta: { last_refresh: '2026-11-22' } });
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
    expect(plan.adoption_journey.phases.map((p: { id: string }) => p.id)).toEqual(['ph-1', 'ph-2', 'ph-3', 'ph-4', 'ph-5', 'ph-6']);
    expect(plan.adoption_journey.phases[5].milestones.map((m: { id: string; due: string }) => `${m.id} ${m.due}`)).toEqual(['ms-8 2027-02-20', 'ms-9 2027-03-22']);
    expect(repo.git('log', '--format=%s', '-1').trim()).toBe('csp(acme): snapshot v1 in execute - renewal plan started');
    const t120 = (await runCsp(['remind', 'acme', '--json'], { cwd: repo.dir })).json().reminders.find((r: { kind: string }) => r.kind === 'renewal-t120');
    expect(t120.detail).not.toContain('csp renew');
    const validate = await runCsp(['validate', 'infohub/acme/success_plan/csp.yaml', '--format', 'json'], { cwd: repo.dir });
    expect(JSON.stringify(validate.json())).not.toContain('contingency-buffer');
    expect((await runCsp(['renew', 'acme'], { cwd: repo.dir })).code).toBe(3);
  });
});
