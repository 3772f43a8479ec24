import type { ScalingIndicatorsViewModel } from '../../blocks/index.js';
import { periodOf } from '../domain/period.js';
import type { MetricsResult } from '../metrics/port.js';
import type { DecisionRecord, ReviewRequester } from '../store/ports.js';
import type { AppDeps } from './deps.js';
import { fetchMetrics } from './fetch-metrics.js';
import { observe, recordReview } from './observe-and-record.js';
import { messageOf, statusMessageView, toDecisionMap } from './review-message.js';

export interface StatusInput {
  teamId: string;
  channelId: string | null;
  /** Who asks: the shared answers of `/scale status` (`slack`) or `status --save` (`cli`). */
  requestedBy: ReviewRequester;
}

/** A status answer, with what it rests on (for the shared answers of status-answers.ts). */
export interface ComputedStatus {
  view: ScalingIndicatorsViewModel;
  /** The metrics cache's version of the numbers (absent: not cacheable). */
  metricsVersion: string | undefined;
  /** When the answer stops being right by itself: the period's end or the first snooze to expire. */
  validUntil: Date;
  /** The numbers it was computed from (the CLI prints where exactly they came from). */
  metrics: MetricsResult;
}

/** The first moment the review changes without new metrics or decisions. */
function validUntilOf(periodEnd: Date, decisions: ReadonlyMap<string, DecisionRecord>): Date {
  let until = periodEnd.getTime();
  for (const d of decisions.values()) {
    if (d.kind === 'snooze' && d.snoozeUntil) until = Math.min(until, d.snoozeUntil.getTime());
  }
  return new Date(until);
}

/**
 * `/scale status`: the team's review of this period (its observation updated with the current
 * metrics), recorded as what the message shows, ready to render. A repeat with the same metrics
 * and decisions reads the same record and writes nothing.
 */
export async function computeStatus(deps: AppDeps, input: StatusInput): Promise<ComputedStatus> {
  const now = deps.clock();
  const metrics = await fetchMetrics(deps, now);
  const observed = await observe(deps, {
    teamId: input.teamId,
    now,
    metrics,
    requestedBy: input.requestedBy,
  });
  // One of several sources failed: its metrics are unknown, the answer says which (degraded).
  const view = statusMessageView(observed.review, metrics);
  const record = await recordReview(deps, observed, { channelId: input.channelId, view, now });
  deps.logger.debug(
    {
      reviewId: record.id,
      apiCalls: metrics.source.apiCalls,
      metricsRequested: metrics.source.metricsRequested,
    },
    'status review computed',
  );
  const periodEnd = periodOf(now, deps.plan.review.intervalDays).end;
  return {
    view: {
      ...messageOf(record, toDecisionMap(observed.decisions)),
      forecastMinReviews: deps.plan.forecast.minObservations,
    },
    metricsVersion: metrics.version,
    validUntil: validUntilOf(periodEnd, observed.decisions),
    metrics,
  };
}
