import type {
  MetricKey,
  MetricQuality,
  MetricsSnapshot,
  SNAPSHOT_METRIC_KEYS,
} from '../domain/metrics.js';

export const METRICS_SOURCE_KINDS = ['cloudwatch', 'file', 'url', 'postgres', 'composite'] as const;
export type MetricsSourceKind = (typeof METRICS_SOURCE_KINDS)[number];

/** Every key a source may put in a snapshot (the indicator metrics and the supplementary ones). */
export type SnapshotMetricKey = (typeof SNAPSHOT_METRIC_KEYS)[number];

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
  /**
   * Channel-safe: "CloudWatch, us-east-1, 7 days to Mon 09:00 UTC". Never a secret, a file path or
   * a host (it is shown in Slack); a cached value older than the TTL says how old it is.
   */
  description: string;
  /**
   * For the CLI and the logs only, never a channel: where exactly the numbers came from ("file
   * /srv/week.json", "PostgreSQL app@db.example.com:5432/app, sslmode=require"). Never a secret.
   */
  detail?: string;
  /** GetMetricData requests sent for this result (0 for file and URL sources, and for cache hits). */
  apiCalls: number;
  /** Metrics requested (MetricStat queries; GetMetricData is billed per metric); 0 on a cache hit. */
  metricsRequested: number;
  /** True when the result came from the in-process cache (no API call, no cost). */
  cached?: boolean;
  /** How old a cached result is (milliseconds since it was fetched); absent for a fresh fetch. */
  ageMs?: number;
  /** True when a cached result is older than the cache TTL (served while one refresh runs). */
  stale?: boolean;
  window?: MetricsWindow;
  /** With several sources: the metrics this one supplies to the review. */
  metrics?: SnapshotMetricKey[];
  /** With several sources: why this one failed (channel-safe, one line); its metrics are unknown. */
  failed?: string;
  /** With several sources (kind `composite`): each source, in configuration order. */
  sources?: MetricsSourceInfo[];
}

/** A source that failed while the others answered (the review is degraded, not refused). */
export interface MetricsSourceFailure {
  /** "PostgreSQL" */
  source: string;
  /** The source's one-line, channel-safe error message. */
  message: string;
  metrics: SnapshotMetricKey[];
  /** The error itself, with the details a channel must not see (for the logs). */
  cause?: unknown;
}

export interface MetricsResult {
  /** Only metrics with data; a missing key is `unknown` for the engine, never `ok`. */
  snapshot: MetricsSnapshot;
  series: Partial<Record<MetricKey, MetricSeries>>;
  quality: MetricQuality[];
  source: MetricsSourceInfo;
  /** Where derived values come from ("dbMaxConnections 225: estimated from db.t3.small ..."). */
  notes: string[];
  /** Sources that failed in a review with several (absent or empty: none failed). */
  failures?: MetricsSourceFailure[];
  /**
   * The cache's id of these numbers, as they are shown (see MetricsPeek.version); absent when the
   * result is not cached (TTL 0) or, with several sources, one of them failed.
   */
  version?: string;
}

/**
 * The share of the TTL after which a cached source refreshes a value in the background (then
 * `MetricsPeek.refreshDue`); what is computed from its numbers (the shared status answers) is
 * refreshed at the same share.
 */
export const REFRESH_AHEAD = 0.75;

/** What the cache would serve for a request right now, read from memory without any I/O. */
export interface MetricsPeek {
  /**
   * Equal versions are the same numbers described the same way: a refresh that brings back the
   * same numbers keeps the version, so answers computed from it stay valid.
   */
  version: string;
  /** Described as stale ("as of 09:41 UTC"): its refresh is late, STALE_LABEL_AFTER_MS past the TTL. */
  stale: boolean;
  /** A fetch now would start a background refresh (the value is near or past the TTL). */
  refreshDue: boolean;
}

/**
 * Where the review's numbers come from. `fetch` resolves with a result or rejects with
 * MetricsNotConfiguredError, MetricsThrottledError, MetricsUnavailableError or SnapshotError
 * (all in errors.ts).
 */
export interface MetricsSource {
  readonly kind: MetricsSourceKind;
  /** A one-line, secret-free description for logs and `status` output (may name a host or path). */
  describe(): string;
  fetch(request: MetricsRequest): Promise<MetricsResult>;
  /** Results for requests with the same key are interchangeable (used by the cache). */
  cacheKey?(request: MetricsRequest): string;
  /**
   * Cached sources only: what a fetch would serve now, without I/O or side effects (null: a fetch
   * would have to wait for the source). The answer in a slash command's ack rests on it.
   */
  peek?(request: MetricsRequest): MetricsPeek | null;
  /** Releases connections (the PostgreSQL pool); the source is unusable afterwards. */
  close?(): Promise<void>;
}
