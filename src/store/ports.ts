import type { CarriedForwardDecision, ProjectionLine } from '../../blocks/index.js';
import type { MetricQuality, MetricsSnapshot } from '../domain/metrics.js';
import type { Review } from '../domain/review-types.js';

/**
 * The store ports: what Scale Review remembers, in the language of the domain.
 * Every time is a `Date`; every "now" is passed in (no adapter reads the clock for decisions).
 * Adapters: MongoDB (src/store/mongo) and embedded SQLite (src/store/sqlite); one contract suite
 * (test/store/contract.ts) runs against both.
 */

// ---------------------------------------------------------------- reviews

/** Where the metrics of a review came from. */
export const REVIEW_SOURCE_KINDS = [
  'cloudwatch',
  'file',
  'url',
  'cli',
  'slack',
  'digest',
  'postgres',
  'composite',
] as const;
export type ReviewSourceKind = (typeof REVIEW_SOURCE_KINDS)[number];

export interface ReviewSource {
  kind: ReviewSourceKind;
  /** A file name, a URL without credentials, a CloudWatch namespace... */
  detail?: string;
}

/**
 * What a posted message showed besides its review and the live decision state, so that a click
 * re-renders exactly the message it was made on (a digest keeps its digest-only lines). The
 * digest lines are the Scaling Indicators view model's own types (blocks/).
 */
