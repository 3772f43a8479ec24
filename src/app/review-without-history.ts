import { review } from '../domain/review.js';
import type { Review } from '../domain/review-types.js';
import type { MetricsResult } from '../metrics/port.js';
import type { AppDeps } from './deps.js';
import { fetchMetrics } from './fetch-metrics.js';

/** What a review without history needs: no store, so nothing is read or recorded. */
export type ReviewWithoutHistoryDeps = Pick<
  AppDeps,
  'plan' | 'infrastructure' | 'metrics' | 'metricsProblem' | 'clock'
>;

export interface ReviewedMetrics {
  review: Review;
  /** The numbers reviewed (the CLI prints where exactly they came from). */
  metrics: MetricsResult;
}

/**
 * `scale-review status` without --save: the current metrics reviewed against the plan alone. No
 * earlier period is read (no deltas, hysteresis, forecasts or snoozes) and nothing is stored;
 * `/scale status` and `status --save` are computeStatus (compute-status.ts), which does both.
 */
export async function reviewWithoutHistory(
  deps: ReviewWithoutHistoryDeps,
): Promise<ReviewedMetrics> {
  const now = deps.clock();
  const metrics = await fetchMetrics(deps, now);
  return {
    review: review(metrics.snapshot, deps.plan, {
      now,
      quality: metrics.quality,
      infrastructure: deps.infrastructure,
    }),
    metrics,
  };
}
