import { percentileOf, type WindowStatistic } from '../config.js';

/**
 * Percentile with linear interpolation between closest ranks (the R-7 / NumPy default):
 * p90 of 168 hourly averages is the value 90% of the hours stay at or below.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const low = sorted[lower] ?? 0;
  const high = sorted[upper] ?? low;
  return low + (high - low) * (rank - lower);
}

/**
 * Reduce the period values of the window (ascending by time) to one number (pure).
 * 'window' is not computed here: CloudWatch computes it (see query-builder.ts).
 */
export function applyWindowStatistic(
  statistic: Exclude<WindowStatistic, 'window'>,
  values: readonly number[],
): number | null {
  if (values.length === 0) return null;
  switch (statistic) {
    case 'average':
      return values.reduce((sum, v) => sum + v, 0) / values.length;
    case 'maximum':
      return Math.max(...values);
    case 'minimum':
      return Math.min(...values);
    case 'sum':
      return values.reduce((sum, v) => sum + v, 0);
    case 'latest':
      return values[values.length - 1] ?? null;
    default: {
      const p = percentileOf(statistic);
      if (p === null) throw new RangeError(`unknown window statistic: ${statistic}`);
      return percentile(values, p);
    }
  }
}
