import type { IndicatorKey } from './plan/schema.js';

/**
 * What the team runs (docs/plan.md, "The estate"): the stage, the application servers, the
 * database tier and the measures already in place (indexes, pooling, caching…). The advice is
 * about this estate, not about one week's numbers alone.
 */

/** Fields the team may state in `infrastructure:` (scale-review.yml). */
export interface ConfiguredEstate {
  stage?: number;
  servers?: number;
  dbTier?: string;
  /** Playbook actions already in place ("critical-indexes", "connection-pooling"). */
  measures?: readonly string[];
  /** What the team pays per month now (USD), for cost changes against what it really pays. */
  monthlyCost?: number;
}

/** What a Done click set, in absolute values (so that repeating it changes nothing). */
export interface EstateSet {
  stage?: number;
  servers?: number;
  dbTier?: string;
  /** The server size moved to ("AWS t3.medium"), for a bigger instance. */
  serverSize?: string;
  /** Measures put in place. */
  measures?: readonly string[];
}

/**
 * One change to the estate, recorded by the Done button. `configured` holds the `infrastructure:`
 * values it was made against: once the config changes a field, the config is newer and wins.
 */
export interface EstateChange {
  /** Unique per click (its decision id): recording the same change twice keeps one. */
  id: string;
  at: Date;
  userId: string;
  /** The recommendation key marked done. */
  actionKey: string;
  /** What was done, as the recommendation said it: "Add 2 servers (2 → 4)". */
  text: string;
  set: EstateSet;
  configured: { stage: number | null; servers: number | null; dbTier: string | null };
  /** The indicators the action answered: their evidence starts again after the change. */
  targets: readonly IndicatorKey[];
  /** The targets' values on the review the click was made on (the outcome check's "before"). */
  before: Partial<Record<IndicatorKey, number>>;
}
