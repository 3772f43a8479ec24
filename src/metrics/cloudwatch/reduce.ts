import type { MetricQuality, MetricsSnapshot } from '../../domain/metrics.js';
import { metricsSnapshotSchema } from '../../domain/metrics.js';
import type { MetricSeries } from '../port.js';
import type { RawSeries } from './fetch-metric-data.js';
import type { CloudWatchMetricKey } from './metric-specs.js';
import type { QueryGroup } from './query-builder.js';
import type { WindowPlan } from './window.js';
import { applyWindowStatistic } from './window-statistics.js';

/**
 * GetMetricData answers -> snapshot values, series and data-quality facts (pure).
 * Gaps are never zeros: no datapoint in the window leaves the key out of the snapshot with a
 * `noData` fact (`noTraffic` for the error rate, whose expression is empty exactly when the load
 * balancer published no RequestCount); thin coverage is `partial`; an old newest point is `stale`.
 */

export interface ReducedMetrics {
  snapshot: MetricsSnapshot;
  series: Partial<Record<CloudWatchMetricKey, MetricSeries>>;
  quality: MetricQuality[];
}

interface Point {
  t: number;
  v: number;
}

interface GroupOutcome {
  value: number | null;
  series: MetricSeries | null;
  quality: MetricQuality[];
}

export function formatDuration(seconds: number): string {
  if (seconds >= 2 * 86_400) return `${Math.round(seconds / 86_400)} days`;
  if (seconds >= 3600) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 60)} min`;
}

function pointsIn(
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

function conversion(group: QueryGroup): { scale: number; offset: number } {
  // A ratio's scale is inside its expression; its values arrive converted.
  return group.spec.kind === 'stat'
    ? { scale: group.spec.scale, offset: group.spec.offset }
    : { scale: 1, offset: 0 };
}

function emptyFact(group: QueryGroup, plan: WindowPlan, what: string): MetricQuality {
  const days = `${group.lookbackSeconds / 86_400} days to ${plan.end.toISOString()}`;
  if (group.spec.kind === 'ratio') {
    const detail = `${what} for ${group.spec.label} in the ${days}: the load balancer published no ${group.spec.denominator.metricName} (no traffic, or a wrong load balancer)`;
    return { metric: group.key, issue: 'noTraffic', detail };
  }
  return {
    metric: group.key,
    issue: 'noData',
    detail: `${what} for ${group.spec.label} in the ${days}`,
  };
}

function windowValue(
  group: QueryGroup,
  plan: WindowPlan,
  results: ReadonlyMap<string, RawSeries>,
): number | null {
  const raw = group.windowId === null ? undefined : results.get(group.windowId);
  if (raw === undefined) return null;
  const bucketStart = plan.end.getTime() - group.lookbackSeconds * 1000;
  const { scale, offset } = conversion(group);
  const bucket = pointsIn(raw, bucketStart, bucketStart + 1, scale, offset);
  return bucket[0]?.v ?? null;
}

function periodName(seconds: number): string {
  if (seconds === 86_400) return 'daily';
  if (seconds === 3600) return 'hourly';
  if (seconds % 3600 === 0) return `${seconds / 3600}-hour`;
  if (seconds % 60 === 0) return `${seconds / 60}-minute`;
  return `${seconds}-second`;
}

function coverageFact(group: QueryGroup, points: readonly Point[]): MetricQuality | null {
  const expected = group.lookbackSeconds / group.periodSeconds;
  const share = points.length / expected;
  if (share >= group.spec.minCoverage) return null;
  const detail = `datapoints in ${points.length} of ${expected} ${periodName(group.periodSeconds)} periods (${Math.round(share * 100)}%)`;
  return { metric: group.key, issue: 'partial', detail };
}

function staleFact(
  group: QueryGroup,
  plan: WindowPlan,
  points: readonly Point[],
): MetricQuality | null {
  const last = points[points.length - 1];
  if (group.spec.staleAfterMinutes === null || last === undefined) return null;
  const newestEnd = last.t + group.periodSeconds * 1000;
  const gapSeconds = (plan.end.getTime() - newestEnd) / 1000;
  const limitSeconds = Math.max(group.spec.staleAfterMinutes * 60, group.periodSeconds);
  if (gapSeconds <= limitSeconds) return null;
  const detail = `newest datapoint ${new Date(last.t).toISOString()} (value ${round(last.v)}) is ${formatDuration(gapSeconds)} before the window end; the limit is ${formatDuration(limitSeconds)}`;
  return { metric: group.key, issue: 'stale', detail };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function rangeFact(group: QueryGroup, value: number): MetricQuality | null {
  const check = metricsSnapshotSchema.shape[group.key].safeParse(value);
  if (check.success) return null;
  const reason = check.error.issues.map((i) => i.message).join('; ');
  const detail = `value discarded: ${group.spec.label} gave ${round(value)} (${reason}); check metrics.cloudwatch.queries.${group.key}`;
  return { metric: group.key, issue: 'noData', detail };
}

export function reduceGroup(
  group: QueryGroup,
  plan: WindowPlan,
  results: ReadonlyMap<string, RawSeries>,
): GroupOutcome {
  const none = (fact: MetricQuality): GroupOutcome => ({
    value: null,
    series: null,
    quality: [fact],
  });
  const raw = results.get(group.seriesId);
  if (raw === undefined) return none(emptyFact(group, plan, 'CloudWatch returned no result'));
  if (raw.statusCode === 'InternalError' || raw.statusCode === 'Forbidden') {
    const said = raw.messages.length > 0 ? ` (${raw.messages.join('; ')})` : '';
    const detail = `CloudWatch answered ${raw.statusCode} for ${group.spec.label}${said}`;
    return none({ metric: group.key, issue: 'noData', detail });
  }
  const end = plan.end.getTime();
  const { scale, offset } = conversion(group);
  const points = pointsIn(raw, end - group.lookbackSeconds * 1000, end, scale, offset);
  if (points.length === 0) return none(emptyFact(group, plan, 'no datapoints'));

  const series = {
    timestamps: points.map((p) => new Date(p.t).toISOString()),
    values: points.map((p) => p.v),
  };
  const statistic = group.spec.windowStatistic;
  const value =
    statistic === 'window'
      ? windowValue(group, plan, results)
      : applyWindowStatistic(
          statistic,
          points.map((p) => p.v),
        );
  if (value === null)
    return { value: null, series, quality: [emptyFact(group, plan, 'no whole-window value')] };

  const range = rangeFact(group, value);
  if (range !== null) return { value: null, series, quality: [range] };
  const quality = [coverageFact(group, points), staleFact(group, plan, points)].filter(
    (q): q is MetricQuality => q !== null,
  );
  if (raw.statusCode === 'PartialData') {
    quality.push({
      metric: group.key,
      issue: 'partial',
      detail: 'CloudWatch returned PartialData',
    });
  }
  return { value, series, quality };
}

export function reduceResults(
  groups: readonly QueryGroup[],
  plan: WindowPlan,
  results: ReadonlyMap<string, RawSeries>,
): ReducedMetrics {
  const snapshot: MetricsSnapshot = { capturedAt: plan.end.toISOString() };
  const series: ReducedMetrics['series'] = {};
  const quality: MetricQuality[] = [];
  for (const group of groups) {
    const outcome = reduceGroup(group, plan, results);
    if (outcome.value !== null) snapshot[group.key] = outcome.value;
    if (outcome.series !== null) series[group.key] = outcome.series;
    quality.push(...outcome.quality);
  }
  return { snapshot, series, quality };
}
