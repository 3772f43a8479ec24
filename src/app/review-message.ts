import type { ScalingIndicatorsViewModel } from '../../blocks/index.js';
import { upgradeStoredReview } from '../domain/legacy-review.js';
import { type DecisionMap, type MessageView, weekLabelOf } from '../domain/review-message.js';
import type { Review } from '../domain/review-types.js';
import type { MetricsResult } from '../metrics/port.js';
import type { DecisionRecord, MessageRecord } from '../store/ports.js';
import type { AppDeps } from './deps.js';
import { activeDecisions } from './observe-and-record.js';

/**
 * A review as its message shows it: the one place where a review record (its review and what its
 * message showed besides) and the live decision state become the Scaling Indicators view model.
 * `/scale status`, the digest, a click, the App Home, the history and the CLI read records here.
 */

function conversationsOf(review: Review): number | null {
  return review.indicators.find((i) => i.key === 'conversations')?.value ?? null;
}

/** The decision state a message shows: acks and snoozes (an un-snooze shows as no decision). */
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

/** The record's review as its message shows it (a review stored before action keys is upgraded). */
export function shownReview(record: Pick<MessageRecord, 'review'>): Review {
  return upgradeStoredReview(record.review);
}

/** A record as its message showed it (a digest keeps its digest lines), with this decision state. */
export function messageOf(
  record: MessageRecord,
  decisions: DecisionMap = {},
): ScalingIndicatorsViewModel {
  const reviewed = shownReview(record);
  // Records written before `view` existed were status messages.
  const view: MessageView = record.view ?? {
    kind: 'status',
    weekLabel: weekLabelOf(reviewed.period.key),
    sourceLine:
      record.source.detail ?? record.source.metricsFrom ?? record.source.requestedBy ?? 'unknown',
  };
  return {
    reviewId: record.id,
    review: reviewed,
    weekLabel: view.weekLabel,
    conversationsThisMonth: conversationsOf(reviewed),
    sourceLine: view.sourceLine,
    decisions,
    ...(view.carriedForward ? { carriedForward: view.carriedForward } : {}),
    ...(view.projection ? { projection: view.projection } : {}),
    ...(view.delayed ? { delayed: view.delayed } : {}),
    ...(view.degraded ? { degraded: view.degraded } : {}),
    ...(view.nextDigestAt ? { nextDigestAt: view.nextDigestAt } : {}),
  };
}

/**
 * The team's message with the decisions now active on its recommendations (a read per key), and
 * how many weekly reviews a forecast needs, for a history too young for any.
 */
export async function withLiveDecisions(
  deps: AppDeps,
  teamId: string,
  message: ScalingIndicatorsViewModel,
  now: Date,
): Promise<ScalingIndicatorsViewModel> {
  const keys = message.review.recommendations.map((r) => r.key);
  const decisions = await activeDecisions(deps.store, teamId, keys, now);
  return {
    ...message,
    decisions: toDecisionMap(decisions),
    forecastMinReviews: deps.plan.forecast.minObservations,
  };
}

/** A record as its message shows it now: as it was posted, with the live decision state. */
export function liveMessage(
  deps: AppDeps,
  record: MessageRecord,
  now: Date,
): Promise<ScalingIndicatorsViewModel> {
  return withLiveDecisions(deps, record.teamId, messageOf(record), now);
}

/**
 * What a status message shows besides its review (`/scale status`, the CLI's `status --save`):
 * its week, where the numbers came from, and which of several sources failed (degraded).
 */
export function statusMessageView(review: Review, metrics: MetricsResult): MessageView {
  const failed = sourceFailureReasons(metrics);
  return {
    kind: 'status',
    weekLabel: weekLabelOf(review.period.key),
    sourceLine: metrics.source.description,
    ...(failed.length > 0 ? { degraded: failed } : {}),
  };
}

/**
 * The sources that failed in a review with several ("PostgreSQL failed: cannot reach
 * PostgreSQL …"): their metrics are unknown, the others still count. Empty when none failed.
 */
export function sourceFailureReasons(result: MetricsResult): string[] {
  return (result.failures ?? []).map((f) => `${f.source} failed: ${f.message}`);
}
