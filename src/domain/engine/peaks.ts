import { METRIC_CATALOG, type MetricCatalog } from '../catalog/catalog.js';
import type { MetricQuality, MetricsSnapshot } from '../metrics.js';
import type { Peaks } from './history.js';
import { metricsToRead, readMetric } from './readings.js';

/**
 * The worst readings of a period so far (docs/plan.md, "Open actions are state"): each metric's
 * highest valid reading over the period's runs (every indicator today gets worse going up). A
 * missing, invalid or stale reading adds nothing; the merge is commutative and idempotent, so the
 * order of the runs in a period and repeating one never change it. The period's evidence keeps a
 * critical reading from it (periodEvidence); below critical, the last run's readings win. A pool
 * maximum (a limit) is not a peak: the latest reading stands for it.
 */
export function mergePeaks(
  previous: Peaks | undefined,
  snapshot: MetricsSnapshot,
  quality: readonly MetricQuality[],
  catalog: MetricCatalog = METRIC_CATALOG,
): Peaks {
  const out: Peaks = { ...(previous ?? {}) };
  const limits: ReadonlySet<string> = new Set(
    catalog.indicators.flatMap((s) => (s.limit ? [s.limit.key] : [])),
  );
  for (const metric of metricsToRead(catalog)) {
    if (limits.has(metric.key)) continue;
    const { value } = readMetric(snapshot, metric, quality);
    if (value === null) continue;
    const seen = out[metric.key];
    if (seen === undefined || value > seen) out[metric.key] = value;
  }
  return out;
}
