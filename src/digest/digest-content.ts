import { describeDelta } from '../../blocks/text.js';
import type { AppDeps } from '../app/deps.js';
import type { ObservedReview } from '../app/observe-and-record.js';
import { formatIndicatorValue } from '../domain/engine/indicator-text.js';
import { upgradeStoredReview } from '../domain/legacy-review.js';
import { INDICATOR_METRIC, type MetricsSnapshot } from '../domain/metrics.js';
import { project } from '../domain/projection.js';
import type { Projection } from '../domain/projection-types.js';
import type { CarriedForwardDecision, ProjectionLine } from '../domain/review-message.js';
import type { Indicator, Review, Severity } from '../domain/review-types.js';
import { AUTOMATIC_DECISION_USER, type DecisionRecord } from '../store/ports.js';

const PROJECTION_HORIZON_MONTHS = 12;

const SEVERITY_RANK: Record<Severity, number> = { watch: 0, plan: 1, act: 2, critical: 3 };

/**
 * A snooze ends early when things get worse: an action snoozed at one severity becomes active
 * again once it is more severe (watch -> act, act -> critical), with an automatic un-snooze
 * decision recorded. Returns the reason per reopened key; `observed.decisions` loses those snoozes.
 */
export async function reopenWorsenedSnoozes(
  deps: AppDeps,
  observed: ObservedReview,
  input: { teamId: string; now: Date },
): Promise<Map<string, string>> {
  const reopened = new Map<string, string>();
  for (const [key, decision] of observed.decisions) {
    if (decision.kind !== 'snooze') continue;
    const now = observed.draft.recommendations.find((r) => r.key === key);
    if (!now || now.severity === 'watch') continue;
    const record = await deps.store.reviews.get(decision.reviewId);
    const then = record
      ? upgradeStoredReview(record.review).recommendations.find((r) => r.key === key)
      : undefined;
    if (then && SEVERITY_RANK[then.severity] >= SEVERITY_RANK[now.severity]) continue;
    const was = then ? then.severity : 'not recommended';
    const state = {
      critical: 'critical',
      act: 'confirmed',
      plan: 'a decision is due',
      watch: 'a watch',
    }[now.severity];
    const reason = `${now.text}: now ${state} (${now.reason ?? now.severity}); it was ${was} when snoozed`;
    reopened.set(key, reason);
    observed.decisions.delete(key);
    await deps.store.decisions.record({
      teamId: input.teamId,
      reviewId: observed.observation.message?.reviewId ?? decision.reviewId,
      recommendationKey: key,
      kind: 'unsnooze',
      userId: AUTOMATIC_DECISION_USER,
      at: input.now,
      snoozeUntil: null,
      reason,
      metricsAtDecision: observed.observation.snapshot,
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
  return `${now}, ${describeDelta(indicator.value - then, indicator.unit)}`;
}

/**
 * "Add 1 server (2 → 3): snoozed until Fri 5 Dec by @ana; now 78%, +6 pts" for each decision
 * carried into this review (the change is the leading reason's indicator since the decision).
 */
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
      label: rec.text,
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

/** The compound growth the review's conversations forecast observed, or null when it could not. */
export function observedGrowthOf(review: Review): number | null {
  const f = review.forecasts.find((x) => x.indicator === 'conversations');
  if (f?.method !== 'compound' || f.rate === null) return null;
  return f.status === 'insufficient' || f.status === 'noisy' ? null : f.rate;
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

/**
 * "At 20%/month, the plan's default growth (…), Stage 2 is reached in about 4 months ($70-85/month)."
 */
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
    chart: {
      rows: projection.rows.map((r) => ({ month: r.month, volume: Math.round(r.volume) })),
      boundaries: projection.stageBoundaries,
    },
  };
}
