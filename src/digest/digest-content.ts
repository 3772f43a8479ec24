import type { CarriedForwardDecision, ProjectionLine } from '../../blocks/index.js';
import type { AppDeps } from '../app/deps.js';
import type { PreparedReview } from '../app/review-service.js';
import { formatIndicatorDelta, formatIndicatorValue } from '../domain/engine/indicator-text.js';
import { INDICATOR_METRIC, type MetricsSnapshot } from '../domain/metrics.js';
import { project } from '../domain/projection.js';
import type { Projection } from '../domain/projection-types.js';
import type { Indicator, Review } from '../domain/review-types.js';
import { AUTOMATIC_DECISION_USER, type DecisionRecord } from '../store/ports.js';

const PROJECTION_HORIZON_MONTHS = 12;

function indicatorOf(review: Review, key: string): Indicator | undefined {
  const rec = review.recommendations.find((r) => r.key === key);
  return rec?.indicator ? review.indicators.find((i) => i.key === rec.indicator) : undefined;
}

/**
 * A snooze ends early when things get worse: a recommendation snoozed while its indicator was
 * not yet `over` becomes active again once it is, with an automatic un-snooze decision recorded.
 * Returns the reason per reopened key; `prepared.decisions` loses those snoozes.
 */
export async function reopenWorsenedSnoozes(
  deps: AppDeps,
  prepared: PreparedReview,
  input: { teamId: string; now: Date; reviewId: string | null },
): Promise<Map<string, string>> {
  const reopened = new Map<string, string>();
  for (const [key, decision] of prepared.decisions) {
    if (decision.kind !== 'snooze') continue;
    const now = indicatorOf(prepared.draft, key);
    if (now?.status !== 'over') continue;
    const then = (await deps.store.reviews.get(decision.reviewId))?.review;
    const before = then?.indicators.find((i) => i.key === now.key)?.status;
    if (before === 'over') continue;
    const reason = `${now.label} is now over its threshold (${now.text}); it was ${before ?? 'not over'} when snoozed`;
    reopened.set(key, reason);
    prepared.decisions.delete(key);
    await deps.store.decisions.record({
      teamId: input.teamId,
      reviewId: input.reviewId ?? decision.reviewId,
      recommendationKey: key,
      kind: 'unsnooze',
      userId: AUTOMATIC_DECISION_USER,
      at: input.now,
      snoozeUntil: null,
      reason,
      metricsAtDecision: prepared.draft.snapshot,
      automatic: true,
    });
  }
  return reopened;
}

function sinceDecision(indicator: Indicator, at: MetricsSnapshot): string {
  if (indicator.value === null) return 'now unknown';
  const now = `now ${formatIndicatorValue(indicator.unit, indicator.value)}`;
  const metric = INDICATOR_METRIC[indicator.key];
  const then = at[metric];
  if (typeof then !== 'number') return now;
  return `${now}, ${formatIndicatorDelta(indicator.unit, indicator.value - then)}`;
}

/** "CPU: snoozed until Fri 5 Dec by @ana; now 78%, +6 pts" for each decision carried into this review. */
export function carriedForward(
  review: Review,
  decisions: ReadonlyMap<string, DecisionRecord>,
  reopened: ReadonlyMap<string, string>,
  snoozesBefore: ReadonlyMap<string, DecisionRecord>,
): CarriedForwardDecision[] {
  const lines: CarriedForwardDecision[] = [];
  for (const rec of review.recommendations) {
    const decision = decisions.get(rec.key) ?? snoozesBefore.get(rec.key);
    if (!decision || decision.kind === 'unsnooze') continue;
    const indicator = rec.indicator
      ? review.indicators.find((i) => i.key === rec.indicator)
      : undefined;
    lines.push({
      label: indicator?.label ?? rec.text,
      decision: {
        kind: decision.kind,
        userId: decision.userId,
        at: decision.at,
        ...(decision.snoozeUntil ? { snoozeUntil: decision.snoozeUntil } : {}),
      },
      current: indicator ? sinceDecision(indicator, decision.metricsAtDecision) : '',
      ...(reopened.has(rec.key) ? { reopenedBecause: reopened.get(rec.key) } : {}),
    });
  }
  return lines;
}

/** The conversations projection at the observed (or configured) growth rate, or null without a volume. */
export function digestProjection(
  deps: AppDeps,
  review: Review,
  observedGrowthPercent: number | null,
): Projection | null {
  const volume = review.indicators.find((i) => i.key === 'conversations')?.value ?? null;
  if (volume === null) return null;
  const observed = observedGrowthPercent !== null;
  return project(
    {
      volume,
      monthlyGrowthPercent: observed
        ? observedGrowthPercent
        : deps.plan.growth.defaultMonthlyPercent,
      months: PROJECTION_HORIZON_MONTHS,
      growthSource: observed ? 'history' : 'plan',
    },
    deps.plan,
  );
}

/** "At 20%/month (configured) growth, Stage 2 is reached in about 4 months ($70-85/month)." */
export function projectionLine(
  deps: AppDeps,
  review: Review,
  projection: Projection,
): ProjectionLine {
  const crossing = projection.crossings.find(
    (c) => c.kind === 'stage' && c.stage > review.stage.number,
  );
  const stage = crossing ? deps.plan.stages.find((s) => s.number === crossing.stage) : undefined;
  return {
    monthlyGrowthPercent: projection.request.monthlyGrowthPercent,
    growthSource: projection.request.growthSource === 'history' ? 'observed' : 'configured',
    horizonMonths: projection.request.months,
    nextStage:
      crossing && stage
        ? {
            number: stage.number,
            name: stage.name,
            inMonths: crossing.month,
            monthlyCost: stage.totalCost,
          }
        : null,
  };
}
