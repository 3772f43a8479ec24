import { formatMoneyRange, formatPercent, formatVolumeRange } from '../src/domain/format.js';
import type {
  CarriedForwardDecision,
  DecisionMap,
  ProjectionLine,
} from '../src/domain/review-message.js';
import type { Recommendation, Review } from '../src/domain/review-types.js';
import {
  context,
  divider,
  fallbackText,
  header,
  type MessagePayload,
  moreLine,
  section,
} from './elements.js';
import { forecastLines } from './forecasts.js';
import { indicatorNotes, indicatorTable } from './indicator-table.js';
import { composeBlocks, fitLines } from './layout.js';
import { type Budget, budgetFor, fitItems, spend } from './limits.js';
import type { SlackBlock } from './native-types.js';
import { projectionChart } from './projection-chart.js';
import { indicatorLine, isSnoozed, recommendationBlocks, snoozedLine } from './recommendations.js';
import { escapeMrkdwn, formatCount, mention, slackDate } from './text.js';
import { trendChart } from './trend-chart.js';
import { validateBlocks } from './validate.js';

export interface ScalingIndicatorsViewModel {
  reviewId: string;
  review: Review;
  /** "Week 49, 2025" */
  weekLabel: string;
  conversationsThisMonth: number | null;
  /** "CloudWatch, us-east-1, 7 days to Mon 09:00 UTC" */
  sourceLine: string;
  /** Latest decision per recommendation key. */
  decisions: DecisionMap;
  carriedForward?: readonly CarriedForwardDecision[];
  projection?: ProjectionLine;
  /** Set when a digest is sent after its scheduled time (catch-up after downtime). */
  delayed?: { scheduledFor: Date };
  /** Why the data is incomplete (metrics source throttled, partial answer...). */
  degraded?: readonly string[];
  /** A digest's channel's next digest: the footer names it instead of the plan's next review. */
  nextDigestAt?: Date;
  /** Weekly reviews a forecast needs (the plan's `forecast.minObservations`), when known. */
  forecastMinReviews?: number;
}

const HINT = 'open the Scale Review App Home';

export function stageLine(review: Review, conversationsThisMonth: number | null): string {
  const { stage } = review;
  const range = `${formatVolumeRange(stage.conversationsPerMonth)} conversations/month`;
  const volume =
    conversationsThisMonth === null
      ? 'conversations this month: unknown'
      : `${formatCount(conversationsThisMonth)} conversations this month`;
  return `*Stage ${stage.number} · ${escapeMrkdwn(stage.name)}* (${range}) · ${volume}`;
}

function markerTexts(vm: ScalingIndicatorsViewModel): string[] {
  const out: string[] = [];
  if (vm.delayed)
    out.push(`:hourglass: *Delayed* — scheduled for ${slackDate(vm.delayed.scheduledFor)}`);
  if (vm.degraded && vm.degraded.length > 0) {
    out.push(`:warning: *Degraded* — ${vm.degraded.map(escapeMrkdwn).join('; ')}`);
  }
  return out;
}

export function dataQualityText(review: Review): string | null {
  const label = (key: string) => review.indicators.find((i) => i.key === key)?.label ?? key;
  const { missing, stale, notes } = review.dataQuality;
  const parts: string[] = [];
  if (missing.length > 0)
    parts.push(`no data for ${missing.map(label).map(escapeMrkdwn).join(', ')}`);
  if (stale.length > 0) parts.push(`stale: ${stale.map(label).map(escapeMrkdwn).join(', ')}`);
  parts.push(...notes.map(escapeMrkdwn));
  return parts.length === 0 ? null : `:mag: Data quality: ${parts.join(' · ')}`;
}

function carriedForwardLine(item: CarriedForwardDecision): string {
  const { decision } = item;
  const label = `*${escapeMrkdwn(item.label)}*`;
  const current = escapeMrkdwn(item.current);
  if (item.reopenedBecause) {
    return `:warning: ${label}: snooze by ${mention(decision.userId)} ended early — ${escapeMrkdwn(item.reopenedBecause)}; ${current}`;
  }
  if (decision.kind === 'ack') {
    return `${label}: acknowledged by ${mention(decision.userId)} ${slackDate(decision.at, 'date')}; ${current}`;
  }
  if (decision.kind === 'done') {
    return `${label}: done by ${mention(decision.userId)} ${slackDate(decision.at, 'date')}; ${current}`;
  }
  const until = decision.snoozeUntil ? ` until ${slackDate(decision.snoozeUntil, 'date')}` : '';
  return `${label}: snoozed${until} by ${mention(decision.userId)}; ${current}`;
}

/** Where the projection's growth comes from, as a reader understands it. */
const GROWTH_SOURCE_TEXT = {
  observed: 'the growth observed in past reviews',
  // `configured` is the plan's default (scale-review.yml may set it, or not).
  configured: "the plan's default growth (too little history to observe one)",
} as const satisfies Record<ProjectionLine['growthSource'], string>;

export function projectionText(p: ProjectionLine): string {
  const growth = `At ${formatPercent(p.monthlyGrowthPercent)}/month, ${GROWTH_SOURCE_TEXT[p.growthSource]}`;
  if (p.nextStage === null)
    return `:crystal_ball: ${growth}, no new stage within ${p.horizonMonths} months.`;
  const { nextStage: s } = p;
  const months = s.inMonths === 1 ? '1 month' : `${s.inMonths} months`;
  return `:crystal_ball: ${growth}, Stage ${s.number} · ${escapeMrkdwn(s.name)} is reached in about ${months} (${formatMoneyRange(s.monthlyCost)}/month).`;
}

