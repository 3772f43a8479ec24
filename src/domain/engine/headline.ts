import type { FiredTrigger, Indicator, Recommendation } from '../review-types.js';
import { formatIndicatorValue } from './indicator-text.js';

export const HEALTHY_HEADLINE = 'Monitor, no action needed yet';
export const NO_DATA_HEADLINE = 'Data unavailable: no metrics to review';

export interface HeadlineInput {
  indicators: readonly Indicator[];
  recommendations: readonly Recommendation[];
  triggersFired: readonly FiredTrigger[];
  /** Recommendation keys left out of the headline (snoozed); they stay listed in the review. */
  snoozedKeys?: readonly string[];
}

function breachNote(rec: Recommendation): string {
  if (!rec.breaches) return '';
  return rec.breaches.counted === 1
    ? ' (first breach)'
    : ` (${rec.breaches.counted} of ${rec.breaches.required} breaches)`;
}

function watchSummary(rec: Recommendation, input: HeadlineInput): string {
  if (rec.key.startsWith('trigger:')) {
    const fired = input.triggersFired.find((t) => `trigger:${t.key}` === rec.key);
    return `${fired?.text ?? rec.text}${breachNote(rec)}`;
  }
  const indicator = input.indicators.find((i) => i.key === rec.indicator);
  if (!indicator || indicator.threshold === null) return rec.text;
  const threshold = formatIndicatorValue(indicator.unit, indicator.threshold);
  const word = indicator.status === 'over' ? 'over' : 'approaching';
  return `${indicator.label} ${word} ${threshold}${breachNote(rec)}`;
}

function unknownSuffix(indicators: readonly Indicator[]): string {
  const unknown = indicators.filter((i) => i.status === 'unknown').length;
  if (unknown === 0) return '';
  return ` (${unknown} ${unknown === 1 ? 'metric' : 'metrics'} unknown)`;
}

/**
 * The one-line headline:
 * - any `act` -> "Scale: <first act text>" (+ " (+N more)" for the other act recommendations);
 * - else any `watch` -> "Monitor: <label> approaching <threshold>, no action needed yet";
 * - else "Monitor, no action needed yet".
 * Unknown indicators append " (N metrics unknown)"; when every indicator is unknown the headline
 * is "Data unavailable: no metrics to review". Snoozed keys are left out.
 */
export function buildHeadline(input: HeadlineInput): string {
  if (input.indicators.length > 0 && input.indicators.every((i) => i.status === 'unknown')) {
    return NO_DATA_HEADLINE;
  }
  const snoozed = new Set(input.snoozedKeys ?? []);
  const open = input.recommendations.filter((r) => !snoozed.has(r.key));
  const suffix = unknownSuffix(input.indicators);
  const acts = open.filter((r) => r.severity === 'act');
  const [firstAct] = acts;
  if (firstAct) {
    const more = acts.length > 1 ? ` (+${acts.length - 1} more)` : '';
    return `Scale: ${firstAct.text}${more}${suffix}`;
  }
  const firstWatch = open.find((r) => r.severity === 'watch');
  if (firstWatch)
    return `Monitor: ${watchSummary(firstWatch, input)}, no action needed yet${suffix}`;
  return `${HEALTHY_HEADLINE}${suffix}`;
}
