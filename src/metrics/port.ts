import type { MetricKey, MetricQuality, MetricsSnapshot } from '../domain/metrics.js';

export const METRICS_SOURCE_KINDS = ['cloudwatch', 'file', 'url'] as const;
export type MetricsSourceKind = (typeof METRICS_SOURCE_KINDS)[number];

export interface MetricsRequest {
  /** The review time; a CloudWatch window ends at `now` aligned down to the period. */
  now: Date;
}

/** The time series behind one snapshot value (ISO timestamps of period starts, converted values). */
export interface MetricSeries {
  timestamps: string[];
  values: number[];
}

export interface MetricsWindow {
  /** Start of the indicator window (ISO). */
  start: string;
  /** End of the window (ISO), aligned to the period. */
  end: string;
  periodSeconds: number;
}

export interface MetricsSourceInfo {
  kind: MetricsSourceKind;
  /** "CloudWatch, us-east-1, 7 days to Mon 09:00 UTC"; never contains secrets. */
  description: string;
  /** GetMetricData requests sent for this result (0 for file and URL sources, and for cache hits). */
  apiCalls: number;
  /** Metrics requested (MetricStat queries; GetMetricData is billed per metric); 0 on a cache hit. */
  metricsRequested: number;
  /** True when the result came from the in-process cache (no API call, no cost). */
  cached?: boolean;
  window?: MetricsWindow;
}

export interface MetricsResult {
  /** Only metrics with data; a missing key is `unknown` for the engine, never `ok`. */
  snapshot: MetricsSnapshot;
  series: Partial<Record<MetricKey, MetricSeries>>;
  quality: MetricQuality[];
  source: MetricsSourceInfo;
  /** Where derived values come from ("dbMaxConnections 225: estimated from db.t3.small ..."). */
  notes: string[];
}

/**
 * Where the review's numbers come from. `fetch` resolves with a result or rejects with
 * MetricsNotConfiguredError, MetricsThrottledError, MetricsUnavailableError or SnapshotError.
 */
export interface MetricsSource {
  readonly kind: MetricsSourceKind;
  /** A one-line, secret-free description for logs and `status` output. */
  describe(): string;
  fetch(request: MetricsRequest): Promise<MetricsResult>;
  /** Results for requests with the same key are interchangeable (used by the cache). */
  cacheKey?(request: MetricsRequest): string;
}
