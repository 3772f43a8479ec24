import { DateTime } from 'luxon';
import type { ScalingIndicatorsViewModel } from '../../blocks/index.js';
import { actionKeyOfLegacy } from '../domain/action-keys.js';
import { estateChangeOf } from '../domain/estate-change.js';
import type { EstateChange } from '../domain/estate-types.js';
import type { RecommendationRef } from '../domain/review-message.js';
import type { Review } from '../domain/review-types.js';
import type { DecisionKind, DecisionRecord, ReviewRecord } from '../store/ports.js';
import type { AppDeps } from './deps.js';
import {
  DecisionNotShownError,
  InvalidDecisionError,
  PermissionDeniedError,
  ReviewNotFoundError,
} from './errors.js';
import { messageOf, withLiveDecisions } from './review-message.js';

export type DecisionRequest =
  | { kind: 'ack' }
  | { kind: 'snooze'; until: Date }
  | { kind: 'unsnooze' }
  | { kind: 'done' };

export interface DecideInput {
  teamId: string;
  userId: string;
  ref: RecommendationRef;
  request: DecisionRequest;
  /** Identifies this delivery (e.g. the interaction's action_ts): a redelivery is a duplicate. */
  deliveryKey: string;
}

export interface DecideResult {
  outcome: 'recorded' | 'duplicate';
  decision: DecisionRecord | null;
  /** The review's message with the latest decision state, to update it in place. */
  view: ScalingIndicatorsViewModel;
}

/** A double click within this window records one decision. */
const DOUBLE_CLICK_MS = 30_000;
/** Slack redeliveries (Socket Mode, retries) arrive within minutes. */
const REDELIVERY_MS = 60 * 60_000;
/** How long a click waits for an identical click in flight to record its decision. */
const IN_FLIGHT_MS = 2_000;
const IN_FLIGHT_POLL_MS = 100;
/** Claims of one click's key: the first, and takeovers of attempts that recorded nothing. */
const MAX_CLAIMS = 3;
/** Rounds of claim-or-wait, however busy the recommendation is. */
const MAX_ROUNDS = 10;

const timer = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function checkPermission(deps: AppDeps, userId: string, kind: DecisionKind): void {
  const { admins, ackers } = deps.permissions;
  const isAdmin = admins.includes(userId);
  if (kind === 'ack' || kind === 'done') {
    if (ackers === null || isAdmin || ackers.includes(userId)) return;
    const what = kind === 'ack' ? 'acknowledge recommendations' : 'mark recommendations done';
    throw new PermissionDeniedError(
      `Only the people listed in \`slack.ackers\` (or \`slack.admins\`) may ${what}.`,
    );
  }
  if (admins.length === 0 || isAdmin) return;
  throw new PermissionDeniedError(
    'Only Scale Review admins (`slack.admins` in scale-review.yml) may snooze or un-snooze recommendations.',
  );
}

/**
 * The clicked review, of the clicker's workspace. A review of another workspace is said to be so:
 * in a channel shared between workspaces (Slack Connect) or under an organization-wide install, a
 * message posted for one workspace is clicked from another, whose history it is not part of.
 */
async function loadReview(deps: AppDeps, teamId: string, reviewId: string): Promise<ReviewRecord> {
  const record = await deps.store.reviews.get(reviewId);
  if (!record) {
    throw new ReviewNotFoundError(
      'That review no longer exists (it may have been cleaned up). Run `/scale status` for a fresh one.',
    );
  }
  if (record.teamId !== teamId) {
    throw new ReviewNotFoundError(
      "That review belongs to another workspace's history (a channel shared between workspaces, or an organization-wide install), so decisions on it are taken there. Run `/scale status` here for this workspace's own review.",
    );
  }
  return record;
}

function checkRequest(shown: Review, key: string, request: DecisionRequest, now: Date) {
  if (!shown.recommendations.some((r) => r.key === key)) {
    throw new InvalidDecisionError('That recommendation is not part of this review.');
  }
  if (request.kind === 'snooze' && request.until.getTime() <= now.getTime()) {
    throw new InvalidDecisionError('Pick a snooze date in the future.');
  }
}

