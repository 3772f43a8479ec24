import type { Forecast, Indicator } from '../src/domain/review-types.js';
import { escapeMrkdwn } from './text.js';

/** Forecasts said on a line of their own: a dated crossing, a level shift. */
type OwnLine = Extract<Forecast['status'], 'rising' | 'shift'>;

const UNDATED = {
  insufficient: 'not enough history yet',
  noisy: 'too noisy for a trend',
  flat: 'flat',
  falling: 'falling',
  beyond: 'no crossing within the horizon',
  over: 'over every level',
} as const satisfies Record<Exclude<Forecast['status'], OwnLine>, string>;

const ICON = ':chart_with_upwards_trend:';

/** "(this is the first)", "(2 so far)": the weekly reviews the forecasts have now. */
function soFar(reviews: number): string {
  return reviews <= 1 ? 'this is the first' : `${reviews} so far`;
}

/**
 * A history too young for any forecast, in one line: "Forecasts start after 3 weekly reviews
 * (this is the first)." `minReviews` is the plan's `forecast.minObservations` (null: not known).
 */
function youngHistoryLine(forecasts: readonly Forecast[], minReviews: number | null): string {
  const reviews = Math.max(1, ...forecasts.map((f) => f.observations));
  if (minReviews === null)
    return `${ICON} Forecasts start after a few weekly reviews (${soFar(reviews)}).`;
  if (reviews >= minReviews) {
    return `${ICON} Forecasts need more weekly reviews with data (${soFar(reviews)}).`;
  }
  return `${ICON} Forecasts start after ${minReviews} weekly reviews (${soFar(reviews)}).`;
}

const isOwnLine = (status: Forecast['status']): status is OwnLine =>
  status === 'rising' || status === 'shift';

/**
 * The forecast lines of a review: one per indicator with a dated crossing or a level shift
 * ("Server CPU: level shift in week 48 (+15 pts); no trend since"), then one line that
 * groups the rest by why they have no date ("No date: Memory, Error Rate (flat); Conversations
 * (not enough history yet)"), so that a young history is one line, not seven; and when no
 * indicator has history enough, one line saying when forecasts start. `escapeText` is the
 * surface's (mrkdwn by default; the capacity plan canvas passes its Markdown's).
 */
export function forecastLines(
  forecasts: readonly Forecast[],
  indicators: readonly Indicator[],
  minReviews: number | null = null,
  escapeText: (text: string) => string = escapeMrkdwn,
): string[] {
  if (forecasts.length > 0 && forecasts.every((f) => f.status === 'insufficient')) {
    return [youngHistoryLine(forecasts, minReviews)];
  }
  const label = (f: Forecast) =>
    indicators.find((i) => i.key === f.indicator)?.label ?? f.indicator;
  const lines = forecasts
    .filter((f) => isOwnLine(f.status))
    .map((f) => `${ICON} ${escapeText(f.text)}`);
  const groups = new Map<string, string[]>();
  for (const f of forecasts) {
    if (isOwnLine(f.status)) continue;
    const why = UNDATED[f.status];
    groups.set(why, [...(groups.get(why) ?? []), label(f)]);
  }
  if (groups.size === 0) return lines;
  const rest = [...groups.entries()]
    .map(([why, labels]) => `${labels.map(escapeText).join(', ')} (${why})`)
    .join('; ');
  return [...lines, `${ICON} No forecast date: ${rest}`];
}
