import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { escapeText, foldLine, remindersToIcs } from '../../../src/calendar/ics.js';
import type { Reminder } from '../../../src/domain/reminders.js';

const reminder = (over: Partial<Reminder> = {}): Reminder => ({
  kind: 'milestone-7d',
  account: 'acme',
  accountName: 'Acme Corp',
  date: '2026-12-03',
  new: false,
  escalation: false,
  to: 'Sarah Chen',
  subject: '[Acme Corp] milestone ms-1 "CRM sync, phase 2; EU" is due in 7 days (2026-12-10)',
  detail:
    'Check it is on track; mark it done with csp set acme ms-1.status done.\nSecond line with a backslash \\ and ünïcödé ✓.',
  ref: 'ms-1',
  due: '2026-12-10',
  ...over,
});

describe('iCalendar output', () => {
  it('is accepted by ical.js with every field intact', () => {
    const long = reminder({
      subject: `[Acme Corp] ${'a very long subject with ünïcödé characters, commas; and semicolons '.repeat(4)}`,
    });
    const text = remindersToIcs(
      [
        reminder(),
        reminder({ kind: 'milestone-missed', escalation: true, date: '2026-12-18', to: "Carl Ortiz's manager" }),
        long,
      ],
      '2026-11-22',
    );
    const cal = new ICAL.Component(ICAL.parse(text));
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(3);
    expect(events[0].summary).toBe(reminder().subject);
    expect(events[0].description).toBe(`${reminder().detail}\nFor: Sarah Chen\nDue: 2026-12-10`);
    expect(events[0].startDate.toString()).toBe('2026-12-03');
    expect(events[0].startDate.isDate).toBe(true);
    expect(events[0].endDate.toString()).toBe('2026-12-04');
    expect(events[0].uid).toBe('milestone-7d.acme.ms-1.20261203@csp');
    expect(events[1].component.getFirstPropertyValue('priority')).toBe(1);
    expect(events[1].component.getFirstProperty('categories')!.getValues()).toEqual([
      'csp',
      'escalation',
      'milestone-missed',
    ]);
    expect(events[2].summary).toBe(long.subject);
  });

  it('ends lines with CRLF and folds them at 75 octets without splitting a character', () => {
    const text = remindersToIcs([reminder({ subject: 'ü'.repeat(100) })], '2026-11-22');
    expect(text.endsWith('\r\n')).toBe(true);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(text.split('\r\n').filter((l) => l.startsWith(' ')).length).toBeGreaterThan(1);
  });

  it.each([
    ['a,b;c\\d', 'a\\,b\\;c\\\\d'],
    ['two\nlines', 'two\\nlines'],
  ])('escapes %j', (raw, escaped) => expect(escapeText(raw)).toBe(escaped));

  it('leaves a short line alone, and folds a long ASCII line into 75-octet lines that unfold to it', () => {
    expect(foldLine('SUMMARY:short')).toBe('SUMMARY:short');
    const long = `DESCRIPTION:${'abcdefghij'.repeat(20)}`;
    const folded = foldLine(long);
    expect(folded.split('\r\n').map((l) => l.length)).toEqual([75, 75, 64]); // a continuation line is a space and 74 octets
    expect(folded.replace(/\r\n /g, '')).toBe(long);
  });
});
