import { percentileOf } from '../config.js';
import type { RawSeries } from './fetch-metric-data.js';
import { type QueryGroup, ratioInputIds } from './query-builder.js';
import { applyWindowStatistic } from './window-statistics.js';

/**
 * When CloudWatch gives no bucket over exactly the review window (it may place the buckets of a
 * 7-day period elsewhere), the window's value from the hourly series (pure): exact for a ratio
 * (the sums of its returned inputs) and for Maximum/Minimum/Sum, approximate for a percentile (the
 * same percentile of the hourly values) and for Average (the mean of the hourly averages).
 */

export interface Point {
  t: number;
  v: number;
}

/** The points of [from, to), converted, one per timestamp, ascending. */
export function pointsIn(
  raw: RawSeries,
  from: number,
  to: number,
  scale: number,
  offset: number,
): Point[] {
  const byTime = new Map<number, number>();
  raw.timestamps.forEach((ts, i) => {
    const t = ts.getTime();
    const v = raw.values[i];
    if (v !== undefined && t >= from && t < to) byTime.set(t, offset + scale * v);
  });
  return [...byTime.entries()].map(([t, v]) => ({ t, v })).sort((a, b) => a.t - b.t);
}

/** Sum of a ratio's inputs per period: numerators filled with 0 where the denominator has data. */
export function ratioFromInputs(
  group: QueryGroup,
  results: ReadonlyMap<string, RawSeries>,
  from: number,
  to: number,
): { points: Point[]; numerator: number; denominator: number } | null {
  if (group.spec.kind !== 'ratio') return null;
  const ids = ratioInputIds(group.prefix, group.spec.numerators.length, 's');
  const denominator = results.get(ids.denominator);
  if (denominator === undefined) return null;
  const numerators = new Map<number, number>();
  for (const id of ids.numerators) {
    for (const p of pointsIn(results.get(id) ?? emptySeries(), from, to, 1, 0)) {
      numerators.set(p.t, (numerators.get(p.t) ?? 0) + p.v);
    }
  }
  const { scale } = group.spec;
  let sumN = 0;
  let sumD = 0;
  const points: Point[] = [];
  for (const d of pointsIn(denominator, from, to, 1, 0)) {
    if (d.v <= 0) continue;
    const n = numerators.get(d.t) ?? 0;
    sumN += n;
    sumD += d.v;
    points.push({ t: d.t, v: (scale * n) / d.v });
  }
  return { points, numerator: sumN, denominator: sumD };
}

function emptySeries(): RawSeries {
  return { timestamps: [], values: [], statusCode: 'Complete', messages: [] };
}

/** The 'window' value from the series when CloudWatch's whole-window bucket is missing. */
function isPercentileStat(stat: string): stat is `p${number}` {
  return percentileOf(stat) !== null;
}

export function windowFallback(
  group: QueryGroup,
  points: readonly Point[],
  ratio: ReturnType<typeof ratioFromInputs>,
): { value: number; how: string } | null {
  if (group.spec.kind === 'ratio') {
    if (ratio === null || ratio.denominator <= 0) return null;
    const value = (group.spec.scale * ratio.numerator) / ratio.denominator;
    return { value, how: 'the sums of the hourly series (exact)' };
  }
  const values = points.map((p) => p.v);
  const stat = group.spec.stat;
  if (isPercentileStat(stat)) {
    const value = applyWindowStatistic(stat, values);
    return value === null
      ? null
      : { value, how: `the ${stat} of the hourly ${stat} values (an approximation)` };
  }
  const exact: Record<string, 'maximum' | 'minimum' | 'sum' | 'average'> = {
    Maximum: 'maximum',
    Minimum: 'minimum',
    Sum: 'sum',
    Average: 'average',
  };
  const statistic = exact[stat];
  if (statistic === undefined) return null;
  const value = applyWindowStatistic(statistic, values);
  const how =
    statistic === 'average'
      ? 'the mean of the hourly averages'
      : `the ${statistic} of the hourly values`;
  return value === null ? null : { value, how };
}
