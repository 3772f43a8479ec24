import type { IsoWeekday, WeeklySchedule } from '../domain/schedule.js';
import { looksLikeTime, parseTime, parseTimezone, toWeekday } from './schedule-values.js';
import { fail, ok, type Step, showToken } from './tokenize.js';
import type { Command, TimeOfDay, Weekday } from './types.js';

const ISO_WEEKDAY = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
} as const satisfies Record<Weekday, IsoWeekday>;

/**
 * `subscribe [day time] [timezone]`: "mon 9am", "monday 09:00 Europe/Paris", "Europe/Paris" or nothing
 * (the defaults: Monday 09:00 in the user's Slack time zone).
 */
export function buildSubscribe(positionals: string[]): Step<Command> {
  const tokens = joinMeridiem(positionals);
  let day: Weekday | null = null;
  let time: TimeOfDay | null = null;
  let timezone: string | null = null;
  for (const token of tokens) {
    const weekday = toWeekday(token);
    if (weekday !== null && day === null && time === null && timezone === null) {
      day = weekday;
      continue;
    }
    if (looksLikeTime(token) && day !== null && time === null) {
      const parsed = parseTime(token);
      if (!parsed.ok) {
        return parsed;
      }
      time = parsed.value;
      continue;
    }
    if (timezone !== null) {
      return fail(`${showToken(token)} is unexpected: subscribe takes [day time] [timezone]`);
    }
    if (looksLikeTime(token) && day === null) {
      return fail('subscribe needs a day before the time, e.g. subscribe monday 09:00');
    }
    if (day !== null && time === null) {
      return fail(`subscribe needs a time after the day, e.g. subscribe ${day} 09:00`);
    }
    const zone = parseTimezone(token);
    if (!zone.ok && day === null && !token.includes('/')) {
      return fail(
        `${showToken(token)} is not a day or a time zone; try subscribe monday 09:00 Europe/Paris`,
      );
    }
    if (!zone.ok) {
      return zone;
    }
    timezone = zone.value;
  }
  if (day !== null && time === null) {
    return fail(`subscribe needs a time after the day, e.g. subscribe ${day} 09:00`);
  }
  const schedule = day !== null && time !== null ? toSchedule(day, time) : null;
  return ok({ kind: 'subscribe', schedule, timezone });
}

function toSchedule(day: Weekday, time: TimeOfDay): WeeklySchedule {
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    weekday: ISO_WEEKDAY[day],
    time: `${pad(time.hour)}:${pad(time.minute)}`,
  };
}

/** "9 am" is read as "9am". */
function joinMeridiem(tokens: string[]): string[] {
  const joined: string[] = [];
  for (const token of tokens) {
    const previous = joined[joined.length - 1];
    if (/^(am|pm)$/i.test(token) && previous !== undefined && /^\d{1,2}(:\d{2})?$/.test(previous)) {
      joined[joined.length - 1] = `${previous}${token}`;
      continue;
    }
    joined.push(token);
  }
  return joined;
}
