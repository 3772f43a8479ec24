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
