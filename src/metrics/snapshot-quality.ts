import { METRIC_KEYS, type MetricQuality, type MetricsSnapshot } from '../domain/metrics.js';

/** A `noData` fact for every key a snapshot file or response leaves out (so the review can say why). */
export function missingKeyFacts(snapshot: MetricsSnapshot, origin: string): MetricQuality[] {
  return METRIC_KEYS.filter((key) => snapshot[key] === undefined).map((key) => ({
    metric: key,
    issue: 'noData',
    detail: `not in ${origin}`,
  }));
}
