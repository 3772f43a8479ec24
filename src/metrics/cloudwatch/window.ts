/**
 * The one GetMetricData window of a review (pure). One call has a single StartTime/EndTime for
 * all queries, so the fetched window must hold both the indicator window (default 7 days) and the
 * 30-day conversations sum: it is the smallest multiple of the indicator window that covers 30
 * days (7 -> 35 days). Being a multiple lets a query whose Period equals the indicator window
 * ('window' statistics) get a last bucket that is exactly the indicator window.
 */

export const DAY_SECONDS = 86_400;
export const CONVERSATIONS_DAYS = 30;
/** CloudWatch keeps 1-hour data for 455 days; nothing older can be fetched. */
const MAX_RETENTION_DAYS = 455;

/**
 * The smallest period CloudWatch serves for data starting `ageSeconds` ago (its retention rules):
 * 60 s for data less than 15 days old, 300 s below 63 days, 3,600 s beyond. The boundaries are
 * exclusive because data exactly 15 (63) days old has already been rolled up when the call lands.
 */
export function retentionPeriodSeconds(ageSeconds: number): 60 | 300 | 3600 {
  if (ageSeconds < 15 * DAY_SECONDS) return 60;
  if (ageSeconds < 63 * DAY_SECONDS) return 300;
  return 3600;
}

/** Round `seconds` up to a multiple of `step`. */
export function ceilToMultiple(seconds: number, step: number): number {
  return Math.ceil(seconds / step) * step;
}

export function alignDown(date: Date, periodSeconds: number): Date {
  const ms = periodSeconds * 1000;
  return new Date(Math.floor(date.getTime() / ms) * ms);
}

export interface WindowPlan {
  /** Start of the fetched window (StartTime). */
  start: Date;
  /** End of every window (EndTime), aligned down to the period. */
  end: Date;
  fetchDays: number;
  windowDays: number;
  /** Start of the indicator window: end - windowDays. */
  windowStart: Date;
  /** The retention minimum for `start`; every query period is a multiple of it. */
  minPeriodSeconds: 60 | 300 | 3600;
  /** The indicator series period (configured, raised to a multiple of the retention minimum). */
  periodSeconds: number;
}

export interface WindowInput {
  now: Date;
  windowDays: number;
  /** Wanted series resolution; must divide a day. */
  periodSeconds: number;
}

/** Days fetched: the smallest multiple of `windowDays` that covers the 30-day conversations sum. */
export function fetchDaysFor(windowDays: number): number {
  return Math.ceil(CONVERSATIONS_DAYS / windowDays) * windowDays;
}

export function planWindow(input: WindowInput): WindowPlan {
  const fetchDays = fetchDaysFor(input.windowDays);
  if (fetchDays > MAX_RETENTION_DAYS) {
    throw new RangeError(
      `a ${fetchDays}-day window exceeds CloudWatch's ${MAX_RETENTION_DAYS}-day retention`,
    );
  }
  // The end is at most one hour before `now`, so this age bounds the real one from above.
  const minPeriodSeconds = retentionPeriodSeconds(fetchDays * DAY_SECONDS + 3600);
  const periodSeconds = ceilToMultiple(
    Math.max(input.periodSeconds, minPeriodSeconds),
    minPeriodSeconds,
  );
  const end = alignDown(input.now, periodSeconds);
  const start = new Date(end.getTime() - fetchDays * DAY_SECONDS * 1000);
  const windowStart = new Date(end.getTime() - input.windowDays * DAY_SECONDS * 1000);
  const plan = {
    start,
    end,
    fetchDays,
    windowDays: input.windowDays,
    windowStart,
    minPeriodSeconds,
    periodSeconds,
  };
  assertAligned(plan, input.now);
  return plan;
}

function assertAligned(plan: WindowPlan, now: Date): void {
  const ageSeconds = (now.getTime() - plan.start.getTime()) / 1000;
  const needed = retentionPeriodSeconds(ageSeconds);
  const aligned =
    plan.periodSeconds % needed === 0 &&
    (plan.start.getTime() / 1000) % plan.periodSeconds === 0 &&
    (plan.end.getTime() / 1000) % plan.periodSeconds === 0;
  if (!aligned) {
    throw new RangeError(
      `window ${plan.start.toISOString()}..${plan.end.toISOString()} is not aligned to ${plan.periodSeconds} s`,
    );
  }
}

/** Datapoints one query returns at most over [start, end). */
export function datapointsFor(
  plan: Pick<WindowPlan, 'start' | 'end'>,
  periodSeconds: number,
): number {
  return Math.ceil((plan.end.getTime() - plan.start.getTime()) / 1000 / periodSeconds);
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** "Mon 09:00 UTC". */
function formatWindowEnd(end: Date): string {
  const hh = String(end.getUTCHours()).padStart(2, '0');
  const mm = String(end.getUTCMinutes()).padStart(2, '0');
  return `${WEEKDAYS[end.getUTCDay()]} ${hh}:${mm} UTC`;
}

/** "7 days to Mon 09:00 UTC". */
export function describeWindow(plan: Pick<WindowPlan, 'windowDays' | 'end'>): string {
  const days = plan.windowDays === 1 ? '1 day' : `${plan.windowDays} days`;
  return `${days} to ${formatWindowEnd(plan.end)}`;
}