function deliveryKey(input: DecideInput): string {
  return `decision-delivery:${input.teamId}:${input.deliveryKey}`;
}

/**
 * The double-click key: this user's click of this kind on the state it acts on (the latest
 * decision of the recommendation). A later deliberate click acts on a later state, so it never
 * collides with an earlier one; `claim` > 1 takes over from an attempt that recorded nothing.
 */
function clickKey(input: DecideInput, latest: DecisionRecord | null, claim: number): string {
  const { teamId, userId, ref, request } = input;
  const on = latest?.id ?? 'none';
  const again = claim > 1 ? `:${claim}` : '';
  return `decision:${teamId}:${ref.recommendationKey}:${request.kind}:${userId}:on:${on}${again}`;
}

/** Whether `latest` is this very click, recorded moments ago (the first of a double click). */
function repeats(latest: DecisionRecord | null, input: DecideInput, now: Date): boolean {
  const { request } = input;
  if (!latest || latest.userId !== input.userId || latest.kind !== request.kind) return false;
  if (now.getTime() - latest.at.getTime() > DOUBLE_CLICK_MS) return false;
  if (request.kind !== 'snooze') return true;
  const until = latest.snoozeUntil?.getTime() ?? 0;
  return Math.abs(until - request.until.getTime()) <= DOUBLE_CLICK_MS;
}

/** Waits for a decision after `latest` to be recorded; undefined when none came in IN_FLIGHT_MS. */
async function nextDecision(
  deps: AppDeps,
  input: DecideInput,
  latest: DecisionRecord | null,
): Promise<DecisionRecord | null | undefined> {
  const sleep = deps.sleep ?? timer;
  for (let waited = 0; waited < IN_FLIGHT_MS; waited += IN_FLIGHT_POLL_MS) {
    await sleep(IN_FLIGHT_POLL_MS);
    const now = await deps.store.decisions.latest(input.teamId, input.ref.recommendationKey);
    if ((now?.id ?? null) !== (latest?.id ?? null)) return now;
  }
  return undefined;
}

type Claim = { outcome: 'new'; keys: string[] } | { outcome: 'duplicate' };

/**
 * Whether this click is new. A Slack redelivery (the same action_ts) is a duplicate for an hour.
 * A double click is compared with the latest decision, never an older one: it is a duplicate when
 * the latest decision is this user's same decision, taken within 30 s. Two clicks at once share a
 * key in the idempotency store (exactly one is new); the other waits for the first to record its
 * decision. A key whose decision was never recorded (the store failed after the key was stored,
 * and it could not be forgotten) does not count: once the wait shows nothing came of it, the click
 * takes the key over.
 */
async function claimClick(deps: AppDeps, input: DecideInput, now: Date): Promise<Claim> {
  const { idempotency } = deps.store;
  const delivery = deliveryKey(input);
  if ((await idempotency.remember(delivery, now, REDELIVERY_MS)) === 'duplicate') {
    return { outcome: 'duplicate' };
  }
  let latest = await deps.store.decisions.latest(input.teamId, input.ref.recommendationKey);
  let claim = 1;
  // Each round either takes a key, sees this click already recorded, or waits for a decision.
  for (let round = 0; round < MAX_ROUNDS && claim <= MAX_CLAIMS; round++) {
    if (repeats(latest, input, now)) return { outcome: 'duplicate' };
    const key = clickKey(input, latest, claim);
    if ((await idempotency.remember(key, now, DOUBLE_CLICK_MS)) === 'new') {
      return { outcome: 'new', keys: [key, delivery] };
    }
    const next = await nextDecision(deps, input, latest);
    if (next === undefined) claim += 1;
    else latest = next;
  }
  await forgetKeys(deps, [delivery], now);
  throw new InvalidDecisionError(
    'An earlier click on this recommendation is still being recorded. Try again in a minute.',
  );
}

/** The decision was not recorded: let the user's retry through instead of calling it a duplicate. */
async function forgetKeys(deps: AppDeps, keys: readonly string[], now: Date): Promise<void> {
  try {
    for (const key of keys) await deps.store.idempotency.forget(key, now);
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not release decision idempotency keys');
  }
}

