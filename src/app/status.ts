import { DateTime } from 'luxon';
import type { ScalingIndicatorsViewModel } from '../../blocks/index.js';
import { sourceFailureReasons } from '../digest/degraded.js';
import type { Review } from '../domain/review-types.js';
import { MetricsNotConfiguredError } from '../metrics/errors.js';
import type { MetricsResult } from '../metrics/port.js';
import type { AppDeps } from './deps.js';
import { computeAndSaveReview, toDecisionMap } from './review-service.js';

/** "Week 49, 2026" (ISO week of `now` in UTC). */
export function weekLabel(now: Date): string {
  const d = DateTime.fromJSDate(now, { zone: 'utc' });
  return `Week ${d.weekNumber}, ${d.weekYear}`;
}

export function conversationsOf(review: Review): number | null {
  return review.indicators.find((i) => i.key === 'conversations')?.value ?? null;
}

/** Fetches metrics (the source caches them), or explains why there are none. */
export async function fetchMetrics(deps: AppDeps, now: Date): Promise<MetricsResult> {
  if (!deps.metrics) {
    throw (
      deps.metricsProblem ??
      new MetricsNotConfiguredError(
        'no metrics source',
        'configure `metrics:` in scale-review.yml (CloudWatch, a file or a URL)',
      )
    );
  }
  return deps.metrics.fetch({ now });
}

export interface StatusInput {
  teamId: string;
  channelId: string | null;
}

/** `/scale status`: a fresh review of the current metrics, stored, ready to render. */
export async function runStatus(
  deps: AppDeps,
  input: StatusInput,
): Promise<ScalingIndicatorsViewModel> {
  const now = deps.clock();
  const metrics = await fetchMetrics(deps, now);
  const computed = await computeAndSaveReview(deps, {
    teamId: input.teamId,
    channelId: input.channelId,
    now,
    metrics,
    sourceKind: metrics.source.kind,
  });
  deps.logger.debug(
    {
      reviewId: computed.reviewId,
      apiCalls: metrics.source.apiCalls,
      metricsRequested: metrics.source.metricsRequested,
    },
    'status review computed',
  );
  // One of several sources failed: its metrics are unknown, the answer says which (degraded).
  const failed = sourceFailureReasons(metrics);
  return {
    reviewId: computed.reviewId,
    review: computed.review,
    weekLabel: weekLabel(now),
    conversationsThisMonth: conversationsOf(computed.review),
    sourceLine: metrics.source.description,
    decisions: toDecisionMap(computed.decisions),
    ...(failed.length > 0 ? { degraded: failed } : {}),
  };
}
