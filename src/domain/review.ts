import type { MetricCatalog } from './catalog/catalog.js';
import { buildRecommendations } from './engine/actions.js';
import { assess } from './engine/assess.js';
import { forecastConversations } from './engine/conversation-forecast.js';
import { buildDataQuality } from './engine/data-quality.js';
import type { StorageProjection } from './engine/drafts.js';
import { forecastTrend } from './engine/forecast.js';
import { buildHeadline } from './engine/headline.js';
import {
  confirmAll,
  indicatorIn,
  type JudgedPeriod,
  judgePast,
  type PastObservation,
  previousOf,
  seriesOf,
} from './engine/history.js';
import { formatIndicatorDelta } from './engine/indicator-text.js';
import type { InfrastructureInput } from './engine/infrastructure.js';
import { stageRef } from './engine/stage.js';
import { DAYS_PER_MONTH, estimateGrowth, type GrowthEstimate } from './growth.js';
import type { MetricQuality, MetricsSnapshot } from './metrics.js';
import { periodOf, type ReviewPeriod } from './period.js';
import type { Plan } from './plan/schema.js';
import type { Forecast, Indicator, Review } from './review-types.js';

export type { PastObservation } from './engine/history.js';
export type { InfrastructureInput } from './engine/infrastructure.js';

export interface ReviewOptions {
  /** When the snapshot's metrics were observed: the review's time and period. */
  now: Date;
  /** Data-quality facts from the metrics source. */
  quality?: readonly MetricQuality[];
  /**
   * The team's observations of earlier review periods (one per period; any order; the current
   * period's is the snapshot itself), for deltas, hysteresis, trends and forecasts. Undefined: no
   * history was read (hysteresis off, no deltas, no forecasts).
   */
  history?: readonly PastObservation[];
  /** Recommendation keys left out of the headline (snoozed). They stay in `recommendations`. */
  snoozedKeys?: readonly string[];
  /** What the team configured about its servers and database tier. */
  infrastructure?: InfrastructureInput;
  /** The indicators to review (default: the metric catalog; a test may add one). */
  catalog?: MetricCatalog;
}

const MS_PER_DAY = 86_400_000;

/** Thrown when `now` is not a valid Date. */
export class InvalidReviewClockError extends RangeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidReviewClockError';
  }
}

/** Rounds away binary noise (72 - 68.1 = 3.9000000000000057) without hiding real precision. */
function cleanDelta(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function withDelta(indicator: Indicator, previous: JudgedPeriod | null): Indicator {
  const before = previous ? indicatorIn(previous.assessment, indicator.key)?.value : null;
  if (indicator.value === null || before === null || before === undefined) return indicator;
  return { ...indicator, delta: cleanDelta(indicator.value - before) };
}

function forecastsOf(
  plan: Plan,
  indicators: readonly Indicator[],
  past: readonly JudgedPeriod[],
  stage: Parameters<typeof forecastConversations>[0]['stage'],
  period: ReviewPeriod,
  now: Date,
): { forecasts: Forecast[]; growth: GrowthEstimate | null } {
  const interval = plan.review.intervalDays;
  let growth: GrowthEstimate | null = null;
  const forecasts = indicators.flatMap((indicator): Forecast[] => {
    if (indicator.status === 'unknown') return [];
    const points = seriesOf(past, indicator, period, interval);
    if (indicator.key === 'conversations') {
      growth = estimateGrowth(points, plan);
      return [forecastConversations({ plan, stage, indicator, growth, now })];
    }
    return [forecastTrend({ plan, indicator, points, now })];
  });
  return { forecasts, growth };
}

const TRENDED = new Set(['rising', 'flat', 'falling', 'beyond', 'over']);

/**
 * Where DB storage is headed by the planning horizon (`growth.defaultMonths`, the seed's "in 3
 * months"): along its own trend when there is one, else at the observed conversations growth,
 * else at the plan's default growth.
 */
function projectStorage(
  plan: Plan,
  indicators: readonly Indicator[],
  forecasts: readonly Forecast[],
  growth: GrowthEstimate | null,
): StorageProjection | null {
  const storage = indicators.find((i) => i.key === 'dbStorage');
  if (!storage || storage.value === null) return null;
  const months = plan.growth.defaultMonths;
  const trend = forecasts.find((f) => f.indicator === 'dbStorage');
  if (trend && TRENDED.has(trend.status) && trend.rate !== null) {
    const perWeek = Math.max(0, trend.rate);
    return {
      projectedMb: storage.value + (perWeek * months * DAYS_PER_MONTH) / 7,
      horizonMonths: months,
      basis: `at ${formatIndicatorDelta('MB', perWeek)} a week, its trend over the last ${Math.max(1, Math.round(trend.spanWeeks))} weeks`,
    };
  }
  const observed = growth?.status === 'observed' ? growth.monthlyPercent : null;
  const percent = observed ?? plan.growth.defaultMonthlyPercent;
  return {
    projectedMb: storage.value * (1 + percent / 100) ** months,
    horizonMonths: months,
    basis:
      observed === null
        ? `at the plan's default ${percent}%/month growth`
        : `at the observed ${percent}%/month conversations growth`,
  };
}

/**
 * The scaling review of one observation against a plan and the team's earlier observations.
 * Pure: no I/O, no clock. See docs/plan.md for the rules (statuses, severity and hysteresis,
 * stage, triggers, one action with many reasons, sizing, forecasts, headline).
 */
export function review(snapshot: MetricsSnapshot, plan: Plan, options: ReviewOptions): Review {
  const nowMs = options.now.getTime();
  if (!Number.isFinite(nowMs))
    throw new InvalidReviewClockError('review: options.now is an invalid Date');
  const now = new Date(nowMs);
  const infra = options.infrastructure ?? {};
  const period = periodOf(now, plan.review.intervalDays);
  const current = assess(plan, snapshot, options.quality ?? [], infra, options.catalog);
  const past =
    options.history === undefined
      ? undefined
      : judgePast(plan, period, options.history, infra, options.catalog);
  const previous = past ? previousOf(past) : null;
  const indicators = current.built.map((b) => withDelta(b.indicator, previous));
  const { forecasts, growth } = past
    ? forecastsOf(plan, indicators, past, current.stage, period, now)
    : { forecasts: [], growth: null };
  const recommendations = buildRecommendations({
    plan,
    stage: current.stage,
    indicators,
    infrastructure: current.infrastructure,
    storage: projectStorage(plan, indicators, forecasts, growth),
    fired: current.fired,
    confirmations: confirmAll(plan, period, current, past),
    periodWord: plan.review.intervalDays === 7 ? 'week' : 'period',
  });
  return {
    generatedAt: now.toISOString(),
    period: { key: period.key, start: period.start.toISOString() },
    stage: stageRef(current.stage, current.basis),
    triggersFired: current.fired.map((f) => f.fired),
    indicators,
    recommendations,
    headline: buildHeadline({
      plan,
      indicators,
      recommendations,
      forecasts,
      ...(options.snoozedKeys ? { snoozedKeys: options.snoozedKeys } : {}),
    }),
    nextReviewAt: new Date(nowMs + plan.review.intervalDays * MS_PER_DAY).toISOString(),
    dataQuality: buildDataQuality({
      built: current.built,
      stage: current.stage,
      ...(current.stageNote ? { stageNote: current.stageNote } : {}),
    }),
    snapshot: { ...snapshot },
    comparedWith: previous ? previous.at.toISOString() : null,
    forecasts,
    infrastructure: current.infrastructure,
  };
}
