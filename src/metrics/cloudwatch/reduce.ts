import { isIndicatorMetric, isWholeMetric } from '../../domain/catalog/derive.js';
import type { MetricKey, MetricQuality, MetricsSnapshot } from '../../domain/metrics.js';
import { metricsSnapshotSchema } from '../../domain/metrics.js';
import type { MetricSeries } from '../port.js';
import type { RawSeries } from './fetch-metric-data.js';
import type { QueryGroup } from './query-builder.js';
import type { CloudWatchMetricKey } from './supply.js';
import type { WindowPlan } from './window.js';
import { type Point, pointsIn, ratioFromInputs, windowFallback } from './window-fallback.js';
import { applyWindowStatistic } from './window-statistics.js';

/**
 * GetMetricData answers -> snapshot values, series and data-quality facts (pure).
 * Gaps are never zeros: no datapoint in the window leaves the key out of the snapshot with a
 * `noData` fact (`noTraffic` for the error rate, whose denominator is empty exactly when the load
 * balancer published no RequestCount); thin coverage is `partial`; an old newest point is `stale`.
 *
 * 'window' statistics (the week's p95, the week's error ratio) come from CloudWatch's own bucket
 * over exactly the window. When that bucket is missing (CloudWatch may place buckets of a 7-day
 * period differently from the window), the value is computed from the series instead and a note
 * says so: exactly for the error ratio (sums of its hourly inputs), approximately for percentiles
 * (the same percentile of the hourly values).
 */

export interface ReducedMetrics {
  snapshot: MetricsSnapshot;
  series: Partial<Record<MetricKey, MetricSeries>>;
  quality: MetricQuality[];
  /** How values were obtained when not the usual way (a missing whole-window bucket). */
  notes: string[];
}

/** A fact about any CloudWatch key; only those of indicator keys are reported. */
interface Fact {
  metric: CloudWatchMetricKey;
  issue: MetricQuality['issue'];
  detail: string;
}

interface GroupOutcome {
  value: number | null;
  series: MetricSeries | null;
  quality: Fact[];
  note: string | null;
}

function formatDuration(seconds: number): string {
  if (seconds >= 2 * 86_400) return `${Math.round(seconds / 86_400)} days`;
  if (seconds >= 3600) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 60)} min`;
}

function conversion(group: QueryGroup): { scale: number; offset: number } {
  // A ratio's scale is inside its expression; its values arrive converted.
  return group.spec.kind === 'stat'
    ? { scale: group.spec.scale, offset: group.spec.offset }
    : { scale: 1, offset: 0 };
}

function emptyFact(group: QueryGroup, plan: WindowPlan, what: string): Fact {
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

function coverageFact(group: QueryGroup, points: readonly Point[]): Fact | null {
  const expected = group.lookbackSeconds / group.periodSeconds;
  const share = points.length / expected;
  if (share >= group.spec.minCoverage) return null;
  const detail = `datapoints in ${points.length} of ${expected} ${periodName(group.periodSeconds)} periods (${Math.round(share * 100)}%)`;
  return { metric: group.key, issue: 'partial', detail };
}

function staleFact(group: QueryGroup, plan: WindowPlan, points: readonly Point[]): Fact | null {
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

function rangeFact(group: QueryGroup, value: number): Fact | null {
  const check = metricsSnapshotSchema.shape[group.key].safeParse(value);
  if (check.success) return null;
  const reason = check.error.issues.map((i) => i.message).join('; ');
  const detail = `value discarded: ${group.spec.label} gave ${round(value)} (${reason}); check metrics.cloudwatch.queries.${group.key}`;
  return { metric: group.key, issue: 'noData', detail };
}

function reduceGroup(
  group: QueryGroup,
  plan: WindowPlan,
  results: ReadonlyMap<string, RawSeries>,
): GroupOutcome {
  const none = (fact: Fact): GroupOutcome => ({
    value: null,
    series: null,
    quality: [fact],
    note: null,
  });
  const raw = results.get(group.seriesId);
  const end = plan.end.getTime();
  const from = end - group.lookbackSeconds * 1000;
  const ratio = ratioFromInputs(group, results, from, end);
  if (raw === undefined && ratio === null) {
    return none(emptyFact(group, plan, 'CloudWatch returned no result'));
  }
  if (raw !== undefined && (raw.statusCode === 'InternalError' || raw.statusCode === 'Forbidden')) {
    const said = raw.messages.length > 0 ? ` (${raw.messages.join('; ')})` : '';
    const detail = `CloudWatch answered ${raw.statusCode} for ${group.spec.label}${said}`;
    return none({ metric: group.key, issue: 'noData', detail });
  }
  const { scale, offset } = conversion(group);
  const fromExpression = raw === undefined ? [] : pointsIn(raw, from, end, scale, offset);
  // A ratio whose expression came back empty (an emulator without metric math) uses its inputs.
  const points = fromExpression.length > 0 || ratio === null ? fromExpression : ratio.points;
  if (points.length === 0) return none(emptyFact(group, plan, 'no datapoints'));

  const series = {
    timestamps: points.map((p) => new Date(p.t).toISOString()),
    values: points.map((p) => p.v),
  };
  const statistic = group.spec.windowStatistic;
  let note: string | null = null;
  let value: number | null;
  if (statistic === 'window') {
    value = windowValue(group, plan, results);
    if (value === null) {
      const fallback = windowFallback(group, points, ratio);
      if (fallback !== null) {
        value = fallback.value;
        note = `${group.key}: CloudWatch gave no whole-window (${formatDuration(group.lookbackSeconds)}) bucket; computed from ${fallback.how}`;
      }
    }
  } else {
    value = applyWindowStatistic(
      statistic,
      points.map((p) => p.v),
    );
  }
  if (value === null)
    return {
      value: null,
      series,
      quality: [emptyFact(group, plan, 'no whole-window value')],
      note: null,
    };

  const range = rangeFact(group, value);
  if (range !== null) return { value: null, series, quality: [range], note: null };
  const quality = [coverageFact(group, points), staleFact(group, plan, points)].filter(
    (q): q is Fact => q !== null,
  );
  if (raw?.statusCode === 'PartialData') {
    quality.push({
      metric: group.key,
      issue: 'partial',
      detail: 'CloudWatch returned PartialData',
    });
  }
  return { value, series, quality, note };
}

export function reduceResults(
  groups: readonly QueryGroup[],
  plan: WindowPlan,
  results: ReadonlyMap<string, RawSeries>,
): ReducedMetrics {
  const snapshot: MetricsSnapshot = { capturedAt: plan.end.toISOString() };
  const series: ReducedMetrics['series'] = {};
  const quality: MetricQuality[] = [];
  const notes: string[] = [];
  for (const group of groups) {
    const outcome = reduceGroup(group, plan, results);
    const key = group.key;
    if (outcome.value !== null)
      snapshot[key] = isWholeMetric(key) ? Math.round(outcome.value) : outcome.value;
    if (outcome.note !== null) notes.push(outcome.note);
    // Supplementary metrics (busiest-server CPU, server count) feed no indicator: no series, no facts.
    if (!isIndicatorMetric(key)) continue;
    if (outcome.series !== null) series[key] = outcome.series;
    for (const fact of outcome.quality) quality.push({ ...fact, metric: key });
  }
  return { snapshot, series, quality, notes };
}
