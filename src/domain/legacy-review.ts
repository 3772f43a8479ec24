import { actionKeyOfLegacy, isLegacyKey } from './action-keys.js';
import type { Recommendation, RecommendationReason, Review } from './review-types.js';

function reasonsOf(rec: Recommendation): RecommendationReason[] {
  if (rec.reasons.length > 0) return [...rec.reasons];
  if (rec.reason === undefined) return [];
  return [
    {
      indicator: rec.indicator,
      trigger: null,
      level: rec.severity === 'watch' ? 'approaching' : 'over',
      confirmation: null,
      text: rec.reason,
    },
  ];
}

/**
 * A review stored before recommendations were keyed by action (`cpu:redis-caching`): its keys
 * become action keys, an action recommended for several indicators is merged into one with all
 * their reasons, and a single `reason` becomes `reasons`. Reviews with action keys are returned
 * as they are. Pure; used on every stored review read back, so old messages stay clickable.
 */
export function upgradeStoredReview(review: Review): Review {
  if (!review.recommendations.some((r) => isLegacyKey(r.key) || r.reasons.length === 0)) {
    return review;
  }
  const byKey = new Map<string, Recommendation>();
  for (const rec of review.recommendations) {
    const key = actionKeyOfLegacy(rec.key, review.stage.number);
    const seen = byKey.get(key);
    if (seen) {
      seen.reasons.push(...reasonsOf(rec));
      continue;
    }
    byKey.set(key, { ...rec, key, reasons: reasonsOf(rec) });
  }
  return { ...review, recommendations: [...byKey.values()] };
}
