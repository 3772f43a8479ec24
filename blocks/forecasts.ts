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

const isOwnLine = (status: Forecast['status']): status is OwnLine =>
  status === 'rising' || status === 'shift';

/**
 * The forecast lines of a review: one per indicator with a dated crossing or a level shift
 * ("Server CPU: level shift in week 48 (+15 pts); no trend since"), then one line that
 * groups the rest by why they have no date ("No date: Memory, Error Rate (flat); Conversations
 * (not enough history yet)"), so that a young history is one line, not seven. `escapeText` is the
 * surface's (mrkdwn by default; the capacity plan canvas passes its Markdown's).
 */
export function forecastLines(
  forecasts: readonly Forecast[],
  indicators: readonly Indicator[],
  escapeText: (text: string) => string = escapeMrkdwn,
): string[] {
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
