import type { MessageView } from '../../domain/review-message.js';
import type { Review } from '../../domain/review-types.js';
import type { MetricsSourceKind } from '../../metrics/port.js';

/** Who asked for a review: `/scale status` in Slack, the CLI's `status --save`, the digest. */
export const REVIEW_REQUESTERS = ['slack', 'cli', 'digest'] as const;
export type ReviewRequester = (typeof REVIEW_REQUESTERS)[number];

/**
 * Who asked for an observation's metrics and where they came from. An observation keeps its
 * source while its metrics stay the same, and a review record carries its observation's: it names
 * the first to see these numbers in the period. A record written before both were stored had one
 * `kind` for either, and reads back with the other one null.
 */
export interface ReviewSource {
  requestedBy: ReviewRequester | null;
  metricsFrom: MetricsSourceKind | null;
  /** The metrics source's channel-safe description ("CloudWatch, us-east-1, 7 days to …"). */
  detail?: string;
}

/**
 * The immutable record of one review as a message showed it. Records are never updated: a click
 * re-renders its record, and a decision keeps the metrics of the record it was made on.
 */
export interface NewReviewRecord {
  teamId: string;
  /** null for reviews not tied to a channel (CLI `status --save`, App Home). */
  channelId: string | null;
  source: ReviewSource;
  createdAt: Date;
  /** The full snapshot: metrics, indicators, stage, recommendations. */
  review: Review;
  /** What the message showed besides the review; absent on records written before it existed. */
  view?: MessageView;
}

export interface ReviewRecord extends NewReviewRecord {
  id: string;
}

/**
 * What a message needs of its record: a stored record, or what `recordReview` knows of the record
 * it wrote or found by content (a record found by content may belong to another channel and time).
 */
export type MessageRecord = Pick<ReviewRecord, 'id' | 'teamId' | 'source' | 'review' | 'view'>;

export interface LatestReviewsQuery {
  teamId: string;
  /** undefined: every review of the team; null: reviews without a channel; a string: that channel. */
  channelId?: string | null;
  /** 1..1000 */
  limit: number;
}

export interface ReviewStore {
  save(record: NewReviewRecord): Promise<string>;
  /** Bulk import (history migration, tests); returns the ids in input order. */
  saveMany(records: readonly NewReviewRecord[]): Promise<string[]>;
  /** Newest first (createdAt, then insertion order). Malformed stored reviews are skipped. */
  latest(query: LatestReviewsQuery): Promise<ReviewRecord[]>;
  /** null when unknown, malformed, or not an id of this store. */
  get(id: string): Promise<ReviewRecord | null>;
}
