import type { DecisionMap } from '../../blocks/index.js';
import { type ReviewOptions, review } from '../domain/review.js';
import type { Review } from '../domain/review-types.js';
import type { MetricsResult } from '../metrics/port.js';
import type { DecisionRecord, ReviewRecord, ReviewSourceKind, Store } from '../store/ports.js';
import type { AppDeps } from './deps.js';

export interface ComputedReview {
  reviewId: string;
  review: Review;
  /** The active decision per recommendation key (acks, and snoozes not yet expired). */
  decisions: Map<string, DecisionRecord>;
  previous: ReviewRecord | null;
}

/** The active decisions on these recommendation keys as of `now` (expiry checked by the store). */
export async function activeDecisions(
  store: Store,
  teamId: string,
  keys: readonly string[],
  now: Date,
): Promise<Map<string, DecisionRecord>> {
  const found = await Promise.all(keys.map((key) => store.decisions.active(teamId, key, now)));
  const map = new Map<string, DecisionRecord>();
  for (const decision of found) {
    if (decision) map.set(decision.recommendationKey, decision);
  }
  return map;
}

export function toDecisionMap(decisions: ReadonlyMap<string, DecisionRecord>): DecisionMap {
  const map: Record<string, DecisionMap[string]> = {};
  for (const [key, d] of decisions) {
    if (d.kind === 'unsnooze') continue;
    map[key] = {
      kind: d.kind,
      userId: d.userId,
      at: d.at,
      ...(d.snoozeUntil ? { snoozeUntil: d.snoozeUntil } : {}),
    };
  }
  return map;
}

function snoozedKeys(decisions: ReadonlyMap<string, DecisionRecord>): string[] {
  return [...decisions.values()].filter((d) => d.kind === 'snooze').map((d) => d.recommendationKey);
}

export interface ComputeReviewInput {
  teamId: string;
  channelId: string | null;
  now: Date;
  metrics: MetricsResult;
  sourceKind: ReviewSourceKind;
}

export interface PreparedReview {
  /** The review before snoozes are applied to the headline. */
  draft: Review;
  decisions: Map<string, DecisionRecord>;
  previous: ReviewRecord | null;
  options: ReviewOptions;
}

/** First half of a review: history (deltas, hysteresis) and the active decisions on its recommendations. */
export async function prepareReview(
  deps: AppDeps,
  input: ComputeReviewInput,
): Promise<PreparedReview> {
  const { plan, store } = deps;
  const limit = Math.max(plan.hysteresis.ofLast - 1, 1);
  const history = await store.reviews.latest({ teamId: input.teamId, limit });
  const previous = history[0] ?? null;
  const options: ReviewOptions = {
    now: input.now,
    previous: previous?.review ?? null,
    history: history.map((h) => h.review),
    quality: input.metrics.quality,
  };
  const draft = review(input.metrics.snapshot, plan, options);
  const keys = draft.recommendations.map((r) => r.key);
  const decisions = await activeDecisions(store, input.teamId, keys, input.now);
  return { draft, decisions, previous, options };
}

/** Second half: snoozed recommendations leave the headline; the review is stored. */
export async function finalizeReview(
  deps: AppDeps,
  input: ComputeReviewInput,
  prepared: PreparedReview,
): Promise<ComputedReview> {
  const snoozed = snoozedKeys(prepared.decisions);
  const final =
    snoozed.length === 0
      ? prepared.draft
      : review(input.metrics.snapshot, deps.plan, { ...prepared.options, snoozedKeys: snoozed });
  const reviewId = await deps.store.reviews.save({
    teamId: input.teamId,
    channelId: input.channelId,
    source: { kind: input.sourceKind, detail: input.metrics.source.description },
    createdAt: input.now,
    review: final,
  });
  return { reviewId, review: final, decisions: prepared.decisions, previous: prepared.previous };
}

/**
 * Computes the review of a metrics result against the team's history (deltas, hysteresis) and
 * its active decisions (snoozed recommendations leave the headline), then stores it.
 */
export async function computeAndSaveReview(
  deps: AppDeps,
  input: ComputeReviewInput,
): Promise<ComputedReview> {
  return finalizeReview(deps, input, await prepareReview(deps, input));
}
