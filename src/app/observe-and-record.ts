import { createHash } from 'node:crypto';
import { mergePeaks } from '../domain/engine/peaks.js';
import type { EstateChange } from '../domain/estate-types.js';
import { periodOf, periodsBefore, type ReviewPeriod } from '../domain/period.js';
import { type DecisionState, type PastObservation, review } from '../domain/review.js';
import type { MessageView } from '../domain/review-message.js';
import type { Review } from '../domain/review-types.js';
import { stableJson } from '../domain/stable-json.js';
import type { MetricsResult } from '../metrics/port.js';
import type {
  DecisionRecord,
  MessageRecord,
  ObservationRecord,
  ReviewRequester,
  Store,
} from '../store/ports.js';
import type { AppDeps } from './deps.js';

/**
 * A team's review of its current period, in two steps shared by `/scale status`, `status --save`
 * and the digest: `observe` (the period's observation with the latest metrics, the earlier
 * periods', the active decisions) and `recordReview` (the immutable record of what a message shows).
 */

/** The active decisions on these recommendation keys as of `now` (expiry checked by the store). */
export async function activeDecisions(
  store: Store,
  teamId: string,
  keys: readonly string[],
  now: Date,
): Promise<Map<string, DecisionRecord>> {
  const found = await Promise.all(keys.map((key) => store.decisions.active(teamId, key, now)));
  const map = new Map<string, DecisionRecord>();
  for (const decision of found) {
    if (decision) map.set(decision.recommendationKey, decision);
  }
  return map;
}

export function snoozedKeys(decisions: ReadonlyMap<string, DecisionRecord>): string[] {
  return [...decisions.values()].filter((d) => d.kind === 'snooze').map((d) => d.recommendationKey);
}

export interface ObserveInput {
  teamId: string;
  now: Date;
  metrics: MetricsResult;
  requestedBy: ReviewRequester;
}

/** A team's review of its current period, before any message records it. */
export interface ObservedReview {
  teamId: string;
  /** The current period's observation, as it is (or will be) stored. */
  observation: ObservationRecord;
  /** true when `observation` differs from what the store holds and must be written. */
  dirty: boolean;
  /** The earlier periods' observations the review compared with. */
  history: PastObservation[];
  /** The review before snoozes leave the headline (for "did it get worse" checks). */
  draft: Review;
  /** The review with snoozed actions left out of the headline. */
  review: Review;
  /** The active decision per recommendation key. */
  decisions: Map<string, DecisionRecord>;
  /** What the team marked done (its estate's changes). */
  changes: readonly EstateChange[];
}

function sameMetrics(stored: ObservationRecord, metrics: MetricsResult): boolean {
  return (
    stableJson(stored.snapshot) === stableJson(metrics.snapshot) &&
    stableJson(stored.quality) === stableJson(metrics.quality)
  );
}

function periodKeys(deps: AppDeps, now: Date): { current: ReviewPeriod; keys: string[] } {
  const interval = deps.plan.review.intervalDays;
  const current = periodOf(now, interval);
  const earlier = periodsBefore(current, deps.plan.forecast.lookbackPeriods, interval);
  return { current, keys: [current.key, ...earlier.map((p) => p.key)] };
}

function toPast(o: ObservationRecord): PastObservation {
  return {
    periodStart: o.periodStart,
    at: o.at,
    snapshot: o.snapshot,
    quality: o.quality,
    ...(o.peaks ? { peaks: o.peaks } : {}),
    ...(o.stage === undefined ? {} : { stage: o.stage }),
  };
}

function decisionStates(
  decisions: ReadonlyMap<string, DecisionRecord>,
): Map<string, DecisionState> {
  const out = new Map<string, DecisionState>();
  for (const [key, d] of decisions) {
    if (d.kind === 'ack' || d.kind === 'snooze' || d.kind === 'done')
      out.set(key, { kind: d.kind });
  }
  return out;
}

/** The team's observations of the current and the lookback periods (one read per period key). */
export async function teamObservations(
  deps: AppDeps,
  teamId: string,
  now: Date,
): Promise<{ current: ObservationRecord | null; earlier: ObservationRecord[] }> {
  const { current, keys } = periodKeys(deps, now);
  const found = await deps.store.observations.getMany(teamId, keys);
  return {
    current: found.find((o) => o.periodKey === current.key) ?? null,
    earlier: found.filter((o) => o.periodKey !== current.key),
  };
}

/**
 * Re-reviews the observation with the given decisions (snoozed actions leave the headline; each
 * action gets its state) against what the team runs: the config and what it marked done.
 */
