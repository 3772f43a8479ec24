import { formatUtcDayMonth } from '../format.js';
import type { Plan } from '../plan/schema.js';
import type { Forecast, ForecastCrossing, Indicator, LevelShift } from '../review-types.js';
import {
  periodStartAt,
  shiftWhere,
  shortWhenText,
  WEEKS,
  weeksText,
  whenText,
} from './forecast-text.js';
import { formatIndicatorDelta, formatIndicatorValue } from './indicator-text.js';
import type { LevelShiftFound } from './level-shift.js';
import { dateAfter, type SeriesPoint, weeksPerPeriod } from './series.js';
import { fitTrend, type TrendLine } from './trend.js';

/** Under this change per week, as a share of the threshold, a series is flat. */
export const FLAT_SHARE_PER_WEEK = 0.01;
/** A level shift is a step of at least this many weeks of the flat threshold. */
export const SHIFT_FLAT_WEEKS = 4;

export interface TrendInput {
  plan: Plan;
  indicator: Indicator;
  /** The indicator's value per review period: x in weeks from the current period (now at 0). */
  points: readonly SeriesPoint[];
  now: Date;
}

function crossing(
  level: ForecastCrossing['level'],
  value: number,
  current: number,
  line: TrendLine,
  now: Date,
): ForecastCrossing {
  const gap = value - current;
  const inDays = (gap / line.slope) * 7;
  const possiblyNever = line.slow <= 0;
  return {
    level,
    value,
    inDays,
    earliestDays: (gap / line.fast) * 7,
    latestDays: possiblyNever ? null : (gap / line.slow) * 7,
    possiblyNever,
    at: dateAfter(now, inDays),
  };
}

type Head = Pick<Forecast, 'indicator' | 'method' | 'intervalPercent' | 'crossings'>;

function levelShiftOf(shift: LevelShiftFound, input: TrendInput): LevelShift {
  const start = periodStartAt(shift.x, input.now, input.plan.review.intervalDays);
  return { periodStart: start.toISOString(), step: shift.step };
}

/** "Theil–Sen over 4 weeks", "Theil–Sen over 3 weeks since a level shift of +13 pts in week 47". */
function methodText(input: TrendInput, line: TrendLine, shift: LevelShiftFound | null): string {
  const over = `Theil–Sen over ${weeksText(line.spanWeeks * 7)}`;
  if (!shift) return over;
  const step = formatIndicatorDelta(input.indicator.unit, shift.step);
  const where = shiftWhere(shift, input.now, input.plan.review.intervalDays);
  return `${over} since a level shift of ${step} in ${where}`;
}

/** A trend dated against the indicator's threshold and critical level. */
function dated(
  input: TrendInput,
  head: Head,
  line: TrendLine,
  shift: LevelShiftFound | null,
): Forecast {
  const { plan, indicator, now } = input;
  const { label, unit } = indicator;
  const current = indicator.value ?? 0;
  const base = {
    ...head,
    observations: line.points,
    spanWeeks: line.spanWeeks,
    rate: line.slope,
    ...(shift ? { levelShift: levelShiftOf(shift, input) } : {}),
  };
  const rate = `${formatIndicatorDelta(unit, line.slope)} a week (${methodText(input, line, shift)})`;
  const scale = indicator.threshold ?? Math.abs(current);
  if (Math.abs(line.slope) < FLAT_SHARE_PER_WEEK * scale) {
    return { ...base, status: 'flat', text: `${label} is flat: ${rate}` };
  }
  if (line.slope < 0) return { ...base, status: 'falling', text: `${label} is falling: ${rate}` };
  const levels: [ForecastCrossing['level'], number | null][] = [
    ['threshold', indicator.threshold],
    ['critical', indicator.critical],
  ];
  const crossings = levels.flatMap(([level, value]) =>
    value === null || current > value ? [] : [crossing(level, value, current, line, now)],
  );
  if (crossings.length === 0) {
    return { ...base, status: 'over', text: `${label} is over every level and rising: ${rate}` };
  }
  const horizonDays = plan.forecast.horizonWeeks * 7;
  const within = crossings.filter((c) => c.inDays <= horizonDays);
  const [first] = within;
  if (!first) {
    const level = formatIndicatorValue(unit, crossings[0]?.value ?? 0);
    return {
      ...base,
      status: 'beyond',
      crossings,
      text: `${label} is rising: ${rate}; ${level} is not expected within ${plan.forecast.horizonWeeks} weeks`,
    };
  }
  const what = (c: ForecastCrossing) => {
    const value = formatIndicatorValue(unit, c.value);
    return c.level === 'critical' ? `its critical ${value}` : value;
  };
  const percent = plan.forecast.intervalPercent;
  const parts = within.map((c) => `${what(c)} ${whenText(c, percent, WEEKS, formatUtcDayMonth)}`);
  return {
    ...base,
    status: 'rising',
    crossings: within,
    text: `${label} crosses ${parts.join(' and ')}: ${rate}`,
    summary: `${label} crosses ${what(first)} ${shortWhenText(first, WEEKS, formatUtcDayMonth)}`,
  };
}

/**
 * When an indicator is expected to cross its threshold and its critical level (docs/plan.md,
 * "Forecasts"): a Theil–Sen line through one value per review period (at least
 * `forecast.minObservations` over two periods), extended from today's value, with the range of a
 * two-sided Student's t interval on its slope (`forecast.intervalPercent`), "possibly never" when
 * the slow end does not rise. A level shift is reported, and the trend then comes from the
 * observations after it. Flat, falling and short histories get no date; neither does a crossing
 * further than `forecast.horizonWeeks`.
 */
export function forecastTrend(input: TrendInput): Forecast {
  const { plan, indicator } = input;
  const current = indicator.value;
  const scale = indicator.threshold ?? Math.abs(current ?? 0);
  const fit = fitTrend(input.points, {
    minObservations: plan.forecast.minObservations,
    intervalPercent: plan.forecast.intervalPercent,
    periodWeeks: weeksPerPeriod(plan.review.intervalDays),
    minShiftStep: SHIFT_FLAT_WEEKS * FLAT_SHARE_PER_WEEK * scale,
  });
  const head: Head = {
    indicator: indicator.key,
    method: 'theil-sen',
    intervalPercent: plan.forecast.intervalPercent,
    crossings: [],
  };
  if (fit.kind === 'insufficient' || current === null) {
    return {
      ...head,
      status: 'insufficient',
      observations: input.points.length,
      spanWeeks: fit.kind === 'insufficient' ? fit.spanWeeks : 0,
      rate: null,
      text: `${indicator.label}: not enough history for a forecast (${input.points.length} of ${plan.forecast.minObservations} observations)`,
    };
  }
  if (fit.kind === 'shift') {
    const step = formatIndicatorDelta(indicator.unit, fit.shift.step);
    const where = shiftWhere(fit.shift, input.now, plan.review.intervalDays);
    return {
      ...head,
      status: 'shift',
      observations: fit.points,
      spanWeeks: fit.spanWeeks,
      rate: null,
      levelShift: levelShiftOf(fit.shift, input),
      text: `${indicator.label}: level shift in ${where} (${step}); no trend since`,
    };
  }
  return dated(input, head, fit.line, fit.shift);
}
