import { formatUtcDayMonth } from '../format.js';
import type { Plan } from '../plan/schema.js';
import type { Forecast, ForecastCrossing, Indicator } from '../review-types.js';
import { fitLine, type LinearFit, type SeriesPoint } from './fit.js';
import { formatIndicatorDelta, formatIndicatorValue } from './indicator-text.js';

const DAY_MS = 86_400_000;
/** A fit that explains less than this share of the variance is noise, not a trend. */
export const MIN_TREND_R2 = 0.5;
/** Under this change per week, as a share of the threshold, a series is flat. */
export const FLAT_SHARE_PER_WEEK = 0.01;
/** A trend needs observations spanning at least two weeks. */
export const MIN_TREND_SPAN_DAYS = 14;

export interface TrendInput {
  plan: Plan;
  indicator: Indicator;
  /** The indicator's value in earlier periods (days before now are negative), plus now at day 0. */
  points: readonly SeriesPoint[];
  now: Date;
}

function weeks(days: number): string {
  const w = Math.max(1, Math.round(days / 7));
  return w === 1 ? '1 week' : `${w} weeks`;
}

function spanText(days: number): string {
  return `over the last ${weeks(days)}`;
}

/** "in about 2 weeks (around 14 Dec)", or "in 1–3 weeks (around 14 Dec)" when the range is wide. */
export function whenText(c: ForecastCrossing): string {
  const around = `around ${formatUtcDayMonth(new Date(c.at))}`;
  const lo = Math.max(1, Math.round(c.earliestDays / 7));
  const hi = c.latestDays === null ? null : Math.max(1, Math.round(c.latestDays / 7));
  if (hi === lo) return `in about ${weeks(c.inDays)} (${around})`;
  if (hi === null) return `in about ${weeks(c.inDays)} (${around}; possibly much later)`;
  return `in about ${weeks(c.inDays)} (${lo}–${hi} weeks, ${around})`;
}

function crossing(
  level: ForecastCrossing['level'],
  value: number,
  current: number,
  fit: LinearFit,
  now: Date,
): ForecastCrossing {
  const gap = value - current;
  const inDays = gap / fit.slope;
  const fast = fit.slope + fit.slopeError;
  const slow = fit.slope - fit.slopeError;
  return {
    level,
    value,
    inDays,
    earliestDays: gap / fast,
    latestDays: slow > 0 ? gap / slow : null,
    at: new Date(now.getTime() + inDays * DAY_MS).toISOString(),
  };
}

function base(input: TrendInput, fit: LinearFit | null): Omit<Forecast, 'status' | 'text'> {
  return {
    indicator: input.indicator.key,
    method: 'linear',
    observations: input.points.length,
    spanWeeks: fit ? Math.round((fit.spanDays / 7) * 10) / 10 : 0,
    rate: fit ? fit.slope * 7 : null,
    crossings: [],
  };
}

/**
 * When an indicator is expected to cross its threshold and its critical level: a least-squares
 * line through one value per review period (at least `forecast.minObservations` over two weeks),
 * extended from today's value. Flat, noisy or short histories get no date. A crossing further than
 * `forecast.horizonWeeks` is reported without one.
 */
export function forecastTrend(input: TrendInput): Forecast {
  const { plan, indicator } = input;
  const label = indicator.label;
  const fit = fitLine(input.points);
  const head = base(input, fit);
  const current = indicator.value;
  const enough =
    fit !== null &&
    input.points.length >= plan.forecast.minObservations &&
    fit.spanDays >= MIN_TREND_SPAN_DAYS;
  if (!enough || current === null) {
    return {
      ...head,
      status: 'insufficient',
      text: `${label}: not enough history for a forecast (${input.points.length} of ${plan.forecast.minObservations} observations)`,
    };
  }
  const perWeek = formatIndicatorDelta(indicator.unit, fit.slope * 7);
  const scale = indicator.threshold ?? Math.abs(current);
  if (Math.abs(fit.slope * 7) < FLAT_SHARE_PER_WEEK * scale) {
    return {
      ...head,
      status: 'flat',
      text: `${label}: not enough history for a forecast (flat ${spanText(fit.spanDays)}, ${perWeek} a week)`,
    };
  }
  if (fit.r2 < MIN_TREND_R2) {
    return {
      ...head,
      status: 'noisy',
      text: `${label}: not enough history for a forecast (too noisy ${spanText(fit.spanDays)})`,
    };
  }
  const rate = `${perWeek} a week ${spanText(fit.spanDays)}`;
  if (fit.slope < 0) return { ...head, status: 'falling', text: `${label} is falling: ${rate}` };
  const levels: [ForecastCrossing['level'], number | null][] = [
    ['threshold', indicator.threshold],
    ['critical', indicator.critical],
  ];
  const crossings = levels.flatMap(([level, value]) =>
    value === null || current > value ? [] : [crossing(level, value, current, fit, input.now)],
  );
  if (crossings.length === 0) {
    return { ...head, status: 'over', text: `${label} is over every level and rising: ${rate}` };
  }
  const horizonDays = plan.forecast.horizonWeeks * 7;
  const within = crossings.filter((c) => c.inDays <= horizonDays);
  const [first] = crossings;
  if (within.length === 0 || !first) {
    const level = first ? formatIndicatorValue(indicator.unit, first.value) : '';
    return {
      ...head,
      status: 'beyond',
      crossings,
      text: `${label} is rising (${rate}); ${level} is not expected within ${plan.forecast.horizonWeeks} weeks`,
    };
  }
  const parts = within.map((c) => {
    const value = formatIndicatorValue(indicator.unit, c.value);
    const what = c.level === 'critical' ? `its critical ${value}` : value;
    return `${what} ${whenText(c)}`;
  });
  return {
    ...head,
    status: 'rising',
    crossings: within,
    text: `${label} crosses ${parts.join(' and ')}: ${rate}`,
    summary: `${label} crosses ${parts[0]}`,
  };
}
