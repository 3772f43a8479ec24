import {
  type IndicatorSpec,
  METRIC_CATALOG,
  type MetricCatalog,
  type MetricKey,
  type PanelIndicatorKey,
  type StageIndicatorKey,
  type SupplementaryMetricKey,
} from '../catalog/catalog.js';
import type { LimitSpec } from '../catalog/shape.js';
import type { DbSize, Plan, Stage } from '../plan/schema.js';
import type { Indicator, IndicatorStatus } from '../review-types.js';
import { connectionsText, formatIndicatorValue, indicatorText } from './indicator-text.js';
import type { MetricReading, UnknownCause } from './readings.js';
import {
  conversationLimits,
  indicatorLabel,
  type Limits,
  panelLimits,
  shareLimits,
  statusFor,
  storageLimits,
} from './thresholds.js';

/** The readings of the metrics the catalog's indicators read: values and limits, and any peaks. */
export type Readings = Record<MetricKey, MetricReading> &
  Partial<Record<SupplementaryMetricKey, MetricReading>>;

export interface IndicatorContext {
  plan: Plan;
  stage: Stage;
  readings: Readings;
  /** The database's current tier, when it has one: its storage is the DB storage limit. */
  tier: DbSize | null;
}

/** An indicator plus why it is unknown, for the data-quality summary. */
export interface BuiltIndicator {
  indicator: Indicator;
  cause: UnknownCause | null;
}

/**
 * An indicator the engine cannot judge: today it judges every indicator as "higher is worse", so
 * a catalog entry that gets worse going down is refused rather than judged upside down.
 */
export class UnsupportedIndicatorError extends Error {
  override readonly name = 'UnsupportedIndicatorError';
  constructor(key: string, options?: { cause?: unknown }) {
    super(`indicator ${key} gets worse going down; the engine judges only 'up'`, options);
  }
}

function joinNotes(reason: string | null, remarks: readonly string[]): string | undefined {
  const notes = [...(reason === null ? [] : [reason]), ...remarks];
  return notes.length > 0 ? notes.join('; ') : undefined;
}

function assemble(
  ctx: IndicatorContext,
  spec: IndicatorSpec,
  reading: MetricReading,
  limits: Limits | null,
  text: (status: IndicatorStatus) => string,
  average: number | null = null,
): BuiltIndicator {
  const status: IndicatorStatus =
    reading.value === null || limits === null ? 'unknown' : statusFor(reading.value, limits);
  const note = joinNotes(reading.reason, reading.remarks);
  const indicator: Indicator = {
    key: spec.key,
    label: indicatorLabel(ctx.plan, spec),
    value: reading.value,
    unit: spec.unit,
    threshold: limits?.over ?? null,
    approachingAt: limits?.approaching ?? null,
    critical: limits?.critical ?? null,
    thresholdSource: limits?.source ?? { kind: 'panel' },
    status,
    delta: null,
    text: text(status),
    ...(note === undefined ? {} : { note }),
    ...(average === null ? {} : { average }),
  };
  return { indicator, cause: reading.cause };
}

/**
 * The busiest instance, when the source reports it above the fleet average: the value judged (a
 * stuck instance is a problem the average hides), with the average kept for sizing.
 */
function busiest(
  ctx: IndicatorContext,
  spec: IndicatorSpec,
  average: number | null,
): number | null {
  const peak = spec.peak === null ? null : (ctx.readings[spec.peak]?.value ?? null);
  if (average === null || peak === null || peak <= average) return null;
  return peak;
}

/** Judged on its own value against the plan's thresholds (or a lower stage trigger). */
function panelIndicator(
  ctx: IndicatorContext,
  spec: IndicatorSpec & { key: PanelIndicatorKey },
): BuiltIndicator {
  const average = ctx.readings[spec.value.key];
  const peak = busiest(ctx, spec, average.value);
  const reading: MetricReading = peak === null ? average : { ...average, value: peak };
  const limits = panelLimits(ctx.plan, ctx.stage, spec.key);
  const suffix =
    peak === null || average.value === null
      ? ''
      : ` busiest instance, fleet average ${formatIndicatorValue(spec.unit, average.value)}`;
  return assemble(
    ctx,
    spec,
    reading,
    limits,
    (status) =>
      indicatorText({
        label: indicatorLabel(ctx.plan, spec),
        unit: spec.unit,
        value: reading.value,
        limits,
        status,
        reason: reading.reason,
        valueSuffix: suffix,
      }),
    peak === null ? null : average.value,
  );
}

