/**
 * Playbooks (playbooks/*.yaml, src/domain/playbook.ts): every shipped playbook validates, and
 * its days become calendar dates from the plan start (or the renewal date), across DST changes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anchorDate, fillTemplate, playbookPhases, playbookTimeline } from '../../../src/domain/playbook.js';
import { validateText } from '../../../src/validation/file.js';
import { REPO_ROOT, shippedPlaybook } from '../helpers/plans.js';

// NOTE: dates are computed on local-midnight Dates; a zone with DST is what could shift a day.
const savedTz = process.env.TZ;
beforeAll(() => void (process.env.TZ = 'America/New_York'));
afterAll(() => void (savedTz === undefined ? delete process.env.TZ : (process.env.TZ = savedTz)));

// The plan-type playbooks; playbooks/ also holds the customer health model (health-model.yaml), which has a schema of its own.
const PLAYBOOKS = readdirSync(join(REPO_ROOT, 'playbooks')).filter(
  (f) => f.endsWith('.yaml') && f !== 'health-model.yaml',
);

describe('the shipped playbooks', () => {
  it('are the four plan types', () => {
    expect(PLAYBOOKS.sort()).toEqual(['expansion.yaml', 'onboarding.yaml', 'recovery.yaml', 'renewal.yaml']);
  });

  it.each(PLAYBOOKS)('%s validates against schemas/playbook.schema.json', async (file) => {
    const { data, issues } = await validateText(
      `playbooks/${file}`,
      readFileSync(join(REPO_ROOT, 'playbooks', file), 'utf8'),
      'playbook',
    );
    expect(issues).toEqual([]);
    expect((data as { plan_type: string }).plan_type).toBe(file.replace('.yaml', ''));
  });

  it.each(PLAYBOOKS.map((f) => f.replace('.yaml', '') as 'onboarding'))(
    '%s: phases in order inside the timeline, milestones inside their phase, a 10-20%% buffer',
    (type) => {
      const p = shippedPlaybook(type);
      const { start_day: start, end_day: end } = p.timeline;
      let previousEnd = start - 1;
      for (const phase of p.phases) {
        expect(phase.start_day).toBeGreaterThan(previousEnd);
        expect(phase.end_day).toBeGreaterThanOrEqual(phase.start_day);
        for (const m of phase.milestones)
          expect(m.day >= phase.start_day && m.day <= phase.end_day, `${m.title} day ${m.day}`).toBe(true);
        previousEnd = phase.end_day;
      }
      const last = Math.max(...p.phases.flatMap((ph) => ph.milestones.map((m) => m.day)));
      const buffer = (end - last) / (end - start);
      expect(buffer).toBeGreaterThanOrEqual(0.1);
      expect(buffer).toBeLessThanOrEqual(0.2);
    },
  );

  it('reports a broken playbook with a position', async () => {
    const { issues } = await validateText(
      'bad.yaml',
      'plan_type: onboarding\ntitle: T\ntimeline: { anchor: plan_start, start_day: 0, end_day: 10 }\nphases: []\n',
      'playbook',
    );
    expect(issues.map((i) => [i.code, i.path, i.line])).toEqual([['schema-minItems', '/phases', 4]]);
  });
});

describe('dates from the plan start, across DST', () => {
  it('runs in a zone with DST', () => {
    expect(new Date(2026, 2, 1).getTimezoneOffset()).not.toBe(new Date(2026, 2, 9).getTimezoneOffset());
    expect(new Date(2026, 9, 31).getTimezoneOffset()).not.toBe(new Date(2026, 10, 2).getTimezoneOffset());
  });

  const onboarding = shippedPlaybook('onboarding');
  const phaseStarts = (start: string) =>
    playbookPhases(onboarding, { planStart: start }, 'Priya', { phases: [], milestones: [] });

  it.each([
    [
      'spring forward (8 March 2026)',
      '2026-03-01',
      ['2026-03-01', '2026-03-08', '2026-03-29', '2026-04-26'],
      '2026-05-30',
      '2026-06-13',
    ],
    [
      'fall back (1 November 2026)',
      '2026-10-15',
      ['2026-10-15', '2026-10-22', '2026-11-12', '2026-12-10'],
      '2027-01-13',
      '2027-01-27',
    ],
    ['a leap day', '2028-02-01', ['2028-02-01', '2028-02-08', '2028-02-29', '2028-03-28'], '2028-05-01', '2028-05-15'],
  ])(
    'onboarding from a start before %s: phases at days 0/7/28/56, checkpoint at day 90',
    (_, start, starts, checkpoint, end) => {
      const phases = phaseStarts(start);
      expect(phases.map((p) => p.start)).toEqual(starts);
      expect(phases[3].milestones!.map((m) => [m.title, m.due])).toEqual([
        ['90-day success review (QBR and ROI)', checkpoint],
      ]);
      expect(playbookTimeline(onboarding, { planStart: start })).toEqual({ start, end, anchor: start });
    },
  );

  it('gives fresh ids after the ones in use, every milestone owned by the given person', () => {
    const phases = playbookPhases(onboarding, { planStart: '2026-12-01' }, 'sh-1', {
      phases: ['ph-1', 'ph-4'],
      milestones: ['ms-2'],
    });
    expect(phases.map((p) => p.id)).toEqual(['ph-5', 'ph-6', 'ph-7', 'ph-8']);
    const ms = phases.flatMap((p) => p.milestones!);
    expect(ms.map((m) => m.id)).toEqual(['ms-3', 'ms-4', 'ms-5', 'ms-6', 'ms-7', 'ms-8', 'ms-9']);
    expect(new Set(ms.map((m) => m.owner))).toEqual(new Set(['sh-1']));
    expect(ms[0]).toEqual({
      id: 'ms-3',
      title: 'Kickoff held',
      due: '2026-12-02',
      owner: 'sh-1',
      status: 'not_started',
      deliverable: 'Kickoff deck and agreed cadence',
      major: true,
    });
    expect(ms[1]).not.toHaveProperty('major');
  });
});

describe('renewal: anchored on the renewal date', () => {
  const renewal = shippedPlaybook('renewal');

  it.each([
    ['30 November 2027', '2027-11-30', ['2027-08-02', '2027-09-01', '2027-10-01', '2027-10-31', '2027-11-30']],
    [
      '1 March 2027 (across February and the March DST change)',
      '2027-03-01',
      ['2026-11-01', '2026-12-01', '2026-12-31', '2027-01-30', '2027-03-01'],
    ],
    ['29 February 2028', '2028-02-29', ['2027-11-01', '2027-12-01', '2027-12-31', '2028-01-30', '2028-02-29']],
  ])('renewal on %s: T-120, T-90, T-60, T-30, T-0', (_, renewalDate, dues) => {
    const phases = playbookPhases(renewal, { planStart: '2020-01-01', renewalDate }, 'Dana', {
      phases: [],
      milestones: [],
    });
    const milestones = phases.flatMap((p) => p.milestones!);
    expect(milestones.map((m) => m.title.slice(0, 5))).toEqual(['T-120', 'T-90 ', 'T-60 ', 'T-30 ', 'T-0 r']);
    expect(milestones.map((m) => m.due)).toEqual(dues);
    expect(anchorDate(renewal, { planStart: '2020-01-01', renewalDate })).toBe(renewalDate);
  });

  it('without a renewal date assumes one 120 days after the plan start', () => {
    expect(anchorDate(renewal, { planStart: '2026-12-01' })).toBe('2027-03-31');
    expect(playbookTimeline(renewal, { planStart: '2026-12-01' })).toEqual({
      start: '2026-12-01',
      end: '2027-04-18',
      anchor: '2027-03-31',
    });
  });

  it('a plan-start playbook ignores the renewal date', () => {
    expect(anchorDate(shippedPlaybook('onboarding'), { planStart: '2026-12-01', renewalDate: '2027-11-30' })).toBe(
      '2026-12-01',
    );
  });
});

describe('fillTemplate', () => {
  it.each([
    [
      'Reach first value for {account} within 30 days',
      { account: 'Acme' },
      'Reach first value for Acme within 30 days',
    ],
    [
      'Move {use_case} onto the platform',
      { account: 'Acme', use_case: 'Ticket routing' },
      'Move Ticket routing onto the platform',
    ],
    [
      'Move {use_case} onto the platform',
      { account: 'Acme', use_case: '  ' },
      'Move the primary use case onto the platform',
    ],
    ['{account} and {account}', { account: 'A' }, 'A and A'],
  ])('%j', (text, values, out) => {
    expect(fillTemplate(text, values)).toBe(out);
  });
});
