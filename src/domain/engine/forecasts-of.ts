import type { CostRange } from '../cost-change.js';
import { DAYS_PER_MONTH, estimateGrowth, type GrowthEstimate } from '../growth.js';
import type { ReviewPeriod } from '../period.js';
import type { IndicatorKey, Plan, Stage } from '../plan/schema.js';
import type { Forecast, Indicator } from '../review-types.js';
import type { StorageProjection } from './advice-context.js';
import { forecastConversations } from './conversation-forecast.js';
import { forecastTrend } from './forecast.js';
import { type JudgedPeriod, seriesOf } from './history.js';
import { formatIndicatorDelta } from './indicator-text.js';

export interface ForecastContext {
  stage: Stage;
  period: ReviewPeriod;
  now: Date;
  /** Where each indicator's comparable history starts (after a change that targeted it). */
  startOf: (indicator: IndicatorKey) => number;
  /** What the team pays now, when it said: the stage move's cost baseline. */
  paying?: CostRange;
}

/**
 * Every known indicator's forecast from its series by period, from the last change to the estate
 * that targeted it (readings on other servers or another tier do not make one trend);
 * conversations by compound growth.
 */
export function forecastsOf(
  plan: Plan,
  indicators: readonly Indicator[],
  past: readonly JudgedPeriod[],
  fc: ForecastContext,
): { forecasts: Forecast[]; growth: GrowthEstimate | null } {
  const { stage, period, now, paying } = fc;
  const interval = plan.review.intervalDays;
  let growth: GrowthEstimate | null = null;
  const forecasts = indicators.flatMap((indicator): Forecast[] => {
    if (indicator.status === 'unknown') return [];
    const comparable = past.filter((p) => p.index > fc.startOf(indicator.key));
    const points = seriesOf(comparable, indicator, period, interval);
    if (indicator.key === 'conversations') {
      growth = estimateGrowth(points, plan);
      return [
        forecastConversations({
          plan,
          stage,
          indicator,
          growth,
          now,
          ...(paying ? { paying } : {}),
        }),
      ];
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
export function projectStorage(
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
