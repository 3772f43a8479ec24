import {
  type IndicatorKey,
  METRIC_CATALOG,
  type MetricCatalog,
  type MetricKey,
  type PanelIndicatorKey,
  type SupplementaryMetricKey,
} from './catalog.js';
import type { MetricSpec } from './shape.js';

/**
 * What the rest of the code reads from a catalog: key lists in review order, the metrics in
 * snapshot order, the charted indicators. The functions take a catalog (the real one by default),
 * so a test can add an indicator to a copy and follow it to the review, the panel and the chart.
 */

/**
 * One value per entry, keyed by the entries' keys. `Object.fromEntries` cannot say which keys it
 * made, so this is the one place that says it for them.
 */
export function keyedBy<T extends { key: string }, V>(
  entries: readonly T[],
  value: (entry: T) => V,
): Record<T['key'], V> {
  return Object.fromEntries(entries.map((entry) => [entry.key, value(entry)])) as Record<
    T['key'],
    V
  >;
}

/** Every metric the indicators read, in review order (a limit right after its value). */
export function indicatorMetrics(catalog: MetricCatalog = METRIC_CATALOG): MetricSpec<MetricKey>[] {
  return catalog.indicators.flatMap((spec) =>
    spec.limit === null ? [spec.value] : [spec.value, spec.limit],
  );
}

/** Every key a snapshot may carry but `capturedAt`: indicator metrics, then supplementary ones. */
export function snapshotMetrics(
  catalog: MetricCatalog = METRIC_CATALOG,
): MetricSpec<MetricKey | SupplementaryMetricKey>[] {
  return [...indicatorMetrics(catalog), ...catalog.supplementary];
}

/** The indicator keys, in review order. */
export const INDICATOR_KEYS: readonly IndicatorKey[] = METRIC_CATALOG.indicators.map(
  (spec) => spec.key,
);

/** The indicators judged against the plan's `thresholds`, in review order. */
export const PANEL_INDICATOR_KEYS: readonly PanelIndicatorKey[] = METRIC_CATALOG.indicators.flatMap(
  (spec) => (spec.kind === 'panel' ? [spec.key] : []),
);

/** The metric keys a snapshot may carry for the indicators. */
export const METRIC_KEYS: readonly MetricKey[] = indicatorMetrics().map((m) => m.key);

const INDICATOR_METRIC_SET: ReadonlySet<string> = new Set(METRIC_KEYS);

/** Whether a snapshot key feeds an indicator (a supplementary one is no gap when it is missing). */
export function isIndicatorMetric(key: MetricKey | SupplementaryMetricKey): key is MetricKey {
  return INDICATOR_METRIC_SET.has(key);
}

const WHOLE_METRICS: ReadonlySet<string> = new Set(
  snapshotMetrics()
    .filter((m) => m.bounds.whole)
    .map((m) => m.key),
);

/** Whether a metric counts whole things (a server count): a source rounds its readings. */
export function isWholeMetric(key: MetricKey | SupplementaryMetricKey): boolean {
  return WHOLE_METRICS.has(key);
}

/** Optional metrics that refine the advice but feed no indicator of their own. */
export const SUPPLEMENTARY_METRIC_KEYS: readonly SupplementaryMetricKey[] =
  METRIC_CATALOG.supplementary.map((m) => m.key);

/** Every key a snapshot may carry besides `capturedAt`. */
export const SNAPSHOT_METRIC_KEYS: readonly (MetricKey | SupplementaryMetricKey)[] =
  snapshotMetrics().map((m) => m.key);

/** The metric behind each indicator's value (DB connections also reads its pool maximum). */
export const INDICATOR_METRIC: Readonly<Record<IndicatorKey, MetricKey>> = keyedBy(
  METRIC_CATALOG.indicators,
  (spec) => spec.value.key,
);

/** Each indicator's default name on the panel ("Server CPU"). */
export const INDICATOR_LABEL: Readonly<Record<IndicatorKey, string>> = keyedBy(
  METRIC_CATALOG.indicators,
  (spec) => spec.label,
);
