import type { PastObservation } from '../../src/domain/engine/history.js';
import type { MetricsSnapshot } from '../../src/domain/metrics.js';
import { DEFAULT_PLAN } from '../../src/domain/plan/default-plan.js';
import { planSchema } from '../../src/domain/plan/schema.js';
import { type ReviewOptions, review } from '../../src/domain/review.js';
import type { Recommendation, Review } from '../../src/domain/review-types.js';
import { SEED_PANEL } from '../support/seed-panel.js';

export const PLAN = planSchema.parse(DEFAULT_PLAN);
/** Tuesday 1 December 2026, 09:00 UTC (ISO week 2026-W49). */
export const NOW = new Date('2026-12-01T09:00:00.000Z');
const WEEK_MS = 7 * 86_400_000;

export { SEED_PANEL as SEED };

export function weeksAgo(n: number): Date {
  return new Date(NOW.getTime() - n * WEEK_MS);
}

/** The team's observation `n` weeks ago: the seed panel with `changes`. */
export function week(n: number, changes: MetricsSnapshot): PastObservation {
  return {
    periodStart: weeksAgo(n),
    at: weeksAgo(n),
    snapshot: { ...SEED_PANEL, ...changes },
    quality: [],
  };
}

export function reviewNow(
  changes: MetricsSnapshot,
  history: PastObservation[] | undefined,
  options: Partial<ReviewOptions> = {},
): Review {
  return review({ ...SEED_PANEL, ...changes }, PLAN, {
    now: NOW,
    ...(history === undefined ? {} : { history }),
    ...options,
  });
}

/** The advice as a planner reads it: severity, key, text, cost, reasons. */
export function advice(r: Review) {
  return r.recommendations.map((rec: Recommendation) => ({
    severity: rec.severity,
    key: rec.key,
    text: rec.text,
    cost: rec.monthlyCostChange,
    reasons: rec.reasons.map((x) => x.text),
  }));
}
