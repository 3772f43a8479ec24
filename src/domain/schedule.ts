import { DateTime, IANAZone } from 'luxon';

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface WeeklySchedule {
  weekday: IsoWeekday;
  /** Local wall-clock time, "HH:MM" (24 h). */
  time: string;
}

export const DEFAULT_SCHEDULE = { weekday: 1, time: '09:00' } as const satisfies WeeklySchedule;

/** A digest slot later than this after its scheduled time is posted marked "delayed". */
export const DELAYED_AFTER_MS = 5 * 60_000;

export class ScheduleError extends Error {
  override readonly name = 'ScheduleError';
}

export interface Slot {
  /** The instant the digest is due. */
  at: Date;
  /** Stable key of the digest period: the ISO week of the slot's local date, e.g. "2026-W49". */
  periodKey: string;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

function parseTime(time: string): { hour: number; minute: number } {
  const match = TIME.exec(time);
  if (!match) throw new ScheduleError(`invalid schedule time "${time}"; expected HH:MM`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

export function isValidTimezone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

function assertZone(zone: string): void {
  if (!isValidTimezone(zone)) throw new ScheduleError(`unknown timezone "${zone}"`);
}

/**
 * The slot of the week that contains `localDay`. Luxon resolves a wall-clock time that does not
 * exist (spring-forward gap) by moving it forward by the gap, and an ambiguous one (fall-back
 * overlap) to a single offset, so each local date yields exactly one instant: a run in the gap
 * happens once that day, and a run in the repeated hour never happens twice.
 */
function slotInWeekOf(localDay: DateTime, schedule: WeeklySchedule): Slot {
  const { hour, minute } = parseTime(schedule.time);
  const day = localDay.startOf('day').plus({ days: schedule.weekday - localDay.weekday });
  const at = DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour, minute },
    { zone: localDay.zone },
  );
  return { at: at.toJSDate(), periodKey: periodKeyOf(day) };
}

function periodKeyOf(localDay: DateTime): string {
  return `${localDay.weekYear}-W${String(localDay.weekNumber).padStart(2, '0')}`;
}

/** The first slot strictly after `after`. */
export function nextSlot(schedule: WeeklySchedule, zone: string, after: Date): Slot {
  assertZone(zone);
  const local = DateTime.fromJSDate(after, { zone });
  const thisWeek = slotInWeekOf(local, schedule);
  if (thisWeek.at.getTime() > after.getTime()) return thisWeek;
  return slotInWeekOf(local.plus({ weeks: 1 }), schedule);
}

/** The latest slot at or before `now` (the only missed period a catch-up sends). */
export function latestSlot(schedule: WeeklySchedule, zone: string, now: Date): Slot {
  assertZone(zone);
  const local = DateTime.fromJSDate(now, { zone });
  const thisWeek = slotInWeekOf(local, schedule);
  if (thisWeek.at.getTime() <= now.getTime()) return thisWeek;
  return slotInWeekOf(local.minus({ weeks: 1 }), schedule);
}

/** Whether a slot run at `now` is late enough to be marked "delayed". */
export function isDelayed(slot: Slot, now: Date): boolean {
  return now.getTime() - slot.at.getTime() > DELAYED_AFTER_MS;
}

/**
 * Whether a subscription's slot, run at `now`, was missed: the slot was the subscription's (at or
 * after its `nextRunAt`, which every send moves past the slot it sent) and it runs late. A forced
 * run (`digest --now --channel`) of a slot from before the subscription, or before its schedule
 * changed, was never the channel's: it is not "delayed".
 */
export function isMissed(slot: Slot, nextRunAt: Date, now: Date): boolean {
  return slot.at.getTime() >= nextRunAt.getTime() && isDelayed(slot, now);
}
