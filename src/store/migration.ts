import { actionKeyOfLegacy, isLegacyKey } from '../domain/action-keys.js';
import { INDICATOR_METRIC, type MetricQuality } from '../domain/metrics.js';
import { periodOf } from '../domain/period.js';
import type { ObservationRecord, ReviewRecord } from './ports.js';

/**
 * The data migration both adapters run when they open a store written before observations existed
 * (docs/store.md, "Migration"). These are its pure parts; each adapter walks its own data.
 * - Observations: the reviews grouped by (team, review period of createdAt); the latest review of
 *   each group (createdAt, then insertion order) becomes the period's observation, unless the
 *   period already has one (an observation is never overwritten).
 * - Decision keys: legacy keys (`cpu:redis-caching`) become action keys (`redis-caching`).
 */

/** The review interval when the caller gives none (the default plan's). */
export const DEFAULT_REVIEW_INTERVAL_DAYS = 7;

/** The content hash of a migrated observation's message: it was never rendered from one. */
const MIGRATED = 'migrated';

export interface MigrationOptions {
  /** plan.review.intervalDays: the length of a review period. */
  intervalDays: number;
  /** updatedAt of the observations it creates. */
  now: Date;
}

export interface MigrationCounts {
  observations: number;
  decisionKeys: number;
}

/** The store id of an observation: `${periodKey}|${teamId}` (a period key never contains "|"). */
export function observationId(teamId: string, periodKey: string): string {
  return `${periodKey}|${teamId}`;
}

/** The observation id a review record falls into. */
export function observationIdOfReview(
  teamId: string,
  createdAt: Date,
  intervalDays: number,
): string {
  return observationId(teamId, periodOf(createdAt, intervalDays).key);
}

/** The observation a review record stands for (the latest review of its team and period). */
export function migratedObservation(
  record: ReviewRecord,
  options: MigrationOptions,
): ObservationRecord {
  const period = periodOf(record.createdAt, options.intervalDays);
  const quality: MetricQuality[] = record.review.dataQuality.stale.map((indicator) => ({
    metric: INDICATOR_METRIC[indicator],
    issue: 'stale',
    detail: MIGRATED,
  }));
  return {
    teamId: record.teamId,
    periodKey: period.key,
    periodStart: period.start,
    at: record.createdAt,
    snapshot: record.review.snapshot,
    quality,
    source: record.source,
    message: { reviewId: record.id, hash: MIGRATED },
    updatedAt: options.now,
  };
}

/**
 * The action key a stored decision key migrates to, or null when it stays as it is. `stage` is the
 * stage of the decision's review record, or null when that review is gone (stage moves then keep
 * their legacy key).
 */
export function migratedDecisionKey(key: string, stage: number | null): string | null {
  if (!isLegacyKey(key)) return null;
  const next = actionKeyOfLegacy(key, stage);
  return next === key ? null : next;
}
