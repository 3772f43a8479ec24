import { INDICATOR_KEYS } from './catalog/derive.js';
import type { ConfiguredEstate, EstateChange, EstateSet } from './estate-types.js';
import type { IndicatorKey, Plan } from './plan/schema.js';
import type { Recommendation, Review } from './review-types.js';

export interface DoneInput {
  /** Unique per click: recording it twice keeps one change. */
  id: string;
  at: Date;
  userId: string;
  /** The recommendation marked done, as its message showed it. */
  recommendation: Recommendation;
  /** The review the click was made on: its readings are the outcome check's "before". */
  review: Review;
  plan: Plan;
  /** `infrastructure:` now: a later edit of one of these fields overrides the change. */
  configured: ConfiguredEstate;
}

/** What the action changed, in absolute values, from how the recommendation sized it. */
function setOf(rec: Recommendation, plan: Plan): EstateSet {
  const sizing = rec.sizing;
  switch (sizing?.kind) {
    case 'servers':
      return { servers: sizing.to };
    case 'dbTier':
      return { dbTier: sizing.to };
    case 'stage':
      return { stage: sizing.to };
    case 'server':
      return { serverSize: sizing.to };
    default:
      return plan.playbook.some((a) => a.key === rec.action) ? { measures: [rec.action] } : {};
  }
}

/** The indicators whose evidence starts again: those it answered, and the playbook's own list. */
function targetsOf(rec: Recommendation, plan: Plan, set: EstateSet): IndicatorKey[] {
  if (set.stage !== undefined) return [...INDICATOR_KEYS];
  const answers = plan.playbook.find((a) => a.key === rec.action)?.answers ?? [];
  const reasons = rec.reasons.flatMap((r) => (r.indicator === null ? [] : [r.indicator]));
  return INDICATOR_KEYS.filter((k) => answers.includes(k) || reasons.includes(k));
}

/**
 * The change the Done button records for a recommendation (docs/plan.md, "The estate"): what it
 * set (a server count, a tier, a stage, a measure in place), the indicators whose evidence starts
 * again, and their readings on the review it was clicked on. Pure.
 */
export function estateChangeOf(input: DoneInput): EstateChange {
  const rec = input.recommendation;
  const set = setOf(rec, input.plan);
  const targets = targetsOf(rec, input.plan, set);
  // Before and after, for what the action answered (a stage move targets every indicator, but its
  // outcome is told on the ones that called for it).
  const told =
    set.stage === undefined
      ? targets
      : INDICATOR_KEYS.filter((k) => rec.reasons.some((r) => r.indicator === k));
  const before: Partial<Record<IndicatorKey, number>> = {};
  for (const key of told) {
    const value = input.review.indicators.find((i) => i.key === key)?.value;
    if (typeof value === 'number') before[key] = value;
  }
  return {
    id: input.id,
    at: input.at,
    userId: input.userId,
    actionKey: rec.key,
    // Reviews stored before the wording change carry "Plan ahead: "; the change names the action.
    text: rec.text.replace(/^Plan ahead: /, ''),
    set,
    configured: {
      stage: input.configured.stage ?? null,
      servers: input.configured.servers ?? null,
      dbTier: input.configured.dbTier ?? null,
    },
    targets,
    before,
  };
}
