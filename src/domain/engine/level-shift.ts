import type { SeriesPoint } from './series.js';
import { type Line, squaredError } from './theil-sen.js';

/**
 * Two constant segments explain a step (55 → 70 → 70) far better than a line does: a level shift
 * when their squared error is at most this share of the line's.
 */
export const SHIFT_ERROR_SHARE = 0.25;

/** A step in a series: the best single split into two constant segments. */
export interface LevelShiftFound {
  /** Index of the first point at the new level (the segment after the shift starts there). */
  at: number;
  /** That point's x (weeks relative to the current period). */
  x: number;
  /** The new level's mean minus the old level's mean, in the series' unit. */
  step: number;
}

function constantError(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return values.reduce((s, v) => s + (v - mean) ** 2, 0);
}

const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;

/**
 * The level shift of `points` (ordered by x), if any: the split into two constant segments with
 * the least squared error, when that error is at most {@link SHIFT_ERROR_SHARE} of the error
 * around `line` and the step is at least `minStep`. `55, 70, 70` is a shift of +15 at the second
 * point; `50, 56, 62, 68` (a line) is none.
 */
export function findLevelShift(
  points: readonly SeriesPoint[],
  line: Line,
  minStep: number,
): LevelShiftFound | null {
  if (points.length < 3) return null;
  const values = points.map((p) => p.value);
  let best: { at: number; error: number } | null = null;
  for (let at = 1; at < values.length; at += 1) {
    const error = constantError(values.slice(0, at)) + constantError(values.slice(at));
    if (best === null || error < best.error) best = { at, error };
  }
  if (best === null || best.error > SHIFT_ERROR_SHARE * squaredError(points, line)) return null;
  const step = mean(values.slice(best.at)) - mean(values.slice(0, best.at));
  const first = points[best.at];
  if (!first || step === 0 || Math.abs(step) < minStep) return null;
  return { at: best.at, x: first.x, step };
}
