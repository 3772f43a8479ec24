import { z } from 'zod';

import type { MetricKey } from './catalog/catalog.js';
import { keyedBy, snapshotMetrics } from './catalog/derive.js';
import type { ValueBounds } from './catalog/shape.js';

export type { MetricKey, SupplementaryMetricKey } from './catalog/catalog.js';
export {
  INDICATOR_METRIC,
  METRIC_KEYS,
  SNAPSHOT_METRIC_KEYS,
  SUPPLEMENTARY_METRIC_KEYS,
} from './catalog/derive.js';

/** A metric's value as the snapshot accepts it: a finite number within the catalog's bounds. */
function valueSchema(name: string, bounds: ValueBounds) {
  const number = z
    .number({ error: `${name} must be a number` })
    .finite({ error: `${name} must be a finite number` })
    .min(bounds.min, {
      error:
        bounds.min === 0
          ? `${name} must not be negative`
          : `${name} must be at least ${bounds.min}`,
    });
  const whole = bounds.whole ? number.int({ error: `${name} must be a whole number` }) : number;
  const capped =
    bounds.max === null
      ? whole
      : whole.max(bounds.max, { error: `${name} must be at most ${bounds.max}` });
  if (!bounds.minExcluded) return capped;
  const lowest = bounds.whole ? `at least ${bounds.min + 1}` : `greater than ${bounds.min}`;
  return capped.gt(bounds.min, { error: `${name} must be ${lowest}` });
}

/**
 * A metrics snapshot: every key optional (a missing key is reported as `unknown`, never `ok`).
 * Unknown keys are rejected so that a typo (`cpu_percent`) is an error, not a silent gap. One key
 * per metric of the catalog, bounded as the catalog says.
 */
export const metricsSnapshotSchema = z.strictObject({
  ...keyedBy(snapshotMetrics(), (metric) => valueSchema(metric.key, metric.bounds).optional()),
  capturedAt: z.iso
    .datetime({ offset: true, error: 'capturedAt must be an ISO 8601 date-time' })
    .optional(),
});

export type MetricsSnapshot = z.infer<typeof metricsSnapshotSchema>;

/**
 * A data-quality fact reported by a metrics source for one metric.
 * - `noData`: no datapoints in the window (the metric is absent from the snapshot).
 * - `partial`: datapoints cover only part of the window (the value is kept, with a note).
 * - `stale`: the newest datapoint is older than allowed (the indicator is `unknown`, never `ok`).
 * - `noTraffic`: the load balancer published no requests, so an error rate cannot be computed.
 */
export const METRIC_ISSUES = ['noData', 'partial', 'stale', 'noTraffic'] as const;
export type MetricIssue = (typeof METRIC_ISSUES)[number];

export interface MetricQuality {
  metric: MetricKey;
  issue: MetricIssue;
  detail: string;
}
