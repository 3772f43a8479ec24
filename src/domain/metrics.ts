import { z } from 'zod';

/** The metric keys a snapshot may carry. Shared by the CLI, the metrics sources and the engine. */
export const METRIC_KEYS = [
  'cpuPercent',
  'memoryPercent',
  'dbConnections',
  'dbMaxConnections',
  'responseTimeP95Ms',
  'errorRatePercent',
  'dbSizeMb',
  'conversationsPerMonth',
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

/**
 * Optional metrics that refine the advice but feed no indicator of their own: the busiest
 * instance's CPU beside the fleet average (an auto-scaling group's average hides a stuck instance)
 * and the number of application servers in service (for server sizing). A missing one is not a gap
 * in the review.
 */
export const SUPPLEMENTARY_METRIC_KEYS = ['cpuMaxPercent', 'serverCount'] as const;
export type SupplementaryMetricKey = (typeof SUPPLEMENTARY_METRIC_KEYS)[number];

/** Every key a snapshot may carry besides `capturedAt`. */
export const SNAPSHOT_METRIC_KEYS = [...METRIC_KEYS, ...SUPPLEMENTARY_METRIC_KEYS] as const;

const nonNegative = (name: string) =>
  z
    .number({ error: `${name} must be a number` })
    .finite({ error: `${name} must be a finite number` })
    .nonnegative({ error: `${name} must not be negative` });

const percent = (name: string) =>
  nonNegative(name).max(100, { error: `${name} must be at most 100` });

/**
 * A metrics snapshot: every key optional (a missing key is reported as `unknown`, never `ok`).
 * Unknown keys are rejected so that a typo (`cpu_percent`) is an error, not a silent gap.
 */
export const metricsSnapshotSchema = z.strictObject({
  cpuPercent: percent('cpuPercent').optional(),
  memoryPercent: percent('memoryPercent').optional(),
  dbConnections: nonNegative('dbConnections').optional(),
  dbMaxConnections: nonNegative('dbMaxConnections')
    .positive({ error: 'dbMaxConnections must be greater than 0' })
    .optional(),
  responseTimeP95Ms: nonNegative('responseTimeP95Ms').optional(),
  errorRatePercent: percent('errorRatePercent').optional(),
  dbSizeMb: nonNegative('dbSizeMb').optional(),
  conversationsPerMonth: nonNegative('conversationsPerMonth').optional(),
  cpuMaxPercent: percent('cpuMaxPercent').optional(),
  serverCount: nonNegative('serverCount')
    .int({ error: 'serverCount must be a whole number' })
    .positive({ error: 'serverCount must be at least 1' })
    .optional(),
  capturedAt: z.iso
    .datetime({ offset: true, error: 'capturedAt must be an ISO 8601 date-time' })
    .optional(),
});

export type MetricsSnapshot = z.infer<typeof metricsSnapshotSchema>;

/** Which indicator each metric key feeds. */
export const METRIC_TO_INDICATOR = {
  cpuPercent: 'cpu',
  memoryPercent: 'memory',
  dbConnections: 'dbConnections',
  dbMaxConnections: 'dbConnections',
  responseTimeP95Ms: 'responseTimeP95',
  errorRatePercent: 'errorRate',
  dbSizeMb: 'dbStorage',
  conversationsPerMonth: 'conversations',
} as const satisfies Record<MetricKey, string>;

/** The metric behind each indicator's value (DB connections also uses dbMaxConnections). */
export const INDICATOR_METRIC = {
  cpu: 'cpuPercent',
  memory: 'memoryPercent',
  dbConnections: 'dbConnections',
  responseTimeP95: 'responseTimeP95Ms',
  errorRate: 'errorRatePercent',
  dbStorage: 'dbSizeMb',
  conversations: 'conversationsPerMonth',
} as const satisfies Record<(typeof METRIC_TO_INDICATOR)[MetricKey], MetricKey>;

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
