import { DateTime } from 'luxon';

/**
 * Review periods: the unit of evidence. A team has at most one observation per period, whoever
 * asked (a `/scale status`, a digest, a CLI `status --save`), so that repeating a command is not
 * new evidence. Periods are `intervalDays` long and aligned to Monday 00:00 UTC (1970-01-05), so a
 * 7-day period is exactly the ISO week in UTC and every channel of a team keys the same period,
 * whatever its timezone.
 */
export interface ReviewPeriod {
  /** "2026-W49" for 7-day periods (the ISO week in UTC); "2026-11-30/P14D" otherwise. */
  key: string;
  /** Whole periods since the epoch Monday; consecutive periods differ by 1. */
  index: number;
  start: Date;
  /** Exclusive: the next period's start. */
  end: Date;
}

const DAY_MS = 86_400_000;
/** Monday 5 January 1970, 00:00 UTC. */
const EPOCH_MONDAY_MS = Date.UTC(1970, 0, 5);

export class InvalidPeriodError extends RangeError {
  override readonly name = 'InvalidPeriodError';
}

function checkInterval(intervalDays: number): void {
  if (!Number.isInteger(intervalDays) || intervalDays < 1) {
    throw new InvalidPeriodError(`intervalDays must be a whole number >= 1, got ${intervalDays}`);
  }
}

function keyOf(start: Date, intervalDays: number): string {
  const day = DateTime.fromJSDate(start, { zone: 'utc' });
  if (intervalDays === 7) return `${day.weekYear}-W${String(day.weekNumber).padStart(2, '0')}`;
  return `${day.toISODate()}/P${intervalDays}D`;
}

/** The period with this index. */
export function periodAt(index: number, intervalDays: number): ReviewPeriod {
  checkInterval(intervalDays);
  const length = intervalDays * DAY_MS;
  const start = new Date(EPOCH_MONDAY_MS + index * length);
  return {
    key: keyOf(start, intervalDays),
    index,
    start,
    end: new Date(start.getTime() + length),
  };
}

/** The period that contains `at`. */
export function periodOf(at: Date, intervalDays: number): ReviewPeriod {
  checkInterval(intervalDays);
  const ms = at.getTime();
  if (!Number.isFinite(ms)) throw new InvalidPeriodError('periodOf: invalid Date');
  return periodAt(Math.floor((ms - EPOCH_MONDAY_MS) / (intervalDays * DAY_MS)), intervalDays);
}

/** The `count` periods before `period`, newest first. */
export function periodsBefore(
  period: ReviewPeriod,
  count: number,
  intervalDays: number,
): ReviewPeriod[] {
  return Array.from({ length: Math.max(0, count) }, (_, i) =>
    periodAt(period.index - 1 - i, intervalDays),
  );
}
