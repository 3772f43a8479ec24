import { formatUtcDayMonth } from '../format.js';

const DAY_MS = 86_400_000;

/** How long an action takes from the decision to the change being live, in days. */
export interface LeadTime {
  min: number;
  max: number;
}

/**
 * When to decide (docs/plan.md, "Decision dates"): the earliest a forecast crossing is expected
 * (the fast end of its range) minus the action's longest lead time. Due when that date falls before
 * the next review (waiting a week would be too late); overdue when it has already passed.
 */
export interface DecisionDate {
  decideBy: Date;
  /** The decision date falls before the next review: plan now. */
  due: boolean;
  /** The decision date has passed: decide now. */
  overdue: boolean;
  lead: LeadTime;
  /** The earliest expected crossing. */
  crossingAt: Date;
}

export function decisionDate(
  earliestCrossing: Date,
  lead: LeadTime,
  now: Date,
  nextReviewAt: Date,
): DecisionDate {
  const decideBy = new Date(earliestCrossing.getTime() - lead.max * DAY_MS);
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return {
    decideBy,
    due: decideBy.getTime() < nextReviewAt.getTime(),
    // Whole days: a decision date of today or earlier is now.
    overdue: decideBy.getTime() <= today,
    lead,
    crossingAt: earliestCrossing,
  };
}

/** "1–2 weeks", "4–6 weeks", "1–3 days", "2 days". */
export function leadText(lead: LeadTime): string {
  const weeks = lead.min >= 7 && lead.min % 7 === 0 && lead.max % 7 === 0;
  const [lo, hi, unit] = weeks ? [lead.min / 7, lead.max / 7, 'week'] : [lead.min, lead.max, 'day'];
  if (lo === hi) return `${lo} ${lo === 1 ? unit : `${unit}s`}`;
  return `${lo}–${hi} ${unit}s`;
}

/** "decide by 14 Jan" or "decide now". */
export function decideText(d: DecisionDate): string {
  return d.overdue ? 'decide now' : `decide by ${formatUtcDayMonth(d.decideBy)}`;
}
