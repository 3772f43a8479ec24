import type { MetricCatalog, MetricKey } from '../catalog/catalog.js';
import { formatNumber, formatUtcDay, formatUtcTime } from '../format.js';
import type { MetricsSnapshot } from '../metrics.js';
import type { Readings } from './indicators.js';
import type { MetricReading, UnknownCause } from './readings.js';

const DAY_MS = 86_400_000;
/** A source's clock may run a little ahead; more than this is a snapshot from the future. */
export const FUTURE_SKEW_MS = 5 * 60_000;

/**
 * Problems of a snapshot as a whole (docs/plan.md, "Data honesty"), each making readings unknown
 * with its reason, never believed:
 * - `capturedAt` older than one review interval before the review, or in the future: every metric;
 * - a share above its limit (180 connections on a pool of 100): that indicator;
 * - every load reading exactly 0 (CPU, memory, connections, P95, errors): the source is not
 *   measuring, so all of them.
 */
export function checkSnapshot(
  readings: Readings,
  snapshot: MetricsSnapshot,
  input: { at: Date; intervalDays: number; catalog: MetricCatalog },
): Readings {
  const captured = capturedProblem(snapshot, input.at, input.intervalDays);
  if (captured) return overrideAll(readings, input.catalog, captured.cause, captured.reason);
  const out: Readings = { ...readings };
  for (const [key, reason] of shareProblems(readings, input.catalog)) {
    out[key] = unknownReading(readings[key], 'invalid', reason);
  }
  const zeros = allZeroLoad(snapshot, input.catalog);
  for (const key of zeros) {
    out[key] = unknownReading(
      readings[key],
      'invalid',
      'every load reading is 0: the source is probably not measuring',
    );
  }
  return out;
}

function unknownReading(was: MetricReading, cause: UnknownCause, reason: string): MetricReading {
  return { value: null, cause, reason, remarks: was.remarks };
}

function capturedProblem(
  snapshot: MetricsSnapshot,
  at: Date,
  intervalDays: number,
): { cause: UnknownCause; reason: string } | null {
  if (snapshot.capturedAt === undefined) return null;
  const captured = new Date(snapshot.capturedAt);
  const ms = captured.getTime();
  if (!Number.isFinite(ms)) return null;
  const when = `${formatUtcDay(captured)} ${formatUtcTime(captured)} UTC`;
  if (ms - at.getTime() > FUTURE_SKEW_MS) {
    return {
      cause: 'invalid',
      reason: `captured in the future (${when}): check the source's clock`,
    };
  }
  if (at.getTime() - ms > intervalDays * DAY_MS) {
    return {
      cause: 'stale',
      reason: `stale: captured ${when}, older than ${intervalDays} days`,
    };
  }
  return null;
}

function overrideAll(
  readings: Readings,
  catalog: MetricCatalog,
  cause: UnknownCause,
  reason: string,
): Readings {
  const out: Readings = { ...readings };
  for (const spec of catalog.indicators) {
    out[spec.value.key] = unknownReading(readings[spec.value.key], cause, reason);
  }
  return out;
}

/** "180 connections exceed the pool maximum of 100": a share above its whole cannot be read. */
function shareProblems(readings: Readings, catalog: MetricCatalog): [MetricKey, string][] {
  return catalog.indicators.flatMap((spec): [MetricKey, string][] => {
    if (spec.limit === null) return [];
    const value = readings[spec.value.key].value;
    const max = readings[spec.limit.key].value;
    if (value === null || max === null || value <= max) return [];
    const unit = spec.unit === 'connections' ? ' connections' : '';
    return [
      [
        spec.value.key,
        `${formatNumber(value)}${unit} exceed the ${spec.limit.name} of ${formatNumber(max)}: the metric is broken`,
      ],
    ];
  });
}

/** The load metrics (saturation and symptoms) when every one present reads exactly 0. */
function allZeroLoad(snapshot: MetricsSnapshot, catalog: MetricCatalog): MetricKey[] {
  const load = catalog.indicators
    .filter((spec) => spec.role === 'saturation' || spec.role === 'symptom')
    .map((spec) => spec.value.key);
  const present = load.filter((key) => typeof snapshot[key] === 'number');
  if (present.length < 2 || present.some((key) => snapshot[key] !== 0)) return [];
  return present;
}