/** A click on a message posted before recommendations were keyed by action names its old key. */
function withActionKey(input: DecideInput, record: ReviewRecord): DecideInput {
  const key = actionKeyOfLegacy(input.ref.recommendationKey, record.review.stage.number);
  if (key === input.ref.recommendationKey) return input;
  return { ...input, ref: { ...input.ref, recommendationKey: key } };
}

async function recordDecision(
  deps: AppDeps,
  input: DecideInput,
  record: ReviewRecord,
  now: Date,
): Promise<DecisionRecord> {
  if (input.request.kind === 'unsnooze') {
    const active = await deps.store.decisions.active(
      input.teamId,
      input.ref.recommendationKey,
      now,
    );
    if (active?.kind !== 'snooze') {
      throw new InvalidDecisionError('That recommendation is not snoozed any more.');
    }
  }
  const change = input.request.kind === 'done' ? await markDone(deps, input, record, now) : null;
  return deps.store.decisions.record({
    teamId: input.teamId,
    reviewId: record.id,
    recommendationKey: input.ref.recommendationKey,
    kind: input.request.kind,
    userId: input.userId,
    at: now,
    snoozeUntil: input.request.kind === 'snooze' ? input.request.until : null,
    metricsAtDecision: record.review.snapshot,
    ...(change ? { change } : {}),
  });
}

/**
 * The Done button (docs/plan.md, "The estate"): what the action changed goes into the team's
 * estate first (idempotent by the click's delivery key, so a retry after a failed decision write
 * records it once), then the decision says who did it and when.
 */
async function markDone(
  deps: AppDeps,
  input: DecideInput,
  record: ReviewRecord,
  now: Date,
): Promise<EstateChange> {
  const shown = messageOf(record).review;
  const recommendation = shown.recommendations.find((r) => r.key === input.ref.recommendationKey);
  if (!recommendation)
    throw new InvalidDecisionError('That recommendation is not part of this review.');
  const change = estateChangeOf({
    id: deliveryKey(input),
    at: now,
    userId: input.userId,
    recommendation,
    review: shown,
    plan: deps.plan,
    configured: deps.infrastructure,
  });
  await deps.store.estate.append(input.teamId, change, now);
  return change;
}

/** Acknowledge, snooze, un-snooze or mark done a recommendation: checked, idempotent, recorded. */
export async function decide(deps: AppDeps, clicked: DecideInput): Promise<DecideResult> {
  const now = deps.clock();
  checkPermission(deps, clicked.userId, clicked.request.kind);
  const record = await loadReview(deps, clicked.teamId, clicked.ref.reviewId);
  const input = withActionKey(clicked, record);
  // The message the click was made on, as it was posted: computed once, shown with the new state.
  const message = messageOf(record);
  checkRequest(message.review, input.ref.recommendationKey, input.request, now);
  const claim = await claimClick(deps, input, now);
  const shown = () => withLiveDecisions(deps, record.teamId, message, now);
  if (claim.outcome === 'duplicate') {
    return { outcome: 'duplicate', decision: null, view: await shown() };
  }
  let decision: DecisionRecord;
  try {
    decision = await recordDecision(deps, input, record, now);
  } catch (error) {
    await forgetKeys(deps, claim.keys, now);
    throw error;
  }
  deps.logger.info(
    { reviewId: record.id, key: decision.recommendationKey, kind: decision.kind },
    'decision recorded',
  );
  try {
    return { outcome: 'recorded', decision, view: await shown() };
  } catch (error) {
    throw new DecisionNotShownError(decision, message, { cause: error });
  }
}

/** Start of `date` (YYYY-MM-DD) in the user's timezone; the snooze ends when that day begins. */
export function snoozeUntilDate(date: string, timezone: string): Date {
  const parsed = DateTime.fromISO(date, { zone: timezone });
  if (!parsed.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw new InvalidDecisionError(`\`${date}\` is not a date; pick one in the date picker.`);
  }
  return parsed.startOf('day').toJSDate();
}
