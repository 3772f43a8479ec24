import { periodOf, periodsBefore } from '../domain/period.js';
import type { ObservationRecord, ReviewRecord } from '../store/ports.js';
import type { AppDeps } from './deps.js';

/** The port reads at most this many period keys at once. */
const MAX_KEYS = 100;

export interface PeriodReview {
  observation: ObservationRecord;
  /** The latest record computed from the observation; null when it is gone or was never kept. */
  record: ReviewRecord | null;
}

/**
 * The team's latest `count` review periods that have an observation, newest first, looking back
 * at most `lookback` periods (every read is by period key: bounded by the keys, never by the
 * history's size), each with the latest record made from it.
 */
export async function recentPeriods(
  deps: AppDeps,
  teamId: string,
  now: Date,
  count: number,
  lookback: number,
): Promise<PeriodReview[]> {
  const interval = deps.plan.review.intervalDays;
  const current = periodOf(now, interval);
  const keys = [current, ...periodsBefore(current, Math.min(lookback, MAX_KEYS) - 1, interval)].map(
    (p) => p.key,
  );
  const observations = (await deps.store.observations.getMany(teamId, keys)).slice(0, count);
  const records = await Promise.all(
    observations.map((o) => (o.message ? deps.store.reviews.get(o.message.reviewId) : null)),
  );
  return observations.map((observation, i) => ({
    observation,
    record: records[i]?.teamId === teamId ? (records[i] ?? null) : null,
  }));
}
