/**
 * Reminders as an iCalendar file (RFC 5545) that calendars import: one all-day VEVENT per
 * reminder on the day it fires, with a UID that stays the same for the same reminder (so
 * importing a newer file updates events instead of duplicating them). Text is escaped (\\ ; , and
 * newlines) and lines are folded at 75 octets without splitting a UTF-8 character; lines end
 * with CRLF. Pure: reminders in, text out.
 */
import type { IsoDate } from '../domain/dates.js';
import type { Reminder } from '../domain/reminders.js';
import { addDaysIso } from '../domain/dates.js';

/** Escapes a TEXT value (RFC 5545 3.3.11). */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line into lines of at most 75 octets (RFC 5545 3.1), never inside a UTF-8 character. */
export function foldLine(line: string): string {
  // NOTE: most lines are short ASCII; only the others need the octet-by-octet walk.
  const ascii = !/[^\x00-\x7f]/.test(line);
  if (ascii && line.length <= 75) return line;
  if (ascii) {
    const chunks = [line.slice(0, 75)];
    for (let i = 75; i < line.length; i += 74) chunks.push(line.slice(i, i + 74));
    return chunks.join('\r\n ');
  }
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const cp = ch.codePointAt(0)!;
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const compact = (date: IsoDate) => date.replace(/-/g, '');

/** The calendar text for reminders; `stamp` is the DTSTAMP date (the as-of date). */
export function remindersToIcs(reminders: readonly Reminder[], stamp: IsoDate): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//csp//Customer Success Plan reminders//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'X-WR-CALNAME:csp reminders',
  ];
  for (const r of reminders) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${r.kind}.${r.account}${r.ref ? `.${r.ref}` : ''}.${compact(r.date)}@csp`,
      `DTSTAMP:${compact(stamp)}T000000Z`,
      `DTSTART;VALUE=DATE:${compact(r.date)}`,
      `DTEND;VALUE=DATE:${compact(addDaysIso(r.date, 1))}`,
      `SUMMARY:${escapeText(r.subject)}`,
      `DESCRIPTION:${escapeText(`${r.detail}\nFor: ${r.to}${r.due ? `\nDue: ${r.due}` : ''}`)}`,
      `CATEGORIES:${escapeText(r.escalation ? `csp,escalation,${r.kind}` : `csp,${r.kind}`).replace(/\\,/g, ',')}`,
      ...(r.escalation ? ['PRIORITY:1'] : []),
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
