import type {
  CapacityPlanViewModel,
  PlanAction,
  PlanDecision,
  PlanWeek,
} from '../../blocks/capacity-plan-model.js';
import type { ScalingIndicatorsViewModel } from '../../blocks/index.js';
import { METRIC_CATALOG } from '../domain/catalog/catalog.js';
import { formatIndicatorValue } from '../domain/engine/indicator-text.js';
import type { MetricsSnapshot } from '../domain/metrics.js';
import { periodOf, periodsBefore } from '../domain/period.js';
import type { Plan } from '../domain/plan/schema.js';
import { type DecisionState, weekLabelOf } from '../domain/review-message.js';
import type { ActionState, Review } from '../domain/review-types.js';
import type { DecisionRecord } from '../store/ports.js';
import type { AppDeps } from './deps.js';
import { type PeriodReview, recentPeriods } from './recent-periods.js';
import { liveMessage } from './review-message.js';

/**
 * The team's capacity plan (issue 22), as its channels' canvases and the App Home show it: the
 * latest review as its message shows it now (the live decisions), the last eight review periods
 * and the latest decisions. Reads by key only (the periods' observations and records, the active
 * decision of each action) plus the team's recent decisions.
 */

/** Review periods the plan looks back over, the current one included. */
export const PLAN_WEEKS = 8;
/** Decisions in the log. */
export const PLAN_DECISIONS = 10;

export interface PlanInput {
  /** The latest review, as its message shows it with the decisions active now. */
  message: ScalingIndicatorsViewModel;
  /** Observed periods among the last `PLAN_WEEKS`, newest first (src/app/recent-periods.ts). */
  periods: readonly PeriodReview[];
  /** The period keys looked back over, newest first. */
  periodKeys: readonly string[];
  /** The team's latest decisions, newest first. */
  log: readonly DecisionRecord[];
  plan: Plan;
}

function stateOf(decision: DecisionState | null | undefined): ActionState {
  if (!decision) return 'open';
  return ({ ack: 'acknowledged', snooze: 'snoozed', done: 'done' } as const)[decision.kind];
}

function actionsOf(message: ScalingIndicatorsViewModel): PlanAction[] {
  return message.review.recommendations.map((rec) => {
    const decision = message.decisions[rec.key];
    return {
      key: rec.key,
      text: rec.text,
      severity: rec.severity,
      state: stateOf(decision),
      owner: decision ? { userId: decision.userId, at: decision.at } : null,
      snoozeUntil: decision?.snoozeUntil ?? null,
      decideBy: rec.decideBy ? new Date(rec.decideBy) : null,
      overdue: rec.overdue ?? false,
      cost: rec.monthlyCostChange,
      costNote: rec.costNote ?? null,
    };
  });
}

/** "CPU 72%", "memory 60%", … from a period's snapshot, in the catalog's order. */
export function readingsOf(snapshot: MetricsSnapshot): string[] {
  return METRIC_CATALOG.indicators.flatMap((spec) => {
    const value = snapshot[spec.value.key];
    return value === undefined
      ? []
      : [`${spec.value.shortLabel} ${formatIndicatorValue(spec.unit, value)}`];
  });
}

/**
 * One line per period, newest first, from the latest observed period to the oldest one in the
 * window: a gap between them says "no review".
 */
function weeksOf(input: PlanInput): PlanWeek[] {
  const byKey = new Map(input.periods.map((p) => [p.observation.periodKey, p]));
  const observed = input.periodKeys.map((key) => byKey.has(key));
  const first = observed.indexOf(true);
  if (first < 0) return [];
  return input.periodKeys.slice(first, observed.lastIndexOf(true) + 1).map((key) => {
    const period = byKey.get(key);
    const label = weekLabelOf(key);
    if (!period) return { label, observed: false, stage: null, headline: null, readings: [] };
    const review = period.record?.review;
    return {
      label,
      observed: true,
      stage: period.observation.stage ?? review?.stage.number ?? null,
      headline: review?.headline ?? null,
      readings: readingsOf(period.observation.snapshot),
    };
  });
}

function decisionsOf(log: readonly DecisionRecord[], review: Review): PlanDecision[] {
  const textOf = (d: DecisionRecord) =>
    review.recommendations.find((r) => r.key === d.recommendationKey)?.text ??
    d.change?.text ??
    d.recommendationKey;
  return log.map((d) => ({
    at: d.at,
    userId: d.userId,
    kind: d.kind,
    action: textOf(d),
    snoozeUntil: d.kind === 'snooze' ? d.snoozeUntil : null,
    automatic: d.automatic ?? false,
  }));
}

/** The plan's view model from what was read (pure). */
export function capacityPlanOf(input: PlanInput): CapacityPlanViewModel {
  const { message, plan } = input;
  const { review } = message;
  const estate = review.estate;
  const title = (key: string) => plan.playbook.find((a) => a.key === key)?.title ?? key;
  const { servers, dbTier } = review.infrastructure;
  return {
    weekLabel: message.weekLabel,
    stage: {
      number: review.stage.number,
      name: review.stage.name,
      conversationsPerMonth: review.stage.conversationsPerMonth,
      conversationsThisMonth: message.conversationsThisMonth,
      source: estate?.stage.source ?? null,
      note: estate?.stage.note ?? null,
    },
    estate: {
      servers: {
        count: servers.count,
        max: servers.max,
        source: servers.source,
        note: servers.note,
      },
      database: dbTier
        ? {
            name: dbTier.name,
            storageGb: dbTier.storageGb,
            source: dbTier.source,
            note: dbTier.note,
          }
        : null,
      measures: (estate?.measures ?? []).map(title),
      monthlyCost: estate?.monthlyCost ?? null,
    },
    actions: actionsOf(message),
    forecasts: review.forecasts,
    indicators: review.indicators,
    forecastMinReviews: plan.forecast.minObservations,
    weeks: weeksOf(input),
    decisions: decisionsOf(input.log, review),
  };
}

/**
 * The team's capacity plan now, or null when the team has no review in the last `PLAN_WEEKS`
 * periods (nothing to plan from yet).
 */
export async function loadCapacityPlan(
  deps: AppDeps,
  teamId: string,
  now: Date,
): Promise<CapacityPlanViewModel | null> {
  const interval = deps.plan.review.intervalDays;
  const current = periodOf(now, interval);
  const periodKeys = [current, ...periodsBefore(current, PLAN_WEEKS - 1, interval)].map(
    (p) => p.key,
  );
  const [periods, log] = await Promise.all([
    recentPeriods(deps, teamId, now, PLAN_WEEKS, PLAN_WEEKS),
    deps.store.decisions.listRecent(teamId, PLAN_DECISIONS),
  ]);
  const latest = periods.find((p) => p.record !== null)?.record;
  if (!latest) return null;
  const message = await liveMessage(deps, latest, now);
  return capacityPlanOf({ message, periods, periodKeys, log, plan: deps.plan });
}
