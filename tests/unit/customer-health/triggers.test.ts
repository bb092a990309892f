import { describe, expect, it } from 'vitest';
import { scoreHealth } from '../../../src/customer-health/score.js';
import { firedTriggers, recoverySuggestion, type SavePlay } from '../../../src/customer-health/triggers.js';
import type { Stakeholder } from '../../../src/domain/plan.js';
import { DEFAULT_MODEL, signals } from './helpers.js';

const PLAYS: SavePlay[] = [
  { trigger: 'health_below_40', play: 'Executive engagement', owner: 'VP CS', within: '48 hours' },
  { trigger: 'usage_drop', play: 'Adoption workshop', owner: 'CSM', within: '1 week' },
  { trigger: 'ticket_surge', play: 'Technical deep dive', owner: 'Support', within: '24 hours' },
  { trigger: 'champion_left', play: 'Stakeholder mapping', owner: 'CSM', within: '1 week' },
];

const fire = (entries: Parameters<typeof signals>, stakeholders: Stakeholder[] = [], asOf = '2026-11-22') => {
  const score = scoreHealth(signals(...entries), DEFAULT_MODEL, asOf);
  return { score, fired: firedTriggers(score, DEFAULT_MODEL, stakeholders, PLAYS, asOf) };
};

describe('save-play triggers', () => {
  it('fires usage drop at a fall of more than 25%, not at 25%', () => {
    const steady = { nps: 9, csat: 5, last_contact: '2026-11-18' };
    const drop = (now: number) =>
      fire([
        { date: '2026-10-20', values: { usage_events: 100, ...steady } },
        { date: '2026-11-20', values: { usage_events: now, ...steady } },
      ]).fired.map((f) => f.trigger);
    expect(drop(75)).toEqual([]);
    expect(drop(74)).toEqual(['usage_drop']);
  });

  it('fires a ticket surge when tickets at least double and reach 4 a month, with the values that made it fire', () => {
    const { fired } = fire([
      { date: '2026-10-20', values: { tickets: 2 } },
      { date: '2026-11-20', values: { tickets: 5 } },
    ]);
    expect(fired).toEqual([
      {
        trigger: 'ticket_surge',
        description: 'Tickets at least doubled and at least 4 a month',
        because: [
          'ticket_change is 150 (tickets 5 on 2026-11-20 vs tickets 2 on 2026-10-20)',
          'tickets_per_month is 5 (tickets 5 on 2026-11-20)',
        ],
        play: PLAYS[2],
      },
    ]);
    expect(
      fire([
        { date: '2026-10-20', values: { tickets: 1 } },
        { date: '2026-11-20', values: { tickets: 3 } },
      ]).fired,
    ).toEqual([]);
  });

  it('fires champion left for a customer champion who left within 90 days', () => {
    const left = (date: string): Stakeholder[] => [
      { id: 'sh-2', name: 'Sarah Chen', side: 'customer', role: 'champion', left: date },
    ];
    const entry = { date: '2026-11-20', values: { nps: 9 } };
    expect(fire([entry], left('2026-08-24')).fired.map((f) => f.because)).toEqual([
      ['Sarah Chen (champion) left on 2026-08-24'],
    ]);
    expect(fire([entry], left('2026-08-23')).fired).toEqual([]);
    expect(fire([entry], left('2026-11-23')).fired).toEqual([]);
  });

  it('fires negative NPS at 6 and below, with no play when the playbook has none', () => {
    const { fired } = fire([{ date: '2026-11-20', values: { nps: 6 } }]);
    expect(fired.map((f) => [f.trigger, f.play])).toEqual([['negative_nps', undefined]]);
  });
});

describe('recovery suggestion', () => {
  const low = [
    {
      date: '2026-11-20',
      values: { active_users: 10, licensed_users: 100, nps: 2, csat: 1, last_contact: '2026-07-01' },
    },
  ];
  it('is made in the red band, naming the plays of the triggers that fired', () => {
    const { score, fired } = fire(low);
    expect(score.band).toBe('red');
    expect(score.score).toBeLessThan(40);
    const s = recoverySuggestion('acme', score, fired, PLAYS, 'onboarding')!;
    expect(s.plays.map((p) => p.play)).toEqual(['Executive engagement']);
    expect(s.command).toBe('csp recover acme');
    expect(s.reason).toContain('triggers: health below 40, negative nps');
  });
  it('says to start a plan for an account without one, and nothing for a recovery plan or a yellow account', () => {
    const { score, fired } = fire(low);
    expect(recoverySuggestion('acme', score, fired, PLAYS, undefined)!.command).toBe(
      'csp init acme --plan-type recovery --name "..." --owner "..."',
    );
    expect(recoverySuggestion('acme', score, fired, PLAYS, 'recovery')).toBeNull();
    const ok = fire([{ date: '2026-11-20', values: { active_users: 70, licensed_users: 100, nps: 8 } }]);
    expect(ok.score.band).not.toBe('red');
    expect(recoverySuggestion('acme', ok.score, ok.fired, PLAYS, 'onboarding')).toBeNull();
  });
  it('falls back to the health-under-40 play when red with no trigger', () => {
    const { score, fired } = fire([
      {
        date: '2026-11-20',
        values: {
          active_users: 45,
          licensed_users: 100,
          logins_per_week: 2,
          last_contact: '2026-10-18',
          tickets: 3,
          nps: 7,
          csat: 3,
        },
      },
    ]);
    expect([score.score, score.band, fired]).toEqual([54.9, 'red', []]);
    expect(recoverySuggestion('acme', score, [], PLAYS, 'onboarding')!.plays.map((p) => p.trigger)).toEqual([
      'health_below_40',
    ]);
  });
});
