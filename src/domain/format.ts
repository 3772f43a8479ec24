/**
 * Number, volume, money and delta formatting shared by the CLI text output and the Slack blocks.
 * Pure and locale-independent: always en-US separators ("2,000"), whatever the machine's locale.
 */

import type { ComponentKind } from './plan/schema.js';

const MB_PER_GB = 1024;

/** How a plan component kind is named in cost breakdowns (CLI and Slack). */
export const COMPONENT_KIND_LABELS = {
  server: 'Server',
  database: 'Database',
  email: 'Email',
  redis: 'Redis',
  loadBalancer: 'Load balancer',
  cdn: 'CDN',
  monitoring: 'Monitoring',
} as const satisfies Record<ComponentKind, string>;

/**
 * One formatter per fraction-digit count: `toLocaleString` with options builds a new
 * Intl.NumberFormat on every call, which was a fifth of the bot's CPU per `/scale status`
 * (docs/benchmarks.md). Same output: toLocaleString is specified as exactly this formatter.
 */
const formatters = new Map<number, Intl.NumberFormat>();

function formatterFor(maxFractionDigits: number): Intl.NumberFormat {
  let formatter = formatters.get(maxFractionDigits);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat('en-US', {
      maximumFractionDigits: maxFractionDigits,
      minimumFractionDigits: 0,
    });
    formatters.set(maxFractionDigits, formatter);
  }
  return formatter;
}

function decimal(value: number, maxFractionDigits: number): string {
  const formatted = formatterFor(maxFractionDigits).format(value);
  // -0 and values that round to zero print as "0", never "-0".
  return formatted === '-0' ? '0' : formatted;
}

/** 2000 -> "2,000"; 4394.4 -> "4,394"; with `maxFractionDigits` 1: 72.46 -> "72.5". */
export function formatNumber(value: number, maxFractionDigits = 0): string {
  return decimal(value, maxFractionDigits);
}

/** 864 -> "864"; 4394 -> "4.4K"; 2000 -> "2K"; 15209 -> "15.2K"; 1_250_000 -> "1.3M". */
export function formatVolumeShort(value: number): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  if (Math.round(abs) < 1000) return `${sign}${decimal(abs, 0)}`;
  const thousands = Math.round(abs / 100) / 10;
  if (thousands < 1000) return `${sign}${decimal(thousands, 1)}K`;
  const millions = Math.round(abs / 100_000) / 10;
  return `${sign}${decimal(millions, 1)}M`;
}

/** Percent with up to one decimal (two below 1%): 72 -> "72%", 0.1 -> "0.1%", 0.05 -> "0.05%". */
export function formatPercent(value: number): string {
  return `${decimal(value, Math.abs(value) < 1 ? 2 : 1)}%`;
}

/** Milliseconds as a whole number: 450 -> "450ms". */
export function formatMs(value: number): string {
  return `${decimal(value, 0)}ms`;
}

/**
 * Storage in MB below 1 GB, GB below 1 TB, else TB (1 GB = 1024 MB, 1 TB = 1024 GB): 400 -> "400
 * MB", 6144 -> "6 GB", 4300 -> "4.2 GB", 1572864 -> "1.5 TB".
 */
export function formatStorageMb(mb: number): string {
  if (Math.abs(mb) < MB_PER_GB) return `${decimal(mb, 0)} MB`;
  if (Math.abs(mb) < MB_PER_GB * MB_PER_GB) return `${decimal(mb / MB_PER_GB, 1)} GB`;
  return `${decimal(mb / MB_PER_GB / MB_PER_GB, 1)} TB`;
}

/** Whole dollars: 2450 -> "$2,450"; -5 -> "-$5". */
export function formatMoney(value: number): string {
  const sign = value < 0 ? '-' : '';
  return `${sign}$${decimal(Math.abs(value), 0)}`;
}

export interface MoneyRange {
  min: number;
  max: number | null;
}

/**
 * A monthly cost range: {20,30} -> "$20-30"; {25,25} -> "$25"; {213,null} -> "$213+";
 * ranges with a negative bound are spelled out: {-10,5} -> "-$10 to $5".
 */
