import type { MetricCatalog, MetricKey, SupplementaryMetricKey } from '../catalog/catalog.js';
import type { IndicatorUnit, Plausible, ValueBounds } from '../catalog/shape.js';
import type { MetricQuality, MetricsSnapshot } from '../metrics.js';
import { formatIndicatorValue } from './indicator-text.js';

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

/** One metric as the engine reads it: the catalog's key and bounds, in its indicator's unit. */
export interface MetricToRead {
  key: MetricKey | SupplementaryMetricKey;
  bounds: ValueBounds;
  unit: IndicatorUnit;
  /** How a problem names it: "pool maximum". */
  name: string;
  plausible?: Plausible;
}

/**
 * What the engine reads for a catalog's indicators: each value, its limit, and the peak shown
 * beside it, each named and bounded by its entry.
 */
export function metricsToRead(catalog: MetricCatalog): MetricToRead[] {
  return catalog.indicators.flatMap((spec) => {
    const { unit, value, limit } = spec;
    const peaks = catalog.supplementary.filter((metric) => metric.key === spec.peak);
    return [
      {
        key: value.key,
        bounds: value.bounds,
        unit,
        name: spec.label,
        ...(value.plausible ? { plausible: value.plausible } : {}),
      },
      ...(limit === null ? [] : [{ key: limit.key, bounds: limit.bounds, unit, name: limit.name }]),
      ...peaks.map((peak) => ({ key: peak.key, bounds: peak.bounds, unit, name: peak.shortLabel })),
    ];
  });
}

/** Why a reading cannot be true, by the catalog's bounds (null when it can). */
function boundsProblem(metric: MetricToRead, raw: number): string | null {
  const { bounds } = metric;
  if (raw < bounds.min)
    return `invalid value (${raw}: ${bounds.min === 0 ? 'negative' : `below ${bounds.min}`})`;
  if (bounds.max !== null && raw > bounds.max)
    return `invalid value (${raw}: above ${formatIndicatorValue(metric.unit, bounds.max)})`;
  if (bounds.minExcluded && raw === bounds.min)
    return `invalid value (${raw}: the ${metric.name} must be > ${bounds.min})`;
  if (bounds.whole && !Number.isInteger(raw)) return `invalid value (${raw}: not a whole number)`;
  return null;
}

/** Why a valid reading cannot come from a working system (null when it can). */
function plausibilityProblem(metric: MetricToRead, raw: number): string | null {
  const { plausible } = metric;
  if (plausible === undefined) return null;
  if (plausible.max !== null && raw > plausible.max) {
    return `impossible reading (${formatIndicatorValue(metric.unit, raw)}: above ${formatIndicatorValue(metric.unit, plausible.max)})`;
  }
  if (!plausible.zero && raw === 0) {
    return `impossible reading (${formatIndicatorValue(metric.unit, 0)}: a working system does not report 0)`;
  }
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
  metric: MetricToRead,
  quality: readonly MetricQuality[],
): MetricReading {
  const { key } = metric;
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
  const invalid = boundsProblem(metric, raw) ?? plausibilityProblem(metric, raw);
  if (invalid !== null) return unknown('invalid', invalid, remarks);

  const stale = facts.find((q) => q.issue === 'stale');
  if (stale) return unknown('stale', withDetail('stale', stale.detail), remarks);

  return { value: raw, cause: null, reason: null, remarks };
}
