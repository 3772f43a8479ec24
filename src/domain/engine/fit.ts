/** A point of a series: days relative to the current observation (negative = earlier), and a value. */
export interface SeriesPoint {
  days: number;
  value: number;
}

export interface LinearFit {
  /** Change per day. */
  slope: number;
  /** Value at day 0 on the fitted line. */
  intercept: number;
  /** Standard error of the slope (0 for an exact line or fewer than 3 points). */
  slopeError: number;
  /** Share of the variance the line explains, 0..1 (1 for a constant series). */
  r2: number;
  points: number;
  /** Days between the first and the last point. */
  spanDays: number;
}

/** Ordinary least squares of value on days; null for fewer than 2 points or a zero time span. */
export function fitLine(points: readonly SeriesPoint[]): LinearFit | null {
  const n = points.length;
  if (n < 2) return null;
  const meanX = points.reduce((s, p) => s + p.days, 0) / n;
  const meanY = points.reduce((s, p) => s + p.value, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const p of points) {
    sxx += (p.days - meanX) ** 2;
    sxy += (p.days - meanX) * (p.value - meanY);
    syy += (p.value - meanY) ** 2;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  const sse = points.reduce((s, p) => s + (p.value - (intercept + slope * p.days)) ** 2, 0);
  const slopeError = n > 2 ? Math.sqrt(Math.max(0, sse) / (n - 2) / sxx) : 0;
  const days = points.map((p) => p.days);
  return {
    slope,
    intercept,
    slopeError,
    r2: syy === 0 ? 1 : Math.max(0, 1 - sse / syy),
    points: n,
    spanDays: Math.max(...days) - Math.min(...days),
  };
}
