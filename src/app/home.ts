import type { AppHomeViewModel, HomeSubscription } from '../../blocks/index.js';
import type { Subscription } from '../store/ports.js';
import { loadCapacityPlan } from './capacity-plan.js';
import type { AppDeps } from './deps.js';
import { recentPeriods } from './recent-periods.js';
import { liveMessage } from './review-message.js';

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
    ...(s.failure ? { problem: `Slack refused its last digest (${s.failure.code})` } : {}),
  };
}

/**
 * App Home: the latest period's review as its latest message showed it (no metrics fetch: Home
 * must open fast), its decisions, the team's capacity plan (the same as its channels' canvases),
 * the recent periods and the subscriptions.
 */
export async function runHome(deps: AppDeps, input: { teamId: string }): Promise<AppHomeViewModel> {
  const now = deps.clock();
  const [periods, subscriptions, plan] = await Promise.all([
    recentPeriods(deps, input.teamId, now, RECENT, RECENT * 2),
    deps.store.subscriptions.list(input.teamId),
    loadCapacityPlan(deps, input.teamId, now),
  ]);
  const records = periods.flatMap((p) => (p.record ? [p.record] : []));
  const [latestRecord] = records;
  let latest: AppHomeViewModel['latest'] = null;
  if (latestRecord) {
    const view = await liveMessage(deps, latestRecord, now);
    latest = {
      reviewId: view.reviewId,
      review: view.review,
      weekLabel: view.weekLabel,
      conversationsThisMonth: view.conversationsThisMonth,
      decisions: view.decisions,
      ...(view.forecastMinReviews === undefined
        ? {}
        : { forecastMinReviews: view.forecastMinReviews }),
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
    plan,
  };
}
