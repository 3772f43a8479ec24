import { periodOf } from '../period.js';

const DAY_MS = 86_400_000;

/**
 * A point of a series: `x` in weeks relative to the current review period, from period indices
 * ((index − currentIndex) × intervalDays / 7; the current observation is 0, earlier ones are
 * negative), never from the milliseconds between observation times; and a value.
 */
export interface SeriesPoint {
  x: number;
  value: number;
}

/** Weeks per review period: 1 for the default 7-day period. */
export function weeksPerPeriod(intervalDays: number): number {
  return intervalDays / 7;
}

/** The x of the period `index` when the current period is `currentIndex`. */
export function periodX(index: number, currentIndex: number, intervalDays: number): number {
  return (index - currentIndex) * weeksPerPeriod(intervalDays);
}

/** A series from values keyed by the start of their review period, against the period of `now`. */
export function seriesByPeriod(
  values: readonly { periodStart: Date; value: number }[],
  now: Date,
  intervalDays: number,
): SeriesPoint[] {
  const current = periodOf(now, intervalDays).index;
  return values
    .map((v) => ({
      x: periodX(periodOf(v.periodStart, intervalDays).index, current, intervalDays),
      value: v.value,
    }))
    .toSorted((a, b) => a.x - b.x);
}

/**
 * The weeks the points' review periods cover, first to last inclusive: 4 observations in 4
 * consecutive weekly periods cover 4 weeks. 0 for no points.
 */
export function coveredWeeks(points: readonly SeriesPoint[], periodWeeks: number): number {
  if (points.length === 0) return 0;
  const xs = points.map((p) => p.x);
  return Math.max(...xs) - Math.min(...xs) + periodWeeks;
}

/**
 * The date `inDays` after the UTC day of `now`, to the whole day (ISO). A forecast counted in
 * review periods is dated from the day of the review, so the seconds of the run never move it.
 */
export function dateAfter(now: Date, inDays: number): string {
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(day + Math.round(inDays) * DAY_MS).toISOString();
}