export function formatMoneyRange(range: MoneyRange): string {
  if (range.max === null) return `${formatMoney(range.min)}+`;
  if (range.min === range.max) return formatMoney(range.min);
  if (range.min >= 0) return `$${decimal(range.min, 0)}-${decimal(range.max, 0)}`;
  return `${formatMoney(range.min)} to ${formatMoney(range.max)}`;
}

/**
 * A signed change in monthly cost, open ends kept open (src/domain/cost-change.ts): {30,60} ->
 * "+$30-60/month"; {0,0} -> "no extra cost"; {128,null} -> "+$128/month or more"; {null,587} ->
 * "up to +$587/month"; {-180,-90} -> "saves $90-180/month"; null -> "cost not stated".
 */
export function formatCostChange(
  change: { min: number | null; max: number | null } | null,
): string {
  if (change === null) return 'cost not stated';
  const { min, max } = change;
  if (min === 0 && max === 0) return 'no extra cost';
  if (min === null && max === null) return 'cost change unknown';
  if (max !== null && max <= 0 && (min === null || min <= 0)) {
    if (min === null) return `saves ${formatMoney(-max)}/month or more`;
    return `saves ${formatMoneyRange({ min: -max, max: -min })}/month`;
  }
  if (min === null)
    return `up to ${max !== null && max > 0 ? '+' : ''}${formatMoney(max ?? 0)}/month`;
  const sign = min >= 0 ? '+' : '';
  // A lower stage without a known top may save up to the difference, or cost more.
  if (max === null && min < 0) return `saves up to ${formatMoney(-min)}/month`;
  if (max === null) return `${sign}${formatMoney(min)}/month or more`;
  return `${sign}${formatMoneyRange({ min, max })}/month`;
}

/** A signed number: 6 -> "+6", -2.5 -> "-2.5", 0 -> "0"; an optional suffix is appended as is. */
export function formatSignedDelta(value: number, suffix = '', maxFractionDigits = 1): string {
  const body = decimal(value, maxFractionDigits);
  const sign = body !== '0' && value > 0 ? '+' : '';
  return `${sign}${body}${suffix}`;
}

/** A conversations-per-month range in the seed's style: {0,1000} -> "0-1K"; {20000,null} -> "20K+". */
export function formatVolumeRange(range: MoneyRange): string {
  if (range.max === null) return `${formatVolumeShort(range.min)}+`;
  return `${formatVolumeShort(range.min)}-${formatVolumeShort(range.max)}`;
}

/** A plain numeric range: {3,8} -> "3-8"; {20,null} -> "20+"; {25,25} -> "25". */
export function formatRange(range: MoneyRange): string {
  if (range.max === null) return `${formatNumber(range.min)}+`;
  if (range.min === range.max) return formatNumber(range.min);
  return `${formatNumber(range.min)}-${formatNumber(range.max)}`;
}

const SHORT_WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const SHORT_MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/** "Mon 7 Dec 2026", in UTC, so that output never depends on the machine's time zone. */
export function formatUtcDay(date: Date): string {
  const weekday = SHORT_WEEKDAYS[date.getUTCDay()] ?? '';
  const month = SHORT_MONTHS[date.getUTCMonth()] ?? '';
  return `${weekday} ${date.getUTCDate()} ${month} ${date.getUTCFullYear()}`;
}

/** "09:05", UTC. */
export function formatUtcTime(date: Date): string {
  const pad2 = (n: number) => String(n).padStart(2, '0');
  return `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}`;
}

/** "14 Dec", UTC. */
export function formatUtcDayMonth(date: Date): string {
  return `${date.getUTCDate()} ${SHORT_MONTHS[date.getUTCMonth()] ?? ''}`;
}

/** "Mar 2027", UTC. */
export function formatUtcMonthYear(date: Date): string {
  return `${SHORT_MONTHS[date.getUTCMonth()] ?? ''} ${date.getUTCFullYear()}`;
}
