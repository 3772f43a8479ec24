import type { SeriesPoint } from './series.js';

/** A straight line: value = intercept + slope · x. */
export interface Line {
  /** Change per week (x is in weeks). */
  slope: number;
  /** The line's value at x = 0, the current period. */
  intercept: number;
}

/** The median of `values` (the mean of the middle two for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = values.toSorted((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  if (sorted.length % 2 === 1) return upper;
  return ((sorted[mid - 1] ?? Number.NaN) + upper) / 2;
}

/**
 * The Theil–Sen line: the slope is the median of the slopes between every pair of points with
 * different x, the intercept the median of value − slope · x. One outlier among n points moves
 * it far less than it moves least squares. Null for fewer than two distinct x.
 */
export function theilSen(points: readonly SeriesPoint[]): Line | null {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i += 1) {
    for (let j = i + 1; j < points.length; j += 1) {
      const a = points[i];
      const b = points[j];
      if (!a || !b || a.x === b.x) continue;
      slopes.push((b.value - a.value) / (b.x - a.x));
    }
  }
  if (slopes.length === 0) return null;
  const slope = median(slopes);
  const intercept = median(points.map((p) => p.value - slope * p.x));
  return { slope, intercept };
}

/** The sum of squared residuals of the points around `line`. */
export function squaredError(points: readonly SeriesPoint[], line: Line): number {
  return points.reduce((sum, p) => sum + (p.value - (line.intercept + line.slope * p.x)) ** 2, 0);
}

/** Σ(x − mean x)², the spread of the points' x. */
export function spreadOfX(points: readonly SeriesPoint[]): number {
  if (points.length === 0) return 0;
  const mean = points.reduce((s, p) => s + p.x, 0) / points.length;
  return points.reduce((s, p) => s + (p.x - mean) ** 2, 0);
}

/**
 * The standard error of the slope from the residuals around `line`:
 * √(Σ residual² / (n − 2) / Σ(x − mean x)²). 0 for fewer than three points or no spread in x.
 */
export function slopeStandardError(points: readonly SeriesPoint[], line: Line): number {
  const n = points.length;
  const sxx = spreadOfX(points);
  if (n < 3 || sxx === 0) return 0;
  return Math.sqrt(squaredError(points, line) / (n - 2) / sxx);
}
