import { buildDataQuality } from './engine/data-quality.js';
import { buildHeadline } from './engine/headline.js';
import { buildIndicators, type Readings } from './engine/indicators.js';
import { readMetric } from './engine/readings.js';
import { buildRecommendations } from './engine/recommendations.js';
import { resolveStage, stageRef } from './engine/stage.js';
import { fireTriggers } from './engine/triggers.js';
import type { MetricKey, MetricQuality, MetricsSnapshot } from './metrics.js';
import type { Plan } from './plan/schema.js';
import type { Review } from './review-types.js';

export interface ReviewOptions {
  now: Date;
  /** The previous review, for deltas. */
  previous?: Review | null;
  /** Earlier reviews, newest first, for hysteresis; undefined = hysteresis off. */
  history?: Review[];
  /** Data-quality facts from the metrics source. */
  quality?: MetricQuality[];
  /** Recommendation keys left out of the headline (snoozed). They stay in `recommendations`. */
  snoozedKeys?: readonly string[];
}

const MS_PER_DAY = 86_400_000;

/** Thrown when `now` is not a valid Date. */
export class InvalidReviewClockError extends RangeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidReviewClockError';
  }
}

function readAll(snapshot: MetricsSnapshot, quality: readonly MetricQuality[]): Readings {
  const read = (key: MetricKey) => readMetric(snapshot, key, quality);
  return {
    cpuPercent: read('cpuPercent'),
    memoryPercent: read('memoryPercent'),
    dbConnections: read('dbConnections'),
    dbMaxConnections: read('dbMaxConnections'),
    responseTimeP95Ms: read('responseTimeP95Ms'),
    errorRatePercent: read('errorRatePercent'),
    dbSizeMb: read('dbSizeMb'),
    conversationsPerMonth: read('conversationsPerMonth'),
  };
}

/**
 * The weekly scaling review of one metrics snapshot against a plan. Pure: no I/O, no clock.
 * See docs/plan.md for the rules (statuses, stage, triggers, recommendations, hysteresis, headline).
 */
export function review(snapshot: MetricsSnapshot, plan: Plan, options: ReviewOptions): Review {
  const nowMs = options.now.getTime();
  if (!Number.isFinite(nowMs))
    throw new InvalidReviewClockError('review: options.now is an invalid Date');

  const readings = readAll(snapshot, options.quality ?? []);
  const resolved = resolveStage(plan, {
    conversations: readings.conversationsPerMonth.value,
    dbSizeMb: readings.dbSizeMb.value,
  });
  const built = buildIndicators({
    plan,
    stage: resolved.stage,
    readings,
    previous: options.previous ?? null,
  });
  const indicators = built.map((b) => b.indicator);
  const fired = fireTriggers(resolved.stage, indicators);
  const triggersFired = fired.map((f) => f.fired);
  const recommendations = buildRecommendations({
    plan,
    stage: resolved.stage,
    indicators,
    fired,
    history: options.history,
  });
  const headline = buildHeadline({
    indicators,
    recommendations,
    triggersFired,
    snoozedKeys: options.snoozedKeys,
  });

  return {
    generatedAt: new Date(nowMs).toISOString(),
    stage: stageRef(resolved.stage, resolved.basis),
    triggersFired,
    indicators,
    recommendations,
    headline,
    nextReviewAt: new Date(nowMs + plan.review.intervalDays * MS_PER_DAY).toISOString(),
    dataQuality: buildDataQuality({
      built,
      stage: resolved.stage,
      stageNote: resolved.note,
    }),
    snapshot: { ...snapshot },
  };
}
