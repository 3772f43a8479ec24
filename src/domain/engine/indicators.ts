import { INDICATOR_METRIC, type MetricKey } from '../metrics.js';
import type { DbSize, IndicatorKey, Plan, Stage } from '../plan/schema.js';
import type { Indicator, IndicatorStatus } from '../review-types.js';
import { connectionsText, formatIndicatorValue, indicatorText } from './indicator-text.js';
import type { MetricReading, UnknownCause } from './readings.js';
import {
  connectionLimits,
  conversationLimits,
  INDICATOR_UNIT,
  indicatorLabel,
  type Limits,
  panelLimits,
  REVIEW_INDICATORS,
  statusFor,
  storageLimits,
} from './thresholds.js';

export type Readings = Record<MetricKey, MetricReading>;

export interface IndicatorContext {
  plan: Plan;
  stage: Stage;
  readings: Readings;
  /** The database's current tier, when it has one: its storage is the DB storage limit. */
  tier: DbSize | null;
  /** The busiest instance's CPU, when the source reports it beside the average. */
  cpuMaxPercent: number | null;
}

/** An indicator plus why it is unknown, for the data-quality summary. */
export interface BuiltIndicator {
  indicator: Indicator;
  cause: UnknownCause | null;
}

function joinNotes(reason: string | null, remarks: readonly string[]): string | undefined {
  const notes = [...(reason === null ? [] : [reason]), ...remarks];
  return notes.length > 0 ? notes.join('; ') : undefined;
}

function assemble(
  ctx: IndicatorContext,
  key: IndicatorKey,
  reading: MetricReading,
  limits: Limits | null,
  text: (status: IndicatorStatus) => string,
): BuiltIndicator {
  const status: IndicatorStatus =
    reading.value === null || limits === null ? 'unknown' : statusFor(reading.value, limits);
  const note = joinNotes(reading.reason, reading.remarks);
  const indicator: Indicator = {
    key,
    label: indicatorLabel(ctx.plan, key),
    value: reading.value,
    unit: INDICATOR_UNIT[key],
    threshold: limits?.over ?? null,
    approachingAt: limits?.approaching ?? null,
    critical: limits?.critical ?? null,
    thresholdSource: limits?.source ?? { kind: 'panel' },
    status,
    delta: null,
    text: text(status),
    ...(note === undefined ? {} : { note }),
  };
  return { indicator, cause: reading.cause };
}

/** ", busiest instance 97%": an average across instances hides a stuck one. */
function peakSuffix(average: number | null, peak: number | null): string {
  if (average === null || peak === null || peak <= average) return '';
  return ` average, busiest instance ${formatIndicatorValue('%', peak)}`;
}

function panelIndicator(
  ctx: IndicatorContext,
  key: 'cpu' | 'memory' | 'responseTimeP95' | 'errorRate',
): BuiltIndicator {
  const reading = ctx.readings[INDICATOR_METRIC[key]];
  const limits = panelLimits(ctx.plan, ctx.stage, key);
  const label = indicatorLabel(ctx.plan, key);
  const peak = key === 'cpu' ? peakSuffix(reading.value, ctx.cpuMaxPercent) : '';
  return assemble(ctx, key, reading, limits, (status) =>
    indicatorText({
      label,
      unit: INDICATOR_UNIT[key],
      value: reading.value,
      limits,
      status,
      reason: reading.reason,
      valueSuffix: peak,
    }),
  );
}

function connectionsIndicator(ctx: IndicatorContext): BuiltIndicator {
  const label = indicatorLabel(ctx.plan, 'dbConnections');
  const count = ctx.readings.dbConnections;
  const max = ctx.readings.dbMaxConnections;
  const reading: MetricReading =
    count.value !== null && max.value === null
      ? {
          value: null,
          cause: max.cause,
          reason: max.cause === 'missing' ? 'pool maximum unknown' : `pool maximum ${max.reason}`,
          remarks: [...count.remarks, ...max.remarks],
        }
      : { ...count, remarks: [...count.remarks, ...max.remarks] };
  const limits = max.value === null ? null : connectionLimits(ctx.plan, max.value);
  return assemble(ctx, 'dbConnections', reading, limits, (status) => {
    if (reading.value === null || limits === null || max.value === null || status === 'unknown') {
      return `${label}: unknown (${reading.reason ?? 'no value'})`;
    }
    return connectionsText(label, reading.value, max.value, limits, status);
  });
}

function stageIndicator(ctx: IndicatorContext, key: 'dbStorage' | 'conversations'): BuiltIndicator {
  const reading = ctx.readings[INDICATOR_METRIC[key]];
  const limits =
    key === 'dbStorage'
      ? storageLimits(ctx.plan, ctx.stage, ctx.tier)
      : conversationLimits(ctx.plan, ctx.stage);
  const label = indicatorLabel(ctx.plan, key);
  const noLimitText = `stage ${ctx.stage.number} has no upper limit`;
  const built = assemble(ctx, key, reading, limits, (status) =>
    indicatorText({
      label,
      unit: INDICATOR_UNIT[key],
      value: reading.value,
      limits,
      status,
      reason: reading.reason,
      noLimitText,
    }),
  );
  return built;
}

/** The seven indicators, in review order. A missing, invalid or stale metric is `unknown`, never `ok`. */
export function buildIndicators(ctx: IndicatorContext): BuiltIndicator[] {
  return REVIEW_INDICATORS.map((key) => {
    switch (key) {
      case 'dbConnections':
        return connectionsIndicator(ctx);
      case 'dbStorage':
      case 'conversations':
        return stageIndicator(ctx, key);
      default:
        return panelIndicator(ctx, key);
    }
  });
}
