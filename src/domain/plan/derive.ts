import { METRIC_CATALOG } from '../catalog/catalog.js';
import { DEFAULT_PLAN } from './default-plan.js';

/**
 * What a plan override leaves out but its `over` moves (docs/plan.md, "Thresholds you lower or
 * raise"). A threshold given with `over` alone gets:
 * - `approaching` at the default's proportion of `over` (CPU: 73/75 of it, so `over: 70` gives
 *   68.1): the warning band keeps its width relative to the threshold;
 * - `critical` kept at its default while it is still at or above `over`; once `over` passes it,
 *   at the default's proportion of `over` (CPU: 90/75), at most 100 for a percentage;
 * - for CPU, `sizing.targetPercent` likewise: kept while at or under `over`, else at the default's
 *   proportion of it (65/75).
 * A value the override gives is never changed: the schema then says what is wrong with it.
 */

type Json = Record<string, unknown>;

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Three significant digits: 68.1, 380, 0.05. */
function rounded(value: number): number {
  return Number(value.toPrecision(3));
}

/** Thresholds measured in percent (of 100, or of a limit such as the pool maximum). */
const PERCENT_THRESHOLDS: ReadonlySet<string> = new Set(
  METRIC_CATALOG.indicators
    .filter((spec) => spec.unit === '%' || spec.limit !== null)
    .map((spec) => spec.key),
);

function defaultNumber(path: readonly string[]): number | null {
  const value = path.reduce<unknown>(
    (node, key) => (isPlainObject(node) ? node[key] : undefined),
    DEFAULT_PLAN,
  );
  return isNumber(value) ? value : null;
}

/** `value`'s default scaled by `over` / the default `over`, or null when there is no default. */
function proportional(path: readonly string[], over: number, defaultOver: number): number | null {
  const value = defaultNumber(path);
  return value === null || defaultOver <= 0 ? null : rounded((over * value) / defaultOver);
}

function deriveThreshold(key: string, given: Json, merged: Json): void {
  const over = given.over;
  const defaultOver = defaultNumber(['thresholds', key, 'over']);
  if (!isNumber(over) || defaultOver === null) return;
  if (given.approaching === undefined) {
    const approaching = proportional(['thresholds', key, 'approaching'], over, defaultOver);
    if (approaching !== null) merged.approaching = Math.min(approaching, over);
  }
  if (given.critical === undefined && isNumber(merged.critical) && merged.critical < over) {
    const critical = proportional(['thresholds', key, 'critical'], over, defaultOver);
    const cap = PERCENT_THRESHOLDS.has(key) ? Math.max(100, over) : Number.POSITIVE_INFINITY;
    if (critical !== null) merged.critical = Math.max(over, Math.min(critical, cap));
  }
}

function deriveSizingTarget(override: Json, merged: Json): void {
  const thresholds = isPlainObject(override.thresholds) ? override.thresholds : {};
  const cpu = isPlainObject(thresholds.cpu) ? thresholds.cpu : {};
  const givenSizing = isPlainObject(override.sizing) ? override.sizing : {};
  const { sizing } = merged;
  const over = cpu.over;
  const defaultOver = defaultNumber(['thresholds', 'cpu', 'over']);
  if (!isNumber(over) || defaultOver === null || !isPlainObject(sizing)) return;
  const target = sizing.targetPercent;
  if (givenSizing.targetPercent !== undefined || !isNumber(target) || target <= over) return;
  const derived = proportional(['sizing', 'targetPercent'], over, defaultOver);
  sizing.targetPercent = Math.min(derived ?? over, over);
}

/**
 * Fills in, on the merged plan (mutated), the values the override did not give but its
 * thresholds' `over` moves. `override` is the file's `plan` mapping (without `stages`).
 */
export function deriveFromOver(merged: unknown, override: Json): void {
  if (!isPlainObject(merged) || !isPlainObject(merged.thresholds)) return;
  const thresholds = override.thresholds;
  if (isPlainObject(thresholds)) {
    for (const [key, given] of Object.entries(thresholds)) {
      const target = merged.thresholds[key];
      if (isPlainObject(given) && isPlainObject(target)) deriveThreshold(key, given, target);
    }
  }
  deriveSizingTarget(override, merged);
}
