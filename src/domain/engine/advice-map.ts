import type {
  ReasonLevel,
  Recommendation,
  RecommendationBasis,
  RecommendationReason,
  Severity,
} from '../review-types.js';
import type { ActionDraft } from './draft-types.js';

/**
 * The advice as the engine builds it, one entry per action key, shared by the steps that add to it
 * (calls, consolidation, forecast plans, savings).
 */

/** A recommendation as the engine builds it: plus its category and how far over its lead is. */
export interface Advice {
  draft: ActionDraft;
  reasons: RecommendationReason[];
  severity: Severity;
  alternatives: ActionDraft[];
  /** How far over its threshold the leading reason is (value / threshold), for ordering. */
  excess: number;
  basis: RecommendationBasis;
  decideBy?: Date;
  overdue?: boolean;
  relief?: Recommendation['relief'];
  includes?: string[];
}

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, act: 1, plan: 2, watch: 3 };
export const LEVEL_RANK: Record<ReasonLevel, number> = { critical: 0, over: 1, approaching: 2 };
export const BASIS_RANK: Record<RecommendationBasis, number> = {
  evidence: 0,
  forecast: 1,
  saving: 2,
};

export function moreSevere(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] <= SEVERITY_RANK[b] ? a : b;
}

/** Adds a call's reason to the advice of `key`, or starts it with `draft`. */
export function addReason(
  advice: Map<string, Advice>,
  draft: ActionDraft,
  call: { reason: RecommendationReason; severity: Severity; excess: number },
  basis: RecommendationBasis,
): Advice {
  const entry: Advice = advice.get(draft.key) ?? {
    draft,
    reasons: [],
    severity: call.severity,
    alternatives: [],
    excess: 0,
    basis,
  };
  if ((draft.weight ?? 0) > (entry.draft.weight ?? 0)) entry.draft = draft;
  entry.reasons.push(call.reason);
  entry.severity = moreSevere(entry.severity, call.severity);
  entry.excess = Math.max(entry.excess, call.excess);
  if (BASIS_RANK[basis] < BASIS_RANK[entry.basis]) entry.basis = basis;
  advice.set(draft.key, entry);
  return entry;
}
