import type { DecisionMap } from '../src/domain/review-message.js';
import type { Recommendation, Review } from '../src/domain/review-types.js';
import { capacityPlanHomeLists } from './capacity-plan-home.js';
import type { CapacityPlanViewModel } from './capacity-plan-model.js';
import {
  actions,
  button,
  context,
  divider,
  type HomeViewPayload,
  header,
  moreLine,
  section,
} from './elements.js';
import { forecastLines } from './forecasts.js';
import { ACTION_IDS, CALLBACK_IDS } from './ids.js';
import { composeBlocks, fitLines } from './layout.js';
import { type Budget, budgetFor, fitItems, spend } from './limits.js';
import type { SlackBlock } from './native-types.js';
import {
  indicatorLine,
  isSnoozed,
  recommendationBlocks,
  snoozedLine,
  unsnoozeBlock,
} from './recommendations.js';
import { stageLine } from './scaling-indicators.js';
import { type HomeSettings, settingsHomeBlocks } from './settings-home.js';
import { channelMention, escapeMrkdwn, slackDate } from './text.js';
import { validateBlocks } from './validate.js';

export interface HomeLatestReview {
  reviewId: string;
  review: Review;
  weekLabel: string;
  conversationsThisMonth: number | null;
  decisions: DecisionMap;
  /** Where its metrics came from (each source and window; channel-safe); absent: not shown. */
  sourceLine?: string;
  /** Weekly reviews a forecast needs (the plan's `forecast.minObservations`), when known. */
  forecastMinReviews?: number;
}

export interface HomeReviewSummary {
  reviewId: string;
  createdAt: Date;
  headline: string;
  stage: { number: number; name: string };
}

export interface HomeSubscription {
  channelId: string;
  /** "Mon 09:00" */
  schedule: string;
  /** IANA zone, "Europe/Paris". */
  timezone: string;
  nextRunAt: Date | null;
  /** Set when the channel fails permanently (`channel_not_found`...): shown instead of the next run. */
  problem?: string;
}

export interface AppHomeViewModel {
  latest: HomeLatestReview | null;
  /** Newest first; only the first five are shown. */
  recentReviews: readonly HomeReviewSummary[];
  subscriptions: readonly HomeSubscription[];
  /**
   * The team's capacity plan, as its channels' canvases show it (issue 22); absent or null: not
   * shown. When shown, its forecasts replace the Home's own forecast lines.
   */
  plan?: CapacityPlanViewModel | null;
  /** Where the settings live (and the Settings button); absent or null: not shown. */
  settings?: HomeSettings | null;
}

const RECENT_REVIEWS = 5;

function latestHead(latest: HomeLatestReview | null): SlackBlock[] {
  if (latest === null) {
    return [section('No review yet. Type `/scale` in a channel to run the first one.')];
  }
  const { review } = latest;
  return [
    context([
      `Latest review · ${escapeMrkdwn(latest.weekLabel)}`,
      stageLine(review, latest.conversationsThisMonth),
      ...(latest.sourceLine === undefined ? [] : [`Source: ${escapeMrkdwn(latest.sourceLine)}`]),
    ]),
    section(`*${escapeMrkdwn(review.headline)}*`),
  ];
}

function openRecommendations(latest: HomeLatestReview) {
  return (budget: Budget): SlackBlock[] => {
    const recs = latest.review.recommendations;
    const heading = section('*Open recommendations*');
    if (recs.length === 0) return [section('*Open recommendations*\nNone. :tada:')];
    const render = (rec: Recommendation): SlackBlock[] => {
      const d = latest.decisions[rec.key];
      if (isSnoozed(d)) return [unsnoozeBlock(latest.reviewId, rec, snoozedLine(rec, d))];
      return recommendationBlocks(latest.reviewId, rec, d);
    };
    // Open ones first, snoozed ones after.
    const ordered = [...recs].sort(
      (a, b) =>
        Number(isSnoozed(latest.decisions[a.key])) - Number(isSnoozed(latest.decisions[b.key])),
    );
    const items = fitItems(ordered, render, spend(budget, [heading]), (n) =>
      moreLine(n, n === 1 ? 'recommendation' : 'recommendations', 'see `/scale status`'),
    );
    return [heading, ...items];
  };
}

function recentReviews(reviews: readonly HomeReviewSummary[]) {
  return (budget: Budget): SlackBlock[] => {
    if (reviews.length === 0) return [section('*Recent reviews*\nNone yet.')];
    const shown = reviews.slice(0, RECENT_REVIEWS);
    const lines = shown.map(
      (r) =>
        `• ${slackDate(r.createdAt, 'date')} · Stage ${r.stage.number} · ${escapeMrkdwn(r.stage.name)} — ${escapeMrkdwn(r.headline)}`,
    );
    const historyButton = actions([
      button({ text: 'Full history', actionId: ACTION_IDS.openHistory }),
    ]);
    const rest = reviews.length - shown.length;
    const more =
      rest > 0 ? [moreLine(rest, rest === 1 ? 'review' : 'reviews', '`/scale history`')] : [];
    const fixed = [historyButton, ...more];
    return [...fitLines(['*Recent reviews*', ...lines], spend(budget, fixed), 'reviews'), ...fixed];
  };
}

function subscriptionLine(s: HomeSubscription): string {
  const when = `${escapeMrkdwn(s.schedule)} (${escapeMrkdwn(s.timezone)})`;
  if (s.problem)
    return `• ${channelMention(s.channelId)} · ${when} · :warning: ${escapeMrkdwn(s.problem)}`;
  const next = s.nextRunAt ? `next ${slackDate(s.nextRunAt)}` : 'not scheduled';
  return `• ${channelMention(s.channelId)} · ${when} · ${next}`;
}

function subscriptions(subs: readonly HomeSubscription[]) {
  return (budget: Budget): SlackBlock[] =>
    subs.length === 0
      ? [
          section(
            '*Weekly digests*\nNo channel is subscribed. Invite the app to a channel (`/invite @Scale Review`), then type `/scale subscribe` there.',
          ),
        ]
      : fitLines(['*Weekly digests*', ...subs.map(subscriptionLine)], budget, 'channels');
}

/** The App Home tab, published on `app_home_opened` (max 100 blocks). */
export function buildAppHome(vm: AppHomeViewModel): HomeViewPayload {
  const { latest } = vm;
  const lists: ((b: Budget) => SlackBlock[])[] = [];
  if (latest) {
    const { review } = latest;
    lists.push((b) => fitLines(review.indicators.map(indicatorLine), b, 'indicators'));
    const forecasts = vm.plan
      ? []
      : forecastLines(review.forecasts, review.indicators, latest.forecastMinReviews ?? null);
    if (forecasts.length > 0) lists.push((b) => fitLines(forecasts, b, 'forecasts'));
    if (vm.plan) lists.push(() => [divider()], ...capacityPlanHomeLists(vm.plan));
    lists.push(() => [divider()]);
    lists.push(openRecommendations(latest));
  }
  lists.push(
    () => [divider()],
    recentReviews(vm.recentReviews),
    () => [divider()],
    subscriptions(vm.subscriptions),
  );
  const { settings } = vm;
  if (settings)
    lists.push(
      () => [divider()],
      () => settingsHomeBlocks(settings),
    );
  const blocks = composeBlocks(
    [header(':bar_chart: Scale Review'), ...latestHead(latest)],
    lists,
    [],
    budgetFor('home'),
  );
  validateBlocks(blocks, 'home');
  return { type: 'home', callback_id: CALLBACK_IDS.appHome, blocks };
}
