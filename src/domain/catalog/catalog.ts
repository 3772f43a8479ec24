import {
  type CatalogShape,
  NON_NEGATIVE_BOUNDS,
  PERCENT_BOUNDS,
  POSITIVE_BOUNDS,
  POSITIVE_COUNT_BOUNDS,
} from './shape.js';

/**
 * The metric catalog: every indicator of the review, in review order, with the metrics it reads
 * and how it is named, measured, bounded, judged and charted. The one place these facts live: the
 * plan schema's indicator keys, the snapshot schema, the engine's readings and indicators, the
 * composite source's labels and the digest chart are derived from it (docs/architecture.md,
 * "Adding an indicator"). The plan's numbers (thresholds, responses) stay in
 * plan/default-plan.ts, and each metrics source's query in its adapter.
 */
export const METRIC_CATALOG = {
  indicators: [
    {
      key: 'cpu',
      role: 'saturation',
      kind: 'panel',
      label: 'Server CPU',
      unit: '%',
      worse: 'up',
      value: { key: 'cpuPercent', shortLabel: 'CPU', bounds: PERCENT_BOUNDS },
      limit: null,
      peak: 'cpuMaxPercent',
    },
    {
      key: 'memory',
      role: 'saturation',
      kind: 'panel',
      label: 'Memory',
      unit: '%',
      worse: 'up',
      value: {
        key: 'memoryPercent',
        shortLabel: 'memory',
        bounds: PERCENT_BOUNDS,
        // A running server holds its runtime in memory.
        plausible: { max: null, zero: false },
      },
      limit: null,
      peak: null,
    },
    {
      key: 'dbConnections',
      role: 'saturation',
      kind: 'panel',
      label: 'Database Connections',
      unit: 'connections',
      worse: 'up',
      value: { key: 'dbConnections', shortLabel: 'DB connections', bounds: NON_NEGATIVE_BOUNDS },
      limit: {
        key: 'dbMaxConnections',
        shortLabel: 'DB connection limit',
        bounds: POSITIVE_BOUNDS,
        name: 'pool maximum',
      },
      peak: null,
    },
    {
      key: 'responseTimeP95',
      role: 'symptom',
      kind: 'panel',
      label: 'Response Time P95',
      unit: 'ms',
      worse: 'up',
      value: {
        key: 'responseTimeP95Ms',
        shortLabel: 'P95',
        bounds: NON_NEGATIVE_BOUNDS,
        // Load balancers and clients give up on a request long before ten minutes.
        plausible: { max: 600_000, zero: true },
      },
      limit: null,
      peak: null,
    },
    {
      key: 'errorRate',
      role: 'symptom',
      kind: 'panel',
      label: 'Error Rate',
      unit: '%',
      worse: 'up',
      value: { key: 'errorRatePercent', shortLabel: 'errors', bounds: PERCENT_BOUNDS },
      limit: null,
      peak: null,
    },
    {
      key: 'dbStorage',
      role: 'storage',
      kind: 'stage',
      label: 'Database Storage',
      unit: 'MB',
      worse: 'up',
      value: { key: 'dbSizeMb', shortLabel: 'DB size', bounds: NON_NEGATIVE_BOUNDS },
      limit: null,
      peak: null,
    },
    {
      key: 'conversations',
      role: 'volume',
      kind: 'stage',
      label: 'Conversations',
      unit: 'conversations/month',
      worse: 'up',
      value: {
        key: 'conversationsPerMonth',
        shortLabel: 'conversations',
        bounds: NON_NEGATIVE_BOUNDS,
      },
      limit: null,
      peak: null,
    },
  ],
  /**
   * Metrics that refine the advice but feed no indicator of their own: the busiest instance's CPU
   * beside the fleet average (an auto-scaling group's average hides a stuck instance) and the
   * number of application servers in service (for server sizing). A missing one is no gap.
   */
  supplementary: [
    { key: 'cpuMaxPercent', shortLabel: 'busiest-server CPU', bounds: PERCENT_BOUNDS },
    { key: 'serverCount', shortLabel: 'servers', bounds: POSITIVE_COUNT_BOUNDS },
  ],
} as const satisfies CatalogShape;

type RealIndicator = (typeof METRIC_CATALOG.indicators)[number];

export type IndicatorKey = RealIndicator['key'];
/** Indicators judged against the plan's `thresholds`. */
export type PanelIndicatorKey = Extract<RealIndicator, { kind: 'panel' }>['key'];
/** Indicators judged against the current stage. */
export type StageIndicatorKey = Extract<RealIndicator, { kind: 'stage' }>['key'];
/** The metrics the indicators read (their values and limits). */
export type MetricKey =
  | RealIndicator['value']['key']
  | NonNullable<Extract<RealIndicator, { limit: object }>['limit']>['key'];
export type SupplementaryMetricKey = (typeof METRIC_CATALOG.supplementary)[number]['key'];

/** A catalog with today's keys: the real one, or a test's that stands in for it. */
export type MetricCatalog = CatalogShape<
  PanelIndicatorKey,
  StageIndicatorKey,
  MetricKey,
  SupplementaryMetricKey
>;

export type IndicatorSpec = MetricCatalog['indicators'][number];