export interface MessageView {
  kind: 'status' | 'digest';
  /** "Week 49, 2026": the period the message was keyed by. */
  weekLabel: string;
  /** Channel-safe description of where the metrics came from. */
  sourceLine: string;
  carriedForward?: CarriedForwardDecision[];
  projection?: ProjectionLine;
  delayed?: { scheduledFor: Date };
  degraded?: string[];
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

// ---------------------------------------------------------------- observations

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

// ---------------------------------------------------------------- decisions

/** The user id of decisions the bot takes itself (a snooze ended early because things got worse). */
export const AUTOMATIC_DECISION_USER = 'scale-review';

export const DECISION_KINDS = ['ack', 'snooze', 'unsnooze'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export interface NewDecision {
  teamId: string;
  reviewId: string;
  /** Recommendation.key, stable across reviews. */
  recommendationKey: string;
  kind: DecisionKind;
  /** Slack user id, or `scale-review` for automatic decisions. */
  userId: string;
  at: Date;
  /** Required for `snooze`, null otherwise. */
  snoozeUntil: Date | null;
  reason?: string;
  /** The metrics when the decision was taken, so history can show "snoozed at 72%, now 78%". */
  metricsAtDecision: MetricsSnapshot;
  /** true for decisions the bot takes itself (a snooze ended early because things got worse). */
  automatic?: boolean;
}

export interface DecisionRecord extends NewDecision {
  id: string;
}

export interface DecisionStore {
  record(decision: NewDecision): Promise<DecisionRecord>;
  /**
   * The latest decision for the key (by `at`, then insertion order) when it is an `ack`, or a
   * `snooze` whose snoozeUntil > now (snoozeUntil == now has expired). An `unsnooze`, or any later
   * decision, supersedes the earlier ones. The expiry is compared in the query itself.
   */
  active(teamId: string, recommendationKey: string, now: Date): Promise<DecisionRecord | null>;
  /**
   * The latest decision for the key, whatever its kind (by `at`, then insertion order): what a new
   * click acts on, and what a double click repeats. null when there is none, or it is malformed.
   */
  latest(teamId: string, recommendationKey: string): Promise<DecisionRecord | null>;
  /** Every decision on these reviews, newest first. */
  listForReviews(reviewIds: readonly string[]): Promise<DecisionRecord[]>;
  /** The team's latest decisions, newest first. */
  listRecent(teamId: string, limit: number): Promise<DecisionRecord[]>;
}

// ---------------------------------------------------------------- subscriptions

/** ISO weekday (1 = Monday ... 7 = Sunday) and local time 'HH:MM' in the subscription's timezone. */
export interface DigestSchedule {
  weekday: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  time: string;
}

export const DIGEST_RESULT_STATUSES = ['sent', 'edited', 'skipped', 'failed'] as const;
export type DigestResultStatus = (typeof DIGEST_RESULT_STATUSES)[number];

export interface DigestResult {
  periodKey: string;
  status: DigestResultStatus;
  at: Date;
  /** Slack message ts of the digest, when one exists. */
  ts?: string;
  detail?: string;
}

/** A permanent channel failure (channel_not_found, not_in_channel, is_archived...). */
export interface SubscriptionFailure {
  code: string;
  at: Date;
  /** true once the subscriber was told by DM. */
  reported: boolean;
}

export interface SubscriptionInput {
  teamId: string;
  channelId: string;
  schedule: DigestSchedule;
  /** IANA name, e.g. Europe/Lisbon. */
  timezone: string;
  /** Slack user id of the subscriber (gets failure DMs). */
  createdBy: string;
  active: boolean;
  nextRunAt: Date;
}

export interface Subscription extends SubscriptionInput {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  lastResult?: DigestResult;
  failure?: SubscriptionFailure;
}

export interface SubscriptionStore {
  /** Insert or update by (teamId, channelId). An update keeps id and createdAt and clears `failure`. */
  upsert(input: SubscriptionInput, now: Date): Promise<Subscription>;
  get(teamId: string, channelId: string): Promise<Subscription | null>;
  getById(id: string): Promise<Subscription | null>;
  /** Sorted by teamId, channelId. */
  list(teamId?: string): Promise<Subscription[]>;
  /** active && nextRunAt <= now, oldest nextRunAt first. */
  listDue(now: Date): Promise<Subscription[]>;
  /** false when the subscription does not exist. */
  setNextRun(id: string, nextRunAt: Date, lastResult?: DigestResult): Promise<boolean>;
  markFailure(id: string, failure: SubscriptionFailure): Promise<boolean>;
  /** true when an active subscription was deactivated. */
  deactivate(teamId: string, channelId: string, now: Date): Promise<boolean>;
}

// ---------------------------------------------------------------- digest runs

/**
 * running: leased to `owner` until `leaseUntil`; released: given up, claimable at once;
 * sent: done for good (never claimed again); failed: claimable again (the digest decides whether to retry).
 */
export const DIGEST_RUN_STATUSES = ['running', 'released', 'sent', 'failed'] as const;
export type DigestRunStatus = (typeof DIGEST_RUN_STATUSES)[number];

export interface PostedMessage {
  channelId: string;
  ts: string;
  at: Date;
}

export interface DigestRun {
  subscriptionId: string;
  /** e.g. `2025-W49`: one digest per subscription and period. */
  periodKey: string;
  status: DigestRunStatus;
  owner: string | null;
  leaseUntil: Date | null;
  /** 1 for the first claim, +1 for each re-claim of an expired or released lease. */
  attempt: number;
  claimedAt: Date;
  /** The Slack message already posted for this period: a rerun edits it instead of posting. */
  posted: PostedMessage | null;
  /**
   * The review record this period's digest shows, recorded before the first post: a rerun after a
   * crash re-renders this record, so it says what the first attempt said.
   */
  reviewId: string | null;
  sentAt: Date | null;
  error: { code: string; message: string; at: Date } | null;
  updatedAt: Date;
}

export interface ClaimRequest {
  subscriptionId: string;
  periodKey: string;
  /** A replica id (hostname:pid:random). */
  owner: string;
  now: Date;
  /** Longer than the longest digest run. */
  leaseMs: number;
}

/** A heartbeat of the holder of a claimed run: the lease of `attempt` extended to now + leaseMs. */
export interface RenewRequest extends ClaimRequest {
  /** The attempt the claim returned: a renewal never extends a later claimant's lease. */
  attempt: number;
}

export type ClaimResult =
  | { outcome: 'claimed'; run: DigestRun }
  | { outcome: 'leased'; run: DigestRun }
  | { outcome: 'done'; run: DigestRun };

export interface DigestRunStore {
  /**
   * Exactly one of any number of concurrent claimants gets `claimed`. A live lease gives `leased`;
   * an expired, released or failed run can be claimed again; a `sent` run gives `done`, forever.
   */
  claim(request: ClaimRequest): Promise<ClaimResult>;
  /**
   * Extend the live lease of `attempt` held by `owner` to now + leaseMs (a heartbeat while the send
   * is alive, so that the lease can be short and a dead sender's channels wait little). false when
   * the lease is no longer that owner's: expired (leaseUntil <= now), given up, sent, failed, or
   * claimed again. A renewal also sets the run's updatedAt, as `get` and a `leased` claim report
   * it: when its holder was last heard from. Call it from one heartbeat at a time, and stop that
   * heartbeat before markSent, markFailed or release.
   */
  renew(request: RenewRequest): Promise<boolean>;
  /**
   * Store the Slack ts as soon as it is known. Not fenced by owner: a message that exists must never
   * be forgotten, whoever posted it.
   */
  recordPosted(
    subscriptionId: string,
    periodKey: string,
    owner: string,
    message: { channelId: string; ts: string },
    now: Date,
  ): Promise<void>;
  /**
   * Remember the review record the digest shows. Only the first call for a period counts (a rerun
   * keeps the first attempt's record); not fenced by owner, like recordPosted.
   */
  recordReview(
    subscriptionId: string,
    periodKey: string,
    owner: string,
    reviewId: string,
    now: Date,
  ): Promise<void>;
  /** false when the run was already sent (or does not exist). */
  markSent(subscriptionId: string, periodKey: string, owner: string, now: Date): Promise<boolean>;
  /** Fenced: false unless `owner` still holds the run. */
  markFailed(
    subscriptionId: string,
    periodKey: string,
    owner: string,
    error: { code: string; message: string },
    now: Date,
  ): Promise<boolean>;
  /** Fenced: gives the lease up so another replica can claim at once. */
  release(subscriptionId: string, periodKey: string, owner: string, now: Date): Promise<boolean>;
  get(subscriptionId: string, periodKey: string): Promise<DigestRun | null>;
}

// ---------------------------------------------------------------- idempotency

export type RememberOutcome = 'new' | 'duplicate';

export interface IdempotencyStore {
  /**
   * Record a key (a Slack retry, a double click) for ttlMs. The first caller gets `new`, every other
   * caller `duplicate` until the key expires (checked in the query: no TTL monitor needed); after
   * that the key can be remembered again.
   */
  remember(key: string, now: Date, ttlMs: number): Promise<RememberOutcome>;
  /**
   * Expire a key at `now`, so the next `remember` is `new` again: used when the work the key
   * guarded failed, so that a retry is not mistaken for a duplicate.
   */
  forget(key: string, now: Date): Promise<void>;
}

// ---------------------------------------------------------------- the store

export const STORE_KINDS = ['mongodb', 'embedded'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export interface StoreHealth {
  ok: boolean;
  /** Safe to show (no password). */
  detail: string;
}

export interface CleanupRequest {
  now: Date;
  retentionDays: number;
}

export interface CleanupCounts {
  reviews: number;
  observations: number;
  decisions: number;
  idempotencyKeys: number;
  digestRuns: number;
}

export interface Store {
  readonly kind: StoreKind;
  readonly reviews: ReviewStore;
  readonly observations: ObservationStore;
  readonly decisions: DecisionStore;
  readonly subscriptions: SubscriptionStore;
  readonly digestRuns: DigestRunStore;
  readonly idempotency: IdempotencyStore;
  /** One line, safe to log: "MongoDB at db.example.com:27017, database scale_review". */
  describe(): string;
  health(): Promise<StoreHealth>;
  /** Delete history older than retentionDays (see docs/store.md). */
  cleanup(request: CleanupRequest): Promise<CleanupCounts>;
  close(): Promise<void>;
}
