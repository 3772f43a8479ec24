import { formatCostChange, formatMoneyRange, formatUtcMonthYear } from '../format.js';
import { DAYS_PER_MONTH, type GrowthEstimate } from '../growth.js';
import type { Plan, Stage } from '../plan/schema.js';
import type { Forecast, ForecastCrossing, Indicator } from '../review-types.js';
import { formatIndicatorValue } from './indicator-text.js';
import { stageMoveCost } from './sizing.js';
import { nextStage } from './stage.js';
import type { MetricTrigger } from './triggers.js';

const DAY_MS = 86_400_000;

export interface ConversationForecastInput {
  plan: Plan;
  stage: Stage;
  indicator: Indicator;
  growth: GrowthEstimate;
  now: Date;
}

/** Months for `from` to grow past `to` at `monthlyPercent` compound; null when it never does. */
function monthsTo(from: number, to: number, monthlyPercent: number): number | null {
  if (from > to) return 0;
  if (monthlyPercent <= 0 || from <= 0) return null;
  return Math.log(to / from) / Math.log(1 + monthlyPercent / 100);
}

function crossingAt(
  level: ForecastCrossing['level'],
  value: number,
  current: number,
  growth: Extract<GrowthEstimate, { status: 'observed' }>,
  now: Date,
): ForecastCrossing | null {
  const months = monthsTo(current, value, growth.monthlyPercent);
  if (months === null) return null;
  const fast = monthsTo(current, value, growth.highPercent) ?? months;
  const slow = monthsTo(current, value, growth.lowPercent);
  const inDays = months * DAYS_PER_MONTH;
  return {
    level,
    value,
    inDays,
    earliestDays: fast * DAYS_PER_MONTH,
    latestDays: slow === null ? null : slow * DAYS_PER_MONTH,
    at: new Date(now.getTime() + inDays * DAY_MS).toISOString(),
  };
}

function monthsText(days: number): string {
  const months = Math.max(1, Math.round(days / DAYS_PER_MONTH));
  return months === 1 ? '1 month' : `${months} months`;
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
  const head = {
    indicator: indicator.key,
    method: 'compound' as const,
    observations: growth.points,
    spanWeeks: Math.round((growth.spanDays / 7) * 10) / 10,
    rate: growth.status === 'observed' ? growth.monthlyPercent : null,
    crossings: [] as ForecastCrossing[],
  };
  const current = indicator.value;
  if (growth.status !== 'observed' || current === null) {
    const why =
      growth.status === 'noisy'
        ? 'too noisy for a growth rate'
        : `${growth.points} of ${plan.forecast.minObservations} observations over two weeks`;
    return {
      ...head,
      status: growth.status === 'noisy' ? 'noisy' : 'insufficient',
      text: `Conversations: not enough history for a forecast (${why})`,
    };
  }
  const observed = `${growth.monthlyPercent > 0 ? '+' : ''}${growth.monthlyPercent}%/month observed over the last ${Math.max(1, Math.round(growth.spanDays / 7))} weeks`;
  const rate = `at ${observed}`;
  if (growth.monthlyPercent <= 0) {
    return {
      ...head,
      status: growth.monthlyPercent < 0 ? 'falling' : 'flat',
      text: `Conversations are not growing (${observed})`,
    };
  }
  const next = nextStage(plan, stage);
  const trigger = triggerAhead(stage, current);
  const crossings: ForecastCrossing[] = [];
  if (trigger) {
    const c = crossingAt('trigger', trigger.above, current, growth, now);
    if (c) crossings.push(c);
  }
  if (next && stage.conversationsPerMonth.max !== null) {
    const c = crossingAt('stage', stage.conversationsPerMonth.max, current, growth, now);
    if (c) {
      crossings.push({
        ...c,
        stage: {
          number: next.number,
          name: next.name,
          totalCost: next.totalCost,
          costChange: stageMoveCost(stage, next),
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
  const whenOf = (c: ForecastCrossing) =>
    `in about ${monthsText(c.inDays)} (around ${formatUtcMonthYear(new Date(c.at))})`;
  const parts = within.map((c) => {
    const when = whenOf(c);
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
    ...(within[0]
      ? {
          summary: `Conversations reach ${formatIndicatorValue('conversations/month', within[0].value)} ${whenOf(within[0])}`,
        }
      : {}),
  };
}