/** Judged as a share of its limit: DB connections against the pool maximum. */
function shareIndicator(
  ctx: IndicatorContext,
  spec: IndicatorSpec & { key: PanelIndicatorKey },
  limit: LimitSpec<MetricKey>,
): BuiltIndicator {
  const label = indicatorLabel(ctx.plan, spec);
  const count = ctx.readings[spec.value.key];
  const max = ctx.readings[limit.key];
  const reading: MetricReading =
    count.value !== null && max.value === null
      ? {
          value: null,
          cause: max.cause,
          reason: max.cause === 'missing' ? `${limit.name} unknown` : `${limit.name} ${max.reason}`,
          remarks: [...count.remarks, ...max.remarks],
        }
      : { ...count, remarks: [...count.remarks, ...max.remarks] };
  const limits = max.value === null ? null : shareLimits(ctx.plan, spec.key, max.value);
  return assemble(ctx, spec, reading, limits, (status) => {
    if (reading.value === null || limits === null || max.value === null || status === 'unknown') {
      return `${label}: unknown (${reading.reason ?? 'no value'})`;
    }
    return connectionsText(label, reading.value, max.value, limits, status);
  });
}

/** Each stage indicator's limits: its own rule over the current stage. */
const STAGE_LIMITS = {
  dbStorage: (ctx) => storageLimits(ctx.plan, ctx.stage, ctx.tier),
  conversations: (ctx) => conversationLimits(ctx.plan, ctx.stage),
} as const satisfies Record<StageIndicatorKey, (ctx: IndicatorContext) => Limits>;

function stageIndicator(
  ctx: IndicatorContext,
  spec: IndicatorSpec & { key: StageIndicatorKey },
): BuiltIndicator {
  const reading = ctx.readings[spec.value.key];
  const limits = STAGE_LIMITS[spec.key](ctx);
  const noLimitText = `stage ${ctx.stage.number} has no upper limit`;
  const label = indicatorLabel(ctx.plan, spec);
  const beyond = spec.key === 'dbStorage' ? beyondLargestTier(ctx, reading.value) : null;
  return assemble(ctx, spec, reading, limits, (status) =>
    beyond !== null && reading.value !== null
      ? `${label}: ${formatIndicatorValue(spec.unit, reading.value)} (critical: ${beyond})`
      : indicatorText({
          label,
          unit: spec.unit,
          value: reading.value,
          limits,
          status,
          reason: reading.reason,
          noLimitText,
        }),
  );
}

/** "beyond the plan's largest tier (XLarge, 1 TB)" when the database outgrew every tier. */
function beyondLargestTier(ctx: IndicatorContext, sizeMb: number | null): string | null {
  if (sizeMb === null || ctx.tier === null) return null;
  const largest = largestTier(ctx.plan);
  if (largest === null || largest.name !== ctx.tier.name) return null;
  if (sizeMb <= largest.storageGb * 1024) return null;
  return `beyond the plan's largest tier (${largest.name}, ${formatIndicatorValue('MB', largest.storageGb * 1024)})`;
}

export function largestTier(plan: Plan): DbSize | null {
  return plan.dbSizes.reduce<DbSize | null>(
    (big, t) => (big === null || t.storageGb > big.storageGb ? t : big),
    null,
  );
}

/**
 * Every indicator of the catalog, in its order. A missing, invalid or stale metric is `unknown`,
 * never `ok`.
 */
export function buildIndicators(
  ctx: IndicatorContext,
  catalog: MetricCatalog = METRIC_CATALOG,
): BuiltIndicator[] {
  return catalog.indicators.map((spec) => {
    if (spec.worse !== 'up') throw new UnsupportedIndicatorError(spec.key);
    if (spec.kind === 'stage') return stageIndicator(ctx, spec);
    if (spec.limit !== null) return shareIndicator(ctx, spec, spec.limit);
    return panelIndicator(ctx, spec);
  });
}
