import { sourceFailureReasons } from '../app/review-message.js';
import { METRIC_KEYS, type MetricKey } from '../domain/metrics.js';
import type { MetricsResult } from '../metrics/port.js';

/** Issues that leave an indicator without a value: the review says `unknown` for it. */
const MISSING_ISSUES = new Set(['noData', 'stale']);

/**
 * Why a digest built from `result` is incomplete, as the Degraded marker shows it: empty when every
 * metric came back. A partial answer (some metrics without data or stale, or one of several
 * sources failed) still sends the digest, marked degraded; the Data quality line names the metrics.
 */
export function degradedReasons(result: MetricsResult): string[] {
  const missing = new Set<MetricKey>(
    result.quality.filter((q) => MISSING_ISSUES.has(q.issue)).map((q) => q.metric),
  );
  const failed = sourceFailureReasons(result);
  if (missing.size === 0) return failed;
  const from = failed.length > 0 ? 'the sources' : result.source.description;
  return [...failed, `no data for ${missing.size} of ${METRIC_KEYS.length} metrics from ${from}`];
}
