import { type CostRange, costChange } from '../cost-change.js';
import {
  formatCostChange,
  formatMoneyRange,
  formatUtcDayMonth,
  formatUtcMonthYear,
} from '../format.js';
import type { GrowthEstimate } from '../growth.js';
import type { Plan, Stage } from '../plan/schema.js';
import type { Forecast, ForecastCrossing, Indicator } from '../review-types.js';
import {
  MONTHS,
  shortWhenText,
  type TimeUnit,
  WEEKS,
  weeksText,
  whenText,
} from './forecast-text.js';
import { formatIndicatorValue } from './indicator-text.js';
import { dateAfter } from './series.js';
import { nextStage } from './stage.js';
import type { TrendLine } from './trend.js';
import type { MetricTrigger } from './triggers.js';

/** Under this compound growth per month (either way), percent, conversations are flat. */
export const FLAT_MONTHLY_PERCENT = 0.5;
/** A crossing expected sooner than this is said in weeks and dated to the day, else in months. */
export const WEEKS_UNDER_DAYS = 56;

/** The unit and date format of a crossing: "in about 2 weeks (… around 14 Dec)" or "in about 3 months (… around Mar 2027)". */
function unitOf(c: ForecastCrossing): { unit: TimeUnit; around: (at: Date) => string } {
  return c.inDays < WEEKS_UNDER_DAYS
    ? { unit: WEEKS, around: formatUtcDayMonth }
    : { unit: MONTHS, around: formatUtcMonthYear };
}

export interface ConversationForecastInput {
  plan: Plan;
  stage: Stage;
  indicator: Indicator;
  growth: GrowthEstimate;
  now: Date;
  /** What the team pays now (its stated monthly cost, else the stage's total): the move's baseline. */
  paying?: CostRange;
}

/** Days for `from` to grow past `to` at a slope of ln(volume) per week; null when it never does. */
function daysTo(from: number, to: number, logSlopePerWeek: number): number | null {
  if (from > to) return 0;
  if (logSlopePerWeek <= 0 || from <= 0) return null;
  return (Math.log(to / from) / logSlopePerWeek) * 7;
}

function crossingAt(
  level: ForecastCrossing['level'],
  value: number,
  current: number,
  line: TrendLine,
  now: Date,
): ForecastCrossing | null {
  // A level already passed is not ahead: nothing to forecast (the stage says the rest).
  if (current > value) return null;
  const inDays = daysTo(current, value, line.slope);
  if (inDays === null) return null;
  const latestDays = daysTo(current, value, line.slow);
  return {
    level,
    value,
    inDays,
    earliestDays: daysTo(current, value, line.fast) ?? inDays,
    latestDays,
    possiblyNever: latestDays === null,
    at: dateAfter(now, inDays),
  };
}

/** The current stage's lowest conversations trigger still ahead of `current`. */
function triggerAhead(stage: Stage, current: number): MetricTrigger | null {
  const ahead = stage.triggers.filter(
    (t): t is MetricTrigger =>
      t.kind === 'metric' && t.indicator === 'conversations' && t.above >= current,
  );
  return ahead.toSorted((a, b) => a.above - b.above)[0] ?? null;
}

/**
 * When conversations reach the current stage's trigger and the next stage, at the compound
 * monthly growth observed in the history (the growth `/scale project` uses), and what the next
 * stage costs.
 */
export function forecastConversations(input: ConversationForecastInput): Forecast {
  const { plan, stage, indicator, growth, now } = input;
  const percent = plan.forecast.intervalPercent;
  const head = {
    indicator: indicator.key,
    method: 'compound' as const,
    observations: growth.points,
    spanWeeks: growth.spanWeeks,
    rate: growth.status === 'observed' ? growth.monthlyPercent : null,
    intervalPercent: percent,
    crossings: [] as ForecastCrossing[],
  };
  const current = indicator.value;
  if (growth.status !== 'observed' || current === null) {
    return {
      ...head,
      status: 'insufficient',
      text: `Conversations: not enough history for a forecast (${growth.points} of ${plan.forecast.minObservations} observations)`,
    };
  }
  const sign = growth.monthlyPercent > 0 ? '+' : '';
  const observed = `${sign}${growth.monthlyPercent}%/month, compound growth by Theil–Sen over ${weeksText(growth.spanWeeks * 7)}`;
  const rate = `at ${observed}`;
  if (growth.monthlyPercent < FLAT_MONTHLY_PERCENT) {
    return {
      ...head,
      status: growth.monthlyPercent <= -FLAT_MONTHLY_PERCENT ? 'falling' : 'flat',
      text: `Conversations are not growing (${observed})`,
    };
  }
  const next = nextStage(plan, stage);
  const trigger = triggerAhead(stage, current);
  const crossings: ForecastCrossing[] = [];
  if (trigger) {
    const c = crossingAt('trigger', trigger.above, current, growth.line, now);
    if (c) crossings.push(c);
  }
  if (next && stage.conversationsPerMonth.max !== null) {
    const c = crossingAt('stage', stage.conversationsPerMonth.max, current, growth.line, now);
    if (c) {
      crossings.push({
        ...c,
        stage: {
          number: next.number,
          name: next.name,
          totalCost: next.totalCost,
          costChange: costChange(input.paying ?? stage.totalCost, next.totalCost),
        },
      });
    }
  }
  const horizonDays = plan.forecast.horizonWeeks * 7;
  const within = crossings.filter((c) => c.inDays <= horizonDays);
  if (within.length === 0) {
    return {
      ...head,
      status: next ? 'beyond' : 'rising',
      crossings,
      text: next
        ? `Conversations grow ${rate}; stage ${next.number} is not expected within ${plan.forecast.horizonWeeks} weeks`
        : `Conversations grow ${rate}; stage ${stage.number} is the last stage`,
    };
  }
  const [first] = within;
  const parts = within.map((c) => {
    const { unit, around } = unitOf(c);
    const when = whenText(c, percent, unit, around);
    const value = formatIndicatorValue('conversations/month', c.value);
    if (c.stage) {
      const cost = `${formatMoneyRange(c.stage.totalCost)}/month, ${formatCostChange(c.stage.costChange)}`;
      return `${value}, the top of stage ${stage.number}, ${when}: stage ${c.stage.number} (${c.stage.name}) costs ${cost}`;
    }
    return `${value} (the stage ${stage.number} trigger) ${when}`;
  });
  return {
    ...head,
    status: 'rising',
    crossings: within,
    text: `Conversations reach ${parts.join('; and ')} (${rate})`,
    ...(first
      ? {
          summary: `Conversations reach ${formatIndicatorValue('conversations/month', first.value)} ${shortWhenText(first, unitOf(first).unit, unitOf(first).around)}`,
        }
      : {}),
  };
}
