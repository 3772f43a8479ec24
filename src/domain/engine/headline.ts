import type { Plan } from '../plan/schema.js';
import type { Forecast, Indicator, Recommendation, RecommendationReason } from '../review-types.js';
import { formatIndicatorValue } from './indicator-text.js';

export const HEALTHY_HEADLINE = 'Monitor, no action needed yet';
export const NO_DATA_HEADLINE = 'Data unavailable: no metrics to review';

export interface HeadlineInput {
  plan: Plan;
  indicators: readonly Indicator[];
  /** Ordered most severe first (buildRecommendations). */
  recommendations: readonly Recommendation[];
  forecasts: readonly Forecast[];
  /** Recommendation keys left out of the headline (snoozed); they stay listed in the review. */
  snoozedKeys?: readonly string[];
}

function unknownSuffix(indicators: readonly Indicator[]): string {
  const unknown = indicators.filter((i) => i.status === 'unknown').length;
  if (unknown === 0) return '';
  return ` (${unknown} ${unknown === 1 ? 'metric' : 'metrics'} unknown)`;
}

/** " (+2 more)"; with `merge`, into the summary's own parenthesis: "(first breach; +2 more)". */
function withMore(text: string, more: number, merge = false): string {
  if (more === 0) return text;
  if (merge && text.endsWith(')')) return `${text.slice(0, -1)}; +${more} more)`;
  return `${text} (+${more} more)`;
}

/** "; Server CPU crosses 75% in about 2 weeks (around 14 Dec)": the soonest forecast crossing. */
function soonestCrossing(input: HeadlineInput): string {
  const soonest = input.forecasts
    .filter((f) => f.status === 'rising')
    .flatMap((f) => f.crossings.slice(0, 1).map((c) => ({ f, c })))
    .toSorted((a, b) => a.c.inDays - b.c.inDays)[0];
  return soonest?.f.summary ? `; ${soonest.f.summary}` : '';
}

function watchSummary(
  input: HeadlineInput,
  reason: RecommendationReason | undefined,
  rec: Recommendation,
): string {
  if (!reason) return rec.text;
  const breach = reason.confirmation?.state === 'unconfirmed';
  const note = breach
    ? reason.confirmation?.counted === 1
      ? ' (first breach)'
      : ` (${reason.confirmation?.counted} of ${reason.confirmation?.required} breaches)`
    : '';
  if (reason.trigger !== null) {
    const trigger = input.plan.stages
      .flatMap((s) => s.triggers)
      .find((t) => t.key === reason.trigger);
    return `${trigger?.text ?? rec.text}${note}`;
  }
  const indicator = input.indicators.find((i) => i.key === reason.indicator);
  if (!indicator || indicator.threshold === null) return rec.text;
  const threshold = formatIndicatorValue(indicator.unit, indicator.threshold);
  return `${indicator.label} ${breach ? 'over' : 'approaching'} ${threshold}${note}`;
}

/**
 * The one-line headline, led by the most severe open action (docs/plan.md, "Headline"):
 * - critical: "Scale now: <action>"; confirmed: "Scale: <action>";
 * - unconfirmed breaches: "Monitor: <indicator> over <threshold> (first breach), confirm at the next review";
 * - only approaching: "Monitor: <indicator> approaching <threshold>, no action needed yet";
 * - nothing open: "Monitor, no action needed yet".
 * "(+N more)" counts the other open actions. With nothing open, the soonest forecast crossing is
 * named ("Monitor, no action needed yet; Server CPU crosses 75% in about 2 weeks (around 14 Dec)").
 * Unknown indicators append "(N metrics unknown)";
 * when every indicator is unknown: "Data unavailable: no metrics to review". Snoozed actions are
 * left out.
 */
export function buildHeadline(input: HeadlineInput): string {
  if (input.indicators.length > 0 && input.indicators.every((i) => i.status === 'unknown')) {
    return NO_DATA_HEADLINE;
  }
  const snoozed = new Set(input.snoozedKeys ?? []);
  const open = input.recommendations.filter((r) => !snoozed.has(r.key));
  const suffix = unknownSuffix(input.indicators);
  const [lead] = open;
  if (!lead) return `${HEALTHY_HEADLINE}${soonestCrossing(input)}${suffix}`;
  const more = open.length - 1;
  if (lead.severity === 'critical') return `Scale now: ${withMore(lead.text, more)}${suffix}`;
  if (lead.severity === 'act') return `Scale: ${withMore(lead.text, more)}${suffix}`;
  const breaching = open.some((r) =>
    r.reasons.some((reason) => reason.confirmation?.state === 'unconfirmed'),
  );
  const tail = breaching ? 'confirm at the next review' : 'no action needed yet';
  const summary = withMore(watchSummary(input, lead.reasons[0], lead), more, true);
  return `Monitor: ${summary}, ${tail}${suffix}`;
}
