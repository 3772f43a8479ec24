import type { EstateChange } from '../../domain/estate-types.js';
import type { MetricsSnapshot } from '../../domain/metrics.js';

/** The user id of decisions the bot takes itself (a snooze ended early because things got worse). */
export const AUTOMATIC_DECISION_USER = 'scale-review';

/** `done`: the Done button; the action's change to the estate is in `change`. */
export const DECISION_KINDS = ['ack', 'snooze', 'unsnooze', 'done'] as const;
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
  /** For `done`: what the action changed (also kept in the team's estate). */
  change?: EstateChange;
}

export interface DecisionRecord extends NewDecision {
  id: string;
}

export interface DecisionStore {
  record(decision: NewDecision): Promise<DecisionRecord>;
  /**
   * The latest decision for the key (by `at`, then insertion order) when it is an `ack`, a
   * `done`, or a `snooze` whose snoozeUntil > now (snoozeUntil == now has expired). An
   * `unsnooze`, or any later decision, supersedes the earlier ones. The expiry is compared in the
   * query itself.
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