export function reviewWith(
  deps: AppDeps,
  observed: Pick<ObservedReview, 'observation' | 'history' | 'changes'>,
  decisions: ReadonlyMap<string, DecisionRecord>,
): Review {
  const { observation } = observed;
  return review(observation.snapshot, deps.plan, {
    now: observation.at,
    quality: observation.quality,
    history: observed.history,
    ...(observation.peaks ? { peaks: observation.peaks } : {}),
    estate: { configured: deps.infrastructure, changes: observed.changes },
    snoozedKeys: snoozedKeys(decisions),
    decisions: decisionStates(decisions),
  });
}

/** This run's worst readings merged into the period's (the period's evidence; docs/plan.md). */
function periodPeaks(stored: ObservationRecord | null, metrics: MetricsResult) {
  const before = stored ? mergePeaks(stored.peaks, stored.snapshot, stored.quality) : undefined;
  return mergePeaks(before, metrics.snapshot, metrics.quality);
}

/**
 * The team's review of this period: this period's observation updated with the latest metrics
 * (unchanged metrics keep the stored observation, so a repeated command changes nothing),
 * compared with the earlier periods' observations, with the active decisions applied. Writes
 * nothing: `recordReview` stores what a message shows.
 */
export async function observe(deps: AppDeps, input: ObserveInput): Promise<ObservedReview> {
  const [{ current: stored, earlier }, estate] = await Promise.all([
    teamObservations(deps, input.teamId, input.now),
    deps.store.estate.get(input.teamId),
  ]);
  const changes = estate?.changes ?? [];
  const period = periodOf(input.now, deps.plan.review.intervalDays);
  const keep = stored !== null && sameMetrics(stored, input.metrics);
  const observation: ObservationRecord =
    keep && stored
      ? stored
      : {
          teamId: input.teamId,
          periodKey: period.key,
          periodStart: period.start,
          at: input.now,
          snapshot: { ...input.metrics.snapshot },
          quality: [...input.metrics.quality],
          source: {
            requestedBy: input.requestedBy,
            metricsFrom: input.metrics.source.kind,
            detail: input.metrics.source.description,
          },
          message: null,
          updatedAt: input.now,
          peaks: periodPeaks(stored, input.metrics),
        };
  const history = earlier.map(toPast);
  const draft = reviewWith(deps, { observation, history, changes }, new Map());
  const keys = draft.recommendations.map((r) => r.key);
  const decisions = await activeDecisions(deps.store, input.teamId, keys, input.now);
  const reviewed =
    decisions.size === 0 ? draft : reviewWith(deps, { observation, history, changes }, decisions);
  const staged =
    observation.stage === reviewed.stage.number
      ? observation
      : { ...observation, stage: reviewed.stage.number };
  return {
    teamId: input.teamId,
    observation: staged,
    dirty: !keep || staged !== observation,
    history,
    draft,
    review: reviewed,
    decisions,
    changes,
  };
}

/** The content hash of a message: the same review shown the same way is the same record. */
export function messageHash(teamId: string, reviewed: Review, view: MessageView): string {
  return createHash('sha256')
    .update(stableJson({ teamId, review: reviewed, view }))
    .digest('base64url')
    .slice(0, 32);
}

/**
 * Stores the immutable record of what a message shows, unless the observation's latest record
 * already is exactly that (a warm repeat writes nothing), and writes the observation when it
 * changed. Returns the record (the one written, or the one with this content), to render the
 * message from without reading it back.
 */
export async function recordReview(
  deps: AppDeps,
  observed: ObservedReview,
  input: { channelId: string | null; view: MessageView; now: Date },
): Promise<MessageRecord> {
  const hash = messageHash(observed.teamId, observed.review, input.view);
  const known = observed.observation.message;
  const shown = {
    teamId: observed.teamId,
    source: observed.observation.source,
    review: observed.review,
    view: input.view,
  } satisfies Omit<MessageRecord, 'id'>;
  if (known?.hash === hash) {
    if (observed.dirty) await deps.store.observations.put(observed.observation);
    observed.dirty = false;
    return { ...shown, id: known.reviewId };
  }
  const reviewId = await deps.store.reviews.save({
    ...shown,
    channelId: input.channelId,
    createdAt: input.now,
  });
  observed.observation = {
    ...observed.observation,
    message: { reviewId, hash },
    updatedAt: input.now,
  };
  await deps.store.observations.put(observed.observation);
  observed.dirty = false;
  return { ...shown, id: reviewId };
}