/** "Next digest: …" for a digest (its channel's schedule), else the plan's next review. */
function nextLine(vm: ScalingIndicatorsViewModel): string {
  if (vm.nextDigestAt) return `Next digest: ${slackDate(vm.nextDigestAt, 'longDate')}`;
  return `Next review: ${slackDate(new Date(vm.review.nextReviewAt), 'longDate')}`;
}

function recommendationList(vm: ScalingIndicatorsViewModel, open: readonly Recommendation[]) {
  return (budget: Budget): SlackBlock[] => {
    if (open.length === 0) return [section('*Recommendations*\nNo open recommendations. :tada:')];
    const heading = section('*Recommendations*');
    const items = fitItems(
      open,
      (rec) => recommendationBlocks(vm.reviewId, rec, vm.decisions[rec.key]),
      spend(budget, [heading]),
      (n) => moreLine(n, n === 1 ? 'recommendation' : 'recommendations', HINT),
    );
    return [heading, ...items];
  };
}

/** How a message shows its indicators: the native blocks, or the mrkdwn lines (the fallback). */
type IndicatorsShown = 'native' | 'plain';

/**
 * The indicators: a table block and the trend chart with its one-line reading (native), or the
 * mrkdwn lines and the chart in words (plain: the App Home's lines, and the fallback when Slack
 * refuses the native blocks).
 */
function indicatorLists(review: Review, shown: IndicatorsShown): ((b: Budget) => SlackBlock[])[] {
  const chart = trendChart(review);
  if (shown === 'plain') {
    return [
      (b) => fitLines(review.indicators.map(indicatorLine), b, 'indicators', HINT),
      ...(chart ? [() => [context([chart.lines.join('\n')])]] : []),
    ];
  }
  const notes = indicatorNotes(review.indicators);
  return [
    () => [indicatorTable(review.indicators), ...(notes.length > 0 ? [context(notes)] : [])],
    ...(chart ? [() => [chart.block, context([chart.caption])]] : []),
  ];
}

function messageBlocks(vm: ScalingIndicatorsViewModel, shown: IndicatorsShown): SlackBlock[] {
  const { review } = vm;
  const open = review.recommendations.filter((r) => !isSnoozed(vm.decisions[r.key]));
  const snoozed = review.recommendations.flatMap((r) => {
    const d = vm.decisions[r.key];
    return isSnoozed(d) ? [snoozedLine(r, d)] : [];
  });
  const markers = markerTexts(vm);
  const quality = dataQualityText(review);

  const head: SlackBlock[] = [
    header(`:bar_chart: Scaling Indicators · ${vm.weekLabel}`),
    context([
      stageLine(review, vm.conversationsThisMonth),
      `Source: ${escapeMrkdwn(vm.sourceLine)}`,
    ]),
    ...(markers.length > 0 ? [context(markers)] : []),
    section(`*${escapeMrkdwn(review.headline)}*`),
  ];
  const projected = shown === 'native' && vm.projection?.chart;
  const projection = projected ? projectionChart(projected) : null;
  const tail: SlackBlock[] = [
    ...(vm.projection ? [context([projectionText(vm.projection)])] : []),
    ...(projection ? [projection] : []),
    context([`${nextLine(vm)} · Review \`${vm.reviewId}\``]),
  ];
  const carried = (vm.carriedForward ?? []).map(carriedForwardLine);
  const lists = indicatorLists(review, shown);
  if (quality) lists.push(() => [context([quality])]);
  const forecasts = forecastLines(
    review.forecasts,
    review.indicators,
    vm.forecastMinReviews ?? null,
  );
  if (forecasts.length > 0) lists.push((b) => fitLines(forecasts, b, 'forecasts', HINT));
  if (carried.length > 0)
    lists.push((b) => fitLines(['*Decisions carried forward*', ...carried], b, 'decisions'));
  const since = [...(review.outcomes ?? []), ...(review.cleared ?? [])].map(escapeMrkdwn);
  if (since.length > 0)
    lists.push((b) => fitLines(['*Since the changes*', ...since], b, 'outcomes', HINT));
  lists.push(() => [divider()], recommendationList(vm, open));
  if (snoozed.length > 0) lists.push((b) => fitLines(snoozed, b, 'snoozed recommendations', HINT));
  const blocks = composeBlocks(head, lists, tail, budgetFor('message'));
  validateBlocks(blocks, 'message');
  return blocks;
}

export interface MessageOptions {
  /** Native blocks (the table, the charts); false: the mrkdwn lines only. Default true. */
  native?: boolean;
}

/**
 * The Scaling Indicators message (for `/scale status` and the weekly digest): with the indicators
 * table and the trend chart (the digest's projection chart too), and the same message with the
 * mrkdwn lines instead (`plain`), for when Slack refuses the native blocks.
 */
export function buildScalingIndicators(
  vm: ScalingIndicatorsViewModel,
  options: MessageOptions = {},
): MessagePayload {
  const { review } = vm;
  const flags = [vm.delayed ? ' (delayed)' : '', vm.degraded?.length ? ' (degraded)' : ''].join('');
  const text = fallbackText(
    `Scaling Indicators · ${escapeMrkdwn(vm.weekLabel)}${flags}: ${escapeMrkdwn(review.headline)}`,
  );
  const plain = messageBlocks(vm, 'plain');
  if (options.native === false) return { text, blocks: plain };
  return { text, blocks: messageBlocks(vm, 'native'), plain };
}
