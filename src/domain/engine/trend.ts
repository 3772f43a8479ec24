import { findLevelShift, type LevelShiftFound } from './level-shift.js';
import { coveredWeeks, type SeriesPoint } from './series.js';
import { type IntervalPercent, twoSidedT } from './student-t.js';
import { slopeStandardError, theilSen } from './theil-sen.js';

export interface TrendSettings {
  /** Points a trend needs (`forecast.minObservations`); they must span at least two periods. */
  minObservations: number;
  /** The two-sided interval of the slope (`forecast.intervalPercent`). */
  intervalPercent: IntervalPercent;
  /** Weeks per review period (intervalDays / 7). */
  periodWeeks: number;
  /** The smallest step that is a level shift, in the series' unit; null: no level-shift check. */
  minShiftStep: number | null;
}

/** A Theil–Sen line with the t-based interval of its slope, per week. */
export interface TrendLine {
  slope: number;
  /** The line's value at the current period (x = 0). */
  intercept: number;
  /** Standard error of the slope, from the residuals around the Theil–Sen line. */
  slopeError: number;
  /** Student's t with n − 2 degrees of freedom for the interval. */
  t: number;
  /** The fast and slow ends of the interval: slope ± t · slopeError. */
  fast: number;
  slow: number;
  points: number;
  /** Weeks the points' periods cover, inclusive. */
  spanWeeks: number;
}

export type TrendFit =
  | { kind: 'insufficient'; points: number; spanWeeks: number }
  /** A level shift, with too few points after it for a trend. */
  | { kind: 'shift'; shift: LevelShiftFound; points: number; spanWeeks: number }
  /** A trend; after a level shift (`shift`), from the points after it only. */
  | { kind: 'line'; line: TrendLine; shift: LevelShiftFound | null };

/** At least `minObservations` points whose periods are at least two periods apart. */
function enough(points: readonly SeriesPoint[], settings: TrendSettings): boolean {
  if (points.length < settings.minObservations) return false;
  const span = coveredWeeks(points, settings.periodWeeks) - settings.periodWeeks;
  return span / settings.periodWeeks >= 2 - 1e-9;
}

function lineOf(points: readonly SeriesPoint[], settings: TrendSettings): TrendLine | null {
  const line = theilSen(points);
  if (!line) return null;
  const slopeError = slopeStandardError(points, line);
  const t = twoSidedT(settings.intervalPercent, points.length - 2);
  return {
    ...line,
    slopeError,
    t,
    fast: line.slope + t * slopeError,
    slow: line.slope - t * slopeError,
    points: points.length,
    spanWeeks: coveredWeeks(points, settings.periodWeeks),
  };
}

/**
 * The trend of a series counted in review periods (docs/plan.md, "Forecasts"): a Theil–Sen line
 * with a two-sided Student's t interval on its slope, from at least `minObservations` points over
 * two periods or more. A level shift (the best split into two constant segments explains the
 * series far better than the line) is reported, and the trend is then taken from the points after
 * it alone, when there are enough of them.
 */
export function fitTrend(points: readonly SeriesPoint[], settings: TrendSettings): TrendFit {
  const ordered = points.toSorted((a, b) => a.x - b.x);
  const spanWeeks = coveredWeeks(ordered, settings.periodWeeks);
  const whole = enough(ordered, settings) ? lineOf(ordered, settings) : null;
  if (!whole) return { kind: 'insufficient', points: ordered.length, spanWeeks };
  const shift =
    settings.minShiftStep === null ? null : findLevelShift(ordered, whole, settings.minShiftStep);
  if (!shift) return { kind: 'line', line: whole, shift: null };
  const after = ordered.slice(shift.at);
  const since = enough(after, settings) ? lineOf(after, settings) : null;
  if (!since) return { kind: 'shift', shift, points: ordered.length, spanWeeks };
  return { kind: 'line', line: since, shift };
}
