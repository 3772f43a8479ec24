import type { MetricQuality, MetricsSnapshot } from '../../domain/metrics.js';
import type { Peaks } from '../../domain/review.js';
import type { ReviewSource } from './reviews.js';

/**
 * What a team's metrics were in one review period (src/domain/period.ts): at most one per team and
 * period, updated in place, the latest metrics winning. Hysteresis, deltas, trends, forecasts and
 * observed growth read observations, never individual messages, so that repeating a command, many
 * channels of one team, or a rerun after a crash is not new evidence.
 */
export interface ObservationRecord {
  teamId: string;
  /** The period's key: "2026-W49" for 7-day periods. */
  periodKey: string;
  periodStart: Date;
  /** When these metrics were first observed; kept while the metrics stay the same. */
  at: Date;
  snapshot: MetricsSnapshot;
  quality: MetricQuality[];
  source: ReviewSource;
  /** The latest review record computed from this observation, with its content hash. */
  message: { reviewId: string; hash: string } | null;
  updatedAt: Date;
  /**
   * The worst reading of each metric over the period's runs: the period's evidence (a later run
   * without data never erases an earlier critical reading). Absent on older observations.
   */
  peaks?: Peaks;
  /** The stage the period was reviewed at (the estate's), carried to the next. */
  stage?: number;
}

/** Reads and writes go by (teamId, periodKey) only: FerretDB 1.x pushes down only `_id` equality. */
export interface ObservationStore {
  /** Insert, or replace the team's observation of `record.periodKey`. */
  put(record: ObservationRecord): Promise<void>;
  /** null when there is none, or it is malformed (logged once). */
  get(teamId: string, periodKey: string): Promise<ObservationRecord | null>;
  /**
   * The observations of these periods that exist, in the order of `periodKeys` (1..100 keys).
   * Each is read by its key, so the cost is bounded by the keys asked for, never by the history.
   */
  getMany(teamId: string, periodKeys: readonly string[]): Promise<ObservationRecord[]>;
}
