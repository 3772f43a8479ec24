import type { MetricKey, MetricQuality, MetricsSnapshot } from '../metrics.js';

/** Why a metric value cannot be used. */
export const UNKNOWN_CAUSES = ['missing', 'invalid', 'stale', 'noTraffic'] as const;
export type UnknownCause = (typeof UNKNOWN_CAUSES)[number];

/** One metric of the snapshot after validation and data-quality facts. */
export interface MetricReading {
  /** The usable value, or null (then `cause` and `reason` say why). */
  value: number | null;
  cause: UnknownCause | null;
  /** Human reason for an unknown value: "no datapoints", "stale: ...". */
  reason: string | null;
  /** Remarks that keep the value (a partial window). */
  remarks: string[];
}

export const NO_TRAFFIC_NOTE = 'no traffic: the load balancer published no requests';

const PERCENT_KEYS: ReadonlySet<MetricKey> = new Set([
  'cpuPercent',
  'memoryPercent',
  'errorRatePercent',
]);

function rangeProblem(key: MetricKey, raw: number): string | null {
  if (raw < 0) return `invalid value (${raw}: negative)`;
  if (PERCENT_KEYS.has(key) && raw > 100) return `invalid value (${raw}: above 100%)`;
  if (key === 'dbMaxConnections' && raw === 0)
    return 'invalid value (0: the pool maximum must be > 0)';
  return null;
}

function withDetail(prefix: string, detail: string): string {
  return detail.trim() === '' ? prefix : `${prefix}: ${detail}`;
}

function unknown(cause: UnknownCause, reason: string, remarks: string[]): MetricReading {
  return { value: null, cause, reason, remarks };
}

/**
 * Reads one metric: a missing, invalid, stale or no-traffic metric has no usable value (the
 * indicator will be `unknown`, never `ok`); a partial window keeps the value with a remark.
 * The snapshot is re-checked here because the engine must stay safe for callers that skipped zod.
 */
export function readMetric(
  snapshot: MetricsSnapshot,
  key: MetricKey,
  quality: readonly MetricQuality[],
): MetricReading {
  const facts = quality.filter((q) => q.metric === key);
  const remarks = facts
    .filter((q) => q.issue === 'partial')
    .map((q) => withDetail('partial window', q.detail));
  const noTraffic = facts.find((q) => q.issue === 'noTraffic');
  if (noTraffic) return unknown('noTraffic', NO_TRAFFIC_NOTE, remarks);

  const raw: unknown = snapshot[key];
  if (raw === undefined || raw === null) {
    const noData = facts.find((q) => q.issue === 'noData');
    const reason = noData ? withDetail('no datapoints', noData.detail) : 'no datapoints';
    return unknown('missing', reason, remarks);
  }
  if (typeof raw !== 'number' || !Number.isFinite(raw)) {
    return unknown('invalid', `invalid value (${String(raw)})`, remarks);
  }
  const invalid = rangeProblem(key, raw);
  if (invalid !== null) return unknown('invalid', invalid, remarks);

  const stale = facts.find((q) => q.issue === 'stale');
  if (stale) return unknown('stale', withDetail('stale', stale.detail), remarks);

  return { value: raw, cause: null, reason: null, remarks };
}
