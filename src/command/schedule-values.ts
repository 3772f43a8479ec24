import { fail, ok, type Step, showToken } from './tokenize.js';
import { type TimeOfDay, WEEKDAYS, type Weekday } from './types.js';

// A Map, not an object literal: `constructor` or `__proto__` must not resolve to anything.
const DAYS = new Map<string, Weekday>([
  ...WEEKDAYS.map((day) => [day, day] as const),
  ['mon', 'monday'],
  ['tue', 'tuesday'],
  ['tues', 'tuesday'],
  ['wed', 'wednesday'],
  ['thu', 'thursday'],
  ['thur', 'thursday'],
  ['thurs', 'thursday'],
  ['fri', 'friday'],
  ['sat', 'saturday'],
  ['sun', 'sunday'],
]);

// 09:00, 9:00, 9am, 5:30pm, 9 (24-hour clock when there is no am/pm).
const TIME = /^(\d{1,2})(?::(\d{2}))?(am|pm)?$/i;
// Characters of IANA zone names (Europe/Paris, America/Argentina/Buenos_Aires, Etc/GMT+5).
const ZONE_CHARS = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/;

/** A weekday name or abbreviation (monday, mon, Mondays). Null when the token is not a day. */
export function toWeekday(token: string): Weekday | null {
  const lower = token.toLowerCase();
  const singular = lower.endsWith('s') ? lower.slice(0, -1) : lower;
  return DAYS.get(lower) ?? DAYS.get(singular) ?? null;
}

export function looksLikeTime(token: string): boolean {
  return /^\d/.test(token);
}

/** A time of day: 09:00, 9:00, 9am, 5:30pm (or 9 for 09:00). */
export function parseTime(token: string): Step<TimeOfDay> {
  const shown = showToken(token);
  const match = TIME.exec(token);
  if (!match) {
    return fail(`${shown} is not a time; try 09:00 or 9am`);
  }
  const [, h = '', m = '', meridiem = ''] = match;
  const hour = Number(h);
  const minute = m === '' ? 0 : Number(m);
  if (minute > 59) {
    return fail(`${shown} is not a time: minutes go up to 59; try 09:30`);
  }
  if (meridiem === '') {
    return hour <= 23 ? ok({ hour, minute }) : fail(`${shown} is not a time: hours go up to 23`);
  }
  if (hour < 1 || hour > 12) {
    return fail(`${shown} is not a time: with am/pm, hours go from 1 to 12`);
  }
  const pm = meridiem.toLowerCase() === 'pm';
  return ok({ hour: (hour % 12) + (pm ? 12 : 0), minute });
}

/**
 * An IANA time zone, checked with Intl. It is kept as the user gave it: Intl resolves some names to
 * older aliases (Asia/Kolkata to Asia/Calcutta, Asia/Kathmandu to Asia/Katmandu), which the user
 * did not write. Only the letter case is corrected, when Intl's name is the same name
 * (america/new_york is America/New_York).
 */
export function parseTimezone(token: string): Step<string> {
  const shown = showToken(token);
  const message = `${shown} is not a time zone; use an IANA name such as Europe/Paris`;
  if (!ZONE_CHARS.test(token)) {
    return fail(message);
  }
  try {
    const zone = new Intl.DateTimeFormat('en-US', { timeZone: token }).resolvedOptions().timeZone;
    return ok(zone.toLowerCase() === token.toLowerCase() ? zone : token);
  } catch {
    // Intl throws a RangeError for an unknown zone: that is exactly the answer "not a time zone".
    return fail(message);
  }
}
