import { DateTime } from 'luxon';
import { formatUtcDayMonth } from '../format.js';
import { DAYS_PER_MONTH } from '../growth.js';
import { periodOf } from '../period.js';
import type { ForecastCrossing } from '../review-types.js';
import type { LevelShiftFound } from './level-shift.js';

/** "1 week", "3 weeks" (at least 1). */
export function weeksText(days: number): string {
  const w = Math.max(1, Math.round(days / 7));
  return w === 1 ? '1 week' : `${w} weeks`;
}

/** "1 month", "3 months" (at least 1). */
export function monthsText(days: number): string {
  const m = Math.max(1, Math.round(days / DAYS_PER_MONTH));
  return m === 1 ? '1 month' : `${m} months`;
}

/** A crossing's time unit: weeks for indicators, months for conversations. */
export interface TimeUnit {
  text: (days: number) => string;
  /** The whole number of units `text` shows. */
  count: (days: number) => number;
  plural: string;
}

export const WEEKS: TimeUnit = {
  text: weeksText,
  count: (days) => Math.max(1, Math.round(days / 7)),
  plural: 'weeks',
};

export const MONTHS: TimeUnit = {
  text: monthsText,
  count: (days) => Math.max(1, Math.round(days / DAYS_PER_MONTH)),
  plural: 'months',
};

/**
 * The range of a crossing: "80% range 1–4 weeks", "80% range 2 weeks" (both ends in the same
 * week), "80% range: 3 weeks to possibly never".
 */
export function rangeText(c: ForecastCrossing, percent: number, unit: TimeUnit): string {
  const earliest = unit.count(c.earliestDays);
  if (c.latestDays === null) {
    return `${percent}% range: ${unit.text(c.earliestDays)} to possibly never`;
  }
  const latest = unit.count(c.latestDays);
  if (latest === earliest) return `${percent}% range ${unit.text(c.earliestDays)}`;
  return `${percent}% range ${earliest}–${latest} ${unit.plural}`;
}

/**
 * "in about 2 weeks (80% range 1–4 weeks, around 14 Dec)"; `around` formats the date
 * ("14 Dec", "Dec 2026").
 */
export function whenText(
  c: ForecastCrossing,
  percent: number,
  unit: TimeUnit,
  around: (at: Date) => string,
): string {
  const at = around(new Date(c.at));
  return `in about ${unit.text(c.inDays)} (${rangeText(c, percent, unit)}, around ${at})`;
}

/** The headline's form: "in about 2 weeks (around 14 Dec)", "(around 20 Jan; possibly never)". */
export function shortWhenText(
  c: ForecastCrossing,
  unit: TimeUnit,
  around: (at: Date) => string,
): string {
  const never = c.possiblyNever ? '; possibly never' : '';
  return `in about ${unit.text(c.inDays)} (around ${around(new Date(c.at))}${never})`;
}

/** "week 47" for weekly periods, else "the period from 30 Nov". */
export function periodName(start: Date, intervalDays: number): string {
  if (intervalDays === 7) {
    return `week ${DateTime.fromJSDate(start, { zone: 'utc' }).weekNumber}`;
  }
  return `the period from ${formatUtcDayMonth(start)}`;
}

/** The start of the review period at `x` weeks from the current period of `now`. */
export function periodStartAt(x: number, now: Date, intervalDays: number): Date {
  const current = periodOf(now, intervalDays);
  const offset = Math.round((x * 7) / intervalDays);
  return new Date(current.start.getTime() + offset * intervalDays * 86_400_000);
}

/** Where a level shift happened: "week 47", the first period at the new level. */
export function shiftWhere(shift: LevelShiftFound, now: Date, intervalDays: number): string {
  return periodName(periodStartAt(shift.x, now, intervalDays), intervalDays);
}
