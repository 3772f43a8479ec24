import {
  formatMs,
  formatNumber,
  formatPercent,
  formatSignedDelta,
  formatStorageMb,
} from '../format.js';
import type { IndicatorStatus, IndicatorUnit } from '../review-types.js';
import type { Limits } from './thresholds.js';

/** A value in its unit: "72%", "450ms", "400 MB", "6 GB", "78", "3,000/month". */
export function formatIndicatorValue(unit: IndicatorUnit, value: number): string {
  switch (unit) {
    case '%':
      return formatPercent(value);
    case 'ms':
      return formatMs(value);
    case 'MB':
      return formatStorageMb(value);
    case 'connections':
      return formatNumber(value, 1);
    case 'conversations/month':
      return `${formatNumber(value)}/month`;
  }
}

/** A delta in its unit: "+6 pts", "-20ms", "+120 MB", "+5", "+1,200/month". */
export function formatIndicatorDelta(unit: IndicatorUnit, delta: number): string {
  switch (unit) {
    case '%':
      return formatSignedDelta(delta, ' pts', Math.abs(delta) < 1 ? 2 : 1);
    case 'ms':
      return formatSignedDelta(delta, 'ms', 0);
    case 'MB':
      return formatSignedDelta(delta, ' MB', 0);
    case 'connections':
      return formatSignedDelta(delta, '', 0);
    case 'conversations/month':
      return formatSignedDelta(delta, '/month', 0);
  }
}

/** "consider scaling at >75%" or "target <500ms", with where the threshold comes from when it is not the panel's. */
export function thresholdPhrase(unit: IndicatorUnit, limits: Limits): string | null {
  if (limits.over === null) return null;
  const value = formatIndicatorValue(unit, limits.over);
  const base = limits.wording === 'target' ? `target <${value}` : `consider scaling at >${value}`;
  const { source } = limits;
  switch (source.kind) {
    case 'panel':
      return base;
    case 'trigger':
      // Only a trigger that replaces a panel threshold is named; DB size and conversations
      // thresholds are the stage's triggers by nature.
      return unit === 'MB' || unit === 'conversations/month'
        ? base
        : `${base}, the stage ${source.stage} trigger`;
    case 'tier':
      return `${base}: ${formatRatio(limits.over, source.limitMb)} of ${source.name}'s ${formatStorageMb(source.limitMb)}`;
    case 'stageLimit':
      return source.limitMb === null || unit !== 'MB'
        ? base
        : `${base}: ${formatRatio(limits.over, source.limitMb)} of stage ${source.stage}'s ${formatStorageMb(source.limitMb)}`;
  }
}

function formatRatio(part: number, whole: number): string {
  return formatPercent(Math.round((part / whole) * 1000) / 10);
}

/** "critical, >90%" when the critical level fired (the line then names both levels and which fired). */
function criticalPhrase(unit: IndicatorUnit, limits: Limits, status: IndicatorStatus): string {
  if (status !== 'critical' || limits.critical === null) return '';
  const value = formatIndicatorValue(unit, limits.critical);
  return `critical: over ${value}; `;
}

export interface TextInput {
  label: string;
  unit: IndicatorUnit;
  value: number | null;
  limits: Limits | null;
  status: IndicatorStatus;
  /** Why the value is unknown. */
  reason: string | null;
  /** Text used when the indicator has no upper limit ("stage 4 has no upper limit"). */
  noLimitText?: string;
  /** Shown after the value: ", busiest instance 97%". */
  valueSuffix?: string;
}

/** One panel line: "Server CPU: 72% (consider scaling at >75%)"; "Server CPU: unknown (no datapoints)". */
export function indicatorText(input: TextInput): string {
  if (input.value === null || input.status === 'unknown') {
    return `${input.label}: unknown (${input.reason ?? 'no value'})`;
  }
  const value = formatIndicatorValue(input.unit, input.value);
  const phrase = input.limits ? thresholdPhrase(input.unit, input.limits) : null;
  const critical = input.limits ? criticalPhrase(input.unit, input.limits, input.status) : '';
  const suffix = phrase ?? input.noLimitText ?? 'no limit';
  return `${input.label}: ${value}${input.valueSuffix ?? ''} (${critical}${suffix})`;
}

/** "Database Connections: 78/100 (OK)", "... 85/100 (approaching, consider scaling at >90)". */
export function connectionsText(
  label: string,
  value: number,
  max: number,
  limits: Limits,
  status: IndicatorStatus,
): string {
  const head = `${label}: ${formatNumber(value)}/${formatNumber(max)}`;
  if (status === 'ok') return `${head} (OK)`;
  const phrase = thresholdPhrase('connections', limits) ?? 'no limit';
  if (status === 'critical')
    return `${head} (${criticalPhrase('connections', limits, status)}${phrase})`;
  return `${head} (${status}, ${phrase})`;
}
