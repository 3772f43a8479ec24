import { type SeriesPoint, weeksPerPeriod } from './engine/series.js';
import { fitTrend, type TrendLine } from './engine/trend.js';
import type { Plan } from './plan/schema.js';

export const DAYS_PER_MONTH = 365.25 / 12;
const WEEKS_PER_MONTH = DAYS_PER_MONTH / 7;

export type GrowthEstimate =
  | {
      status: 'observed';
      /** Compound growth per month, percent (rounded to 0.1). */
      monthlyPercent: number;
      /** The ends of the plan's interval (`forecast.intervalPercent`), percent per month (0.1). */
      lowPercent: number;
      highPercent: number;
      /** The Theil–Sen line of ln(conversations/month) per week, with its interval. */
      line: TrendLine;
      points: number;
      /** Weeks the observations' review periods cover, inclusive. */
      spanWeeks: number;
    }
  | { status: 'insufficient'; points: number; spanWeeks: number };

const round1 = (v: number) => Math.round(v * 10) / 10;

/** Compound percent per month of a slope of ln(volume) per week. */
export function monthlyPercentOf(logSlopePerWeek: number): number {
  return (Math.exp(logSlopePerWeek * WEEKS_PER_MONTH) - 1) * 100;
}

/**
 * Compound monthly growth from a Theil–Sen line of ln(conversations/month) on the review period
 * (x in weeks, docs/plan.md "Forecasts"), with the plan's Student's t interval on its slope: at
 * least `forecast.minObservations` readings above zero over two periods or more. The same
 * estimate feeds `/scale project` and the conversations forecast.
 */
export function estimateGrowth(
  points: readonly SeriesPoint[],
  plan: Pick<Plan, 'forecast' | 'review'>,
): GrowthEstimate {
  const logs = points
    .filter((p) => Number.isFinite(p.value) && p.value > 0)
    .map((p) => ({ x: p.x, value: Math.log(p.value) }));
  const fit = fitTrend(logs, {
    minObservations: plan.forecast.minObservations,
    intervalPercent: plan.forecast.intervalPercent,
    periodWeeks: weeksPerPeriod(plan.review.intervalDays),
    minShiftStep: null,
  });
  if (fit.kind !== 'line') {
    return {
      status: 'insufficient',
      points: logs.length,
      spanWeeks: fit.kind === 'insufficient' ? fit.spanWeeks : 0,
    };
  }
  const { line } = fit;
  return {
    status: 'observed',
    monthlyPercent: round1(monthlyPercentOf(line.slope)),
    lowPercent: round1(monthlyPercentOf(line.slow)),
    highPercent: round1(monthlyPercentOf(line.fast)),
    line,
    points: line.points,
    spanWeeks: line.spanWeeks,
  };
}

/** The observed compound monthly growth in percent, or null when the history cannot tell. */
export function observedMonthlyGrowth(
  points: readonly SeriesPoint[],
  plan: Pick<Plan, 'forecast' | 'review'>,
): number | null {
  const estimate = estimateGrowth(points, plan);
  return estimate.status === 'observed' ? estimate.monthlyPercent : null;
}
