import { formatCostChange, formatUtcDayMonth } from '../format.js';
import type { Plan } from '../plan/schema.js';
import type { Forecast, Indicator, Recommendation, RecommendationReason } from '../review-types.js';
import type { ActionCategory } from './draft-types.js';
import { formatIndicatorValue } from './indicator-text.js';

export const HEALTHY_HEADLINE = 'Monitor, no action needed yet';
export const NO_DATA_HEADLINE = 'Data unavailable: no metrics to review';

export type HeadlineRecommendation = Recommendation & { category: ActionCategory };

export interface HeadlineInput {
  plan: Plan;
  indicators: readonly Indicator[];
  /** Ordered most severe first (buildRecommendations). */
  recommendations: readonly HeadlineRecommendation[];
  forecasts: readonly Forecast[];
  /** Recommendation keys left out of the headline (snoozed); they stay listed in the review. */
  snoozedKeys?: readonly string[];
}

/** The verb an action leads the headline with, at act and at critical. */
const VERBS: Record<ActionCategory, { act: string; critical: string }> = {
  capacity: { act: 'Scale', critical: 'Scale now' },
  optimise: { act: 'Optimise', critical: 'Optimise now' },
  investigate: { act: 'Investigate', critical: 'Investigate now' },
  saving: { act: 'Right-size', critical: 'Right-size' },
};

function unknownSuffix(indicators: readonly Indicator[]): string {
  const unknown = indicators.filter((i) => i.status === 'unknown').length;
  if (unknown === 0) return '';
  return ` (${unknown} ${unknown === 1 ? 'metric' : 'metrics'} unknown)`;
}

/** "; 2 more recommendations": the other open actions, said after the headline, never inside it. */
function moreText(more: number): string {
  if (more === 0) return '';
  return `; ${more} more ${more === 1 ? 'recommendation' : 'recommendations'}`;
}

/** "; Server CPU crosses 75% in about 2 weeks (around 14 Dec)": the soonest forecast crossing. */
function soonestCrossing(input: HeadlineInput): string {
  const soonest = input.forecasts
    .filter((f) => f.status === 'rising')
    .flatMap((f) => f.crossings.slice(0, 1).map((c) => ({ f, c })))
    .toSorted((a, b) => a.c.inDays - b.c.inDays)[0];
  return soonest?.f.summary ? `; ${soonest.f.summary}` : '';
}

const UNSURE = new Set(['unconfirmed', 'unchecked', 'lapsed']);

function note(reason: RecommendationReason): string {
  const c = reason.confirmation;
  switch (c?.state) {
    case 'unconfirmed':
      return c.counted === 1 ? ' (first breach)' : ` (${c.counted} of ${c.required} breaches)`;
    case 'unchecked':
      return ' (not confirmed: no history)';
    case 'lapsed':
      return ' (unknown now)';
    default:
      return '';
  }
}

function watchSummary(input: HeadlineInput, rec: Recommendation): string {
  const [reason] = rec.reasons;
  if (!reason) return rec.text;
  const unsure = UNSURE.has(reason.confirmation?.state ?? '');
  if (reason.trigger !== null) {
    const trigger = input.plan.stages
      .flatMap((s) => s.triggers)
      .find((t) => t.key === reason.trigger);
    return `${trigger?.text ?? rec.text}${note(reason)}`;
  }
  const indicator = input.indicators.find((i) => i.key === reason.indicator);
  if (!indicator || indicator.threshold === null) return rec.text;
  const threshold = formatIndicatorValue(indicator.unit, indicator.threshold);
  return `${indicator.label} ${unsure ? 'over' : 'approaching'} ${threshold}${note(reason)}`;
}

/** A forecast's own watch (a date to decide by, later) or a saving is not an open action. */
function isOpenAction(r: Recommendation): boolean {
  return r.basis === 'evidence' || r.severity !== 'watch';
}

/**
 * The one-line headline, led by the most severe open action (docs/plan.md, "Headline"):
 * - critical: "Scale now: <action>" ("Investigate now:", "Optimise now:" by the action's kind);
 * - confirmed: "Scale: <action>" ("Investigate:", "Optimise:");
 * - a decision due before the next review: "Plan now: <action>, decide by 14 Jan";
 * - unconfirmed breaches: "Monitor: Server CPU over 75% (first breach), confirm at the next review";
 * - only approaching: "Monitor: Server CPU approaching 75%, no action needed yet";
 * - only capacity paid for and unused: "Right-size: Remove 3 servers (5 → 2), saves $90-180/month";
 * - nothing open: "Monitor, no action needed yet", plus the soonest forecast crossing.
 * "; N more recommendations" ends it when other actions are open; unknown indicators add "(N
 * metrics unknown)";
 * every indicator unknown with nothing open: "Data unavailable: no metrics to review". Snoozed
 * actions are left out.
 */
export function buildHeadline(input: HeadlineInput): string {
  const snoozed = new Set(input.snoozedKeys ?? []);
  const open = input.recommendations.filter((r) => !snoozed.has(r.key));
  const actions = open.filter(isOpenAction);
  const allUnknown =
    input.indicators.length > 0 && input.indicators.every((i) => i.status === 'unknown');
  const suffix = unknownSuffix(input.indicators);
  const [lead] = actions.filter((r) => r.basis !== 'saving');
  const more = Math.max(0, actions.filter((r) => r.basis !== 'saving').length - 1);
  if (lead && (lead.severity === 'critical' || lead.severity === 'act')) {
    const verb = VERBS[lead.category][lead.severity];
    return `${verb}: ${lead.text}${suffix}${moreText(more)}`;
  }
  if (lead?.severity === 'plan') {
    const by =
      lead.overdue || !lead.decideBy
        ? 'decide now'
        : `decide by ${formatUtcDayMonth(new Date(lead.decideBy))}`;
    return `Plan now: ${lead.text}, ${by}${suffix}${moreText(more)}`;
  }
  if (allUnknown) return NO_DATA_HEADLINE;
  if (lead) {
    const unsure = actions.some((r) =>
      r.reasons.some((reason) => UNSURE.has(reason.confirmation?.state ?? '')),
    );
    const tail = unsure ? 'confirm at the next review' : 'no action needed yet';
    return `Monitor: ${watchSummary(input, lead)}, ${tail}${suffix}${moreText(more)}`;
  }
  const saving = open.find((r) => r.basis === 'saving');
  if (saving)
    return `Right-size: ${saving.text}, ${formatCostChange(saving.monthlyCostChange)}${suffix}`;
  return `${HEALTHY_HEADLINE}${soonestCrossing(input)}${suffix}`;
}
