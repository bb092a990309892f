/**
 * Due dates as people say them in meetings, resolved against the meeting's date: "2026-12-04",
 * "by Friday", "tomorrow", "next week", "end of the month", "in two weeks", "December 5th",
 * "5 Dec". Returns undefined when the sentence names no date csp can pin down ("soon", "next
 * meeting"). Pure.
 */
import { addDaysIso, isIsoDate, toDate, toIso, type IsoDate } from '../domain/dates.js';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const NUMBERS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';

/** The date a sentence gives for something to be done, relative to the meeting's date. */
export function parseDueDate(sentence: string, meeting: IsoDate): IsoDate | undefined {
  const text = sentence.toLowerCase();
  const iso = /\b(\d{4}-\d{2}-\d{2})\b/.exec(text);
  if (iso && isIsoDate(iso[1])) return iso[1];
  const dayMonth = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}\\b`).exec(text);
  const monthDay = new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b`).exec(text);
  if (dayMonth) return calendar(meeting, monthIndex(dayMonth[2]), Number(dayMonth[1]));
  if (monthDay) return calendar(meeting, monthIndex(monthDay[1]), Number(monthDay[2]));
  if (/\btomorrow\b/.test(text)) return addDaysIso(meeting, 1);
  if (/\b(today|end of (the )?day|eod|tonight)\b/.test(text)) return meeting;
  const weekday =
    /\b(?:by|before|on|until|this|next|due)\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/.exec(text);
  if (weekday) {
    const target = WEEKDAYS.indexOf(weekday[1]);
    const current = toDate(meeting).getDay();
    let ahead = (target - current + 7) % 7 || 7;
    if (/\bnext\s+\w+day\b/.test(weekday[0]) && ahead < 7) ahead += 7;
    return addDaysIso(meeting, ahead);
  }
  if (/\b(end of (the |this )?week|eow)\b/.test(text))
    return addDaysIso(meeting, (5 - toDate(meeting).getDay() + 7) % 7);
  if (/\b(end of (the |this )?month|eom)\b/.test(text)) {
    const d = toDate(meeting);
    return toIso(new Date(d.getFullYear(), d.getMonth() + 1, 0));
  }
  const within =
    /\b(?:in|within)\s+(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(day|week|month)s?\b/.exec(text);
  if (within) {
    const n = NUMBERS[within[1]] ?? Number(within[1]);
    return addDaysIso(meeting, n * (within[2] === 'day' ? 1 : within[2] === 'week' ? 7 : 30));
  }
  if (/\bnext week\b/.test(text)) return addDaysIso(meeting, 7);
  if (/\bnext month\b/.test(text)) return addDaysIso(meeting, 30);
  return undefined;
}

function monthIndex(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3));
}

/** The day of the month in the meeting's year, or the next year when that is before the meeting. */
function calendar(meeting: IsoDate, month: number, day: number): IsoDate | undefined {
  const year = toDate(meeting).getFullYear();
  const pad = (n: number) => String(n).padStart(2, '0');
  for (const y of [year, year + 1]) {
    const iso = `${y}-${pad(month + 1)}-${pad(day)}`;
    if (!isIsoDate(iso)) return undefined;
    if (iso >= meeting) return iso;
  }
  return undefined;
}
