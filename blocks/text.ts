import {
  formatNumber,
  formatSignedDelta,
  formatStorageMb,
  formatUtcDay,
  formatUtcTime,
} from '../src/domain/format.js';
import type { IndicatorStatus, IndicatorUnit } from '../src/domain/review-types.js';

/**
 * mrkdwn helpers: escaping, mentions and Slack date tokens. Pure: dates come in as `Date` values,
 * the fallback after `|` is spelled in UTC so it is the same on every machine.
 */

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

const USER_ID = /^[UWB][A-Z0-9]{2,}$/;
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;

/** `<@U123>`, which every reader sees as their own display of the user; other text is escaped. */
export function mention(userId: string): string {
  return USER_ID.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

/** `<#C123>`; other text is escaped. */
export function channelMention(channelId: string): string {
  return CHANNEL_ID.test(channelId) ? `<#${channelId}>` : escapeMrkdwn(channelId);
}

/** Slack date-format tokens used in this app (https://docs.slack.dev/messaging/formatting-message-text). */
const DATE_FORMATS = {
  /** "Today 10:32" / "Dec 5, 2025 10:32" in the reader's timezone. */
  dateTime: '{date_short_pretty} {time}',
  /** "Tomorrow" / "Dec 5, 2025". */
  date: '{date_short_pretty}',
  /** "Monday, December 8th" style. */
  longDate: '{date_long_pretty}',
} as const;
export type DateFormat = keyof typeof DATE_FORMATS;

/** "Fri 5 Dec 2025 09:32 UTC" (or without the time): the text shown where tokens are not rendered. */
function utcFallback(date: Date, withTime: boolean): string {
  const day = formatUtcDay(date);
  if (!withTime) return day;
  return `${day} ${formatUtcTime(date)} UTC`;
}

/** `<!date^UNIX^tokens|fallback>`: each reader sees the date in their own timezone. */
export function slackDate(date: Date, format: DateFormat = 'dateTime'): string {
  const unix = Math.floor(date.getTime() / 1000);
  if (!Number.isFinite(unix)) throw new RangeError('slackDate needs a valid Date');
  return `<!date^${unix}^${DATE_FORMATS[format]}|${utcFallback(date, format === 'dateTime')}>`;
}

export const STATUS_EMOJI = {
  ok: ':large_green_circle:',
  approaching: ':large_yellow_circle:',
  over: ':red_circle:',
  critical: ':bangbang:',
  unknown: ':white_circle:',
} as const satisfies Record<IndicatorStatus, string>;

/** A change against the last review, in the indicator's unit: "+6 pts", "-40ms", "+1.2 GB", "+300". */
export function formatIndicatorDelta(delta: number, unit: IndicatorUnit): string {
  switch (unit) {
    case '%':
      return formatSignedDelta(delta, ' pts');
    case 'ms':
      return formatSignedDelta(delta, 'ms', 0);
    case 'MB': {
      const body = formatStorageMb(Math.abs(delta));
      if (/^0( MB)?$/.test(body)) return formatStorageMb(0);
      return `${delta > 0 ? '+' : '-'}${body}`;
    }
    default:
      return formatSignedDelta(delta, '', 0);
  }
}

/** "no change" when the delta rounds to zero, else the signed delta. */
export function describeDelta(delta: number, unit: IndicatorUnit): string {
  const text = formatIndicatorDelta(delta, unit);
  return /^[+-]?0(\.0+)?( pts|ms| MB)?$/.test(text) ? 'no change' : text;
}

/** Whole conversations: 2340 -> "2,340". */
export function formatCount(value: number): string {
  return formatNumber(value);
}
