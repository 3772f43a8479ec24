import type { AppHomeViewModel, HomeSubscription } from '../../blocks/index.js';
import type { Subscription } from '../store/ports.js';
import type { AppDeps } from './deps.js';
import { activeDecisions, toDecisionMap } from './review-service.js';
import { conversationsOf, weekLabel } from './status.js';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const RECENT = 5;

export function scheduleLabel(s: Subscription['schedule']): string {
  return `${WEEKDAYS[s.weekday - 1]} ${s.time}`;
}

function toHomeSubscription(s: Subscription): HomeSubscription {
  return {
    channelId: s.channelId,
    schedule: scheduleLabel(s.schedule),
    timezone: s.timezone,
    nextRunAt: s.active ? s.nextRunAt : null,
    ...(s.failure ? { problem: `digest paused: ${s.failure.code}` } : {}),
  };
}

/** App Home: the latest stored review (no metrics fetch: Home must open fast), decisions, history, subscriptions. */
export async function runHome(deps: AppDeps, input: { teamId: string }): Promise<AppHomeViewModel> {
  const now = deps.clock();
  const [records, subscriptions] = await Promise.all([
    deps.store.reviews.latest({ teamId: input.teamId, limit: RECENT }),
    deps.store.subscriptions.list(input.teamId),
  ]);
  const latestRecord = records[0];
  let latest: AppHomeViewModel['latest'] = null;
  if (latestRecord) {
    const keys = latestRecord.review.recommendations.map((r) => r.key);
    const decisions = await activeDecisions(deps.store, input.teamId, keys, now);
    latest = {
      reviewId: latestRecord.id,
      review: latestRecord.review,
      weekLabel: weekLabel(latestRecord.createdAt),
      conversationsThisMonth: conversationsOf(latestRecord.review),
      decisions: toDecisionMap(decisions),
      // The stored source description: each source and its window, no paths or hosts.
      ...(latestRecord.source.detail === undefined
        ? {}
        : { sourceLine: latestRecord.source.detail }),
    };
  }
  return {
    latest,
    recentReviews: records.map((r) => ({
      reviewId: r.id,
      createdAt: r.createdAt,
      headline: r.review.headline,
      stage: { number: r.review.stage.number, name: r.review.stage.name },
    })),
    subscriptions: subscriptions.filter((s) => s.active).map(toHomeSubscription),
  };
}
