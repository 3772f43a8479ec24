import { METADATA_EVENT_TYPES } from '../../blocks/ids.js';
import { buildScalingIndicators } from '../../blocks/index.js';
import { liveMessage } from '../app/review-message.js';
import { weekLabelOf } from '../domain/review-message.js';
import { isMissed, nextSlot, type Slot } from '../domain/schedule.js';
import type { DigestResultStatus, DigestRun, MessageRecord, Subscription } from '../store/ports.js';
import { updatePlanCanvas } from './digest-canvas.js';
import type { DigestDeps } from './digest-deps.js';
import { type Heartbeat, realInterval, startHeartbeat } from './heartbeat.js';
import type { DigestMessage, DigestMetadata } from './poster.js';
import { SlackPermanentError } from './poster.js';
import { reportPermanentFailure } from './send-followups.js';
import { digestView, recordOnce, type TeamDigest } from './team-digest.js';

export type SendOutcome = DigestResultStatus | 'leased';

/** A run another sender holds: who, until when, and when it was last heard from. */
export interface HeldLease {
  subscriptionId: string;
  teamId: string;
  channelId: string;
  periodKey: string;
  owner: string | null;
  leaseUntil: Date | null;
  /** The holder's last write (its claim, its ts, or a heartbeat). */
  lastHeardAt: Date;
}

export interface SendResult {
  outcome: SendOutcome;
  /** Set when the outcome is `leased`. */
  held?: HeldLease;
}

function metadataFor(subscription: Subscription, slot: Slot): DigestMetadata {
  return {
    event_type: METADATA_EVENT_TYPES.digest,
    event_payload: { subscriptionId: subscription.id, periodKey: slot.periodKey },
  };
}

/**
 * The record a channel's digest shows. A first attempt records what it will show before it posts
 * (and renders from that record, without reading it back); a rerun after a crash reads the record
 * the first attempt made, so it says what the first attempt said.
 */
async function shownRecord(
  deps: DigestDeps,
  run: RunRef,
  team: TeamDigest,
  now: Date,
): Promise<MessageRecord> {
  const { subscription, slot } = run;
  const recorded = run.reviewId === null ? null : await deps.store.reviews.get(run.reviewId);
  if (recorded !== null) return recorded;
  const view = digestView(deps, team, {
    weekLabel: weekLabelOf(slot.periodKey),
    delayedFrom: isMissed(slot, subscription.nextRunAt, now) ? slot.at : null,
    nextDigestAt: nextSlot(subscription.schedule, subscription.timezone, now).at,
  });
  const record = await recordOnce(deps, team, { channelId: subscription.channelId, view, now });
  await deps.store.digestRuns.recordReview(
    subscription.id,
    slot.periodKey,
    deps.owner,
    record.id,
    now,
  );
  return record;
}

/** The digest message of one channel: its record as the message shows it now. */
async function buildMessage(deps: DigestDeps, run: RunRef, team: TeamDigest, now: Date) {
  const { subscription, slot } = run;
  const view = await liveMessage(deps, await shownRecord(deps, run, team, now), now);
  const payload = buildScalingIndicators(view, { native: deps.nativeBlocks });
  const message: DigestMessage = { ...payload, metadata: metadataFor(subscription, slot) };
  return message;
}

async function recordTs(deps: DigestDeps, run: RunRef, ts: string, now: Date) {
  await deps.store.digestRuns.recordPosted(
    run.subscription.id,
    run.slot.periodKey,
    deps.owner,
    { channelId: run.subscription.channelId, ts },
    now,
  );
}

interface RunRef {
  subscription: Subscription;
  slot: Slot;
  /** The ts already recorded for this period, if any. */
  knownTs: string | null;
  /** Whether an earlier claimant may have posted without recording it. */
  mayHavePosted: boolean;
  /** The review record an earlier attempt showed, if any. */
  reviewId: string | null;
}

/**
 * Posts (or edits) the digest of one claimed period. The ts is recorded as soon as Slack returns
 * it, before any follow-up work, so a rerun after a crash edits instead of posting again. A rerun
 * whose ts was never recorded looks the message up by its metadata first.
 */
async function deliver(
  deps: DigestDeps,
  run: RunRef,
  team: TeamDigest,
  now: Date,
): Promise<{ status: 'sent' | 'edited'; ts: string }> {
  const { subscription, slot } = run;
  const message = await buildMessage(deps, run, team, now);
  const since = new Date(slot.at.getTime() - 3600_000);
  let existing = run.knownTs;
  if (!existing && run.mayHavePosted) {
    existing = await deps.poster.findPosted(subscription.channelId, message.metadata, since);
    if (existing) await recordTs(deps, run, existing, now);
  }
  if (existing) {
    await deps.poster.update(subscription.channelId, existing, message);
    return { status: 'edited', ts: existing };
  }
  const ts = await deps.poster.post(subscription.channelId, message);
  await recordTs(deps, run, ts, now);
  return { status: 'sent', ts };
}

function heldLease(subscription: Subscription, run: DigestRun): HeldLease {
  return {
    subscriptionId: subscription.id,
    teamId: subscription.teamId,
    channelId: subscription.channelId,
    periodKey: run.periodKey,
    owner: run.owner,
    leaseUntil: run.leaseUntil,
    lastHeardAt: run.updatedAt,
  };
}

/**
 * Claims the subscription's period and sends its digest exactly once. The lease is renewed by a
 * heartbeat while the send runs, and given back when it fails for now. The team's content is
 * asked for only once the claim is won (`team`, shared by the team's channels): a replica that
 * finds the period leased or sent reads nothing else.
 */
export async function sendDigest(
  deps: DigestDeps,
  subscription: Subscription,
  slot: Slot,
  team: () => Promise<TeamDigest>,
): Promise<SendResult> {
  const now = deps.clock();
  const claim = await deps.store.digestRuns.claim({
    subscriptionId: subscription.id,
    periodKey: slot.periodKey,
    owner: deps.owner,
    now,
    leaseMs: deps.leaseMs,
  });
  const next = nextSlot(subscription.schedule, subscription.timezone, now).at;
  if (claim.outcome === 'leased') {
    return { outcome: 'leased', held: heldLease(subscription, claim.run) };
  }
  if (claim.outcome === 'done') {
    // Another replica sent it. Writing the same lastResult it wrote keeps a concurrent update on a
    // server without atomic document updates (FerretDB 1.x) from erasing it.
    const { run } = claim;
    await deps.store.subscriptions.setNextRun(subscription.id, next, {
      periodKey: slot.periodKey,
      status: 'sent',
      at: run.sentAt ?? run.updatedAt,
      ...(run.posted ? { ts: run.posted.ts } : {}),
    });
    return { outcome: 'skipped' };
  }
  const run: RunRef = {
    subscription,
    slot,
    knownTs: claim.run.posted?.ts ?? null,
    mayHavePosted: claim.run.attempt > 1,
    reviewId: claim.run.reviewId,
  };
  const heartbeat = startHeartbeat({
    store: deps.store,
    logger: deps.logger,
    clock: deps.clock,
    every: deps.every ?? realInterval,
    lease: {
      subscriptionId: subscription.id,
      periodKey: slot.periodKey,
      owner: deps.owner,
      attempt: claim.run.attempt,
      leaseMs: deps.leaseMs,
    },
  });
  try {
    return { outcome: await deliverAndRecord(deps, run, team, { now, next, heartbeat }) };
  } finally {
    await heartbeat.stop();
  }
}

async function deliverAndRecord(
  deps: DigestDeps,
  run: RunRef,
  teamOf: () => Promise<TeamDigest>,
  times: { now: Date; next: Date; heartbeat: Heartbeat },
): Promise<SendOutcome> {
  const { subscription, slot } = run;
  const { now, next, heartbeat } = times;
  try {
    const team = await teamOf();
    const { status, ts } = await deliver(deps, run, team, now);
    await heartbeat.stop();
    await deps.store.digestRuns.markSent(subscription.id, slot.periodKey, deps.owner, now);
    await deps.store.subscriptions.setNextRun(subscription.id, next, {
      periodKey: slot.periodKey,
      status,
      at: now,
      ts,
      ...(isMissed(slot, subscription.nextRunAt, now)
        ? { detail: `delayed from ${slot.at.toISOString()}` }
        : {}),
    });
    // The run is sent and recorded: the canvas can neither repeat nor fail it (it never throws).
    await updatePlanCanvas(deps, subscription, team);
    return status;
  } catch (error) {
    await heartbeat.stop();
    if (error instanceof SlackPermanentError) {
      await reportPermanentFailure(deps, subscription, error, now);
      await deps.store.digestRuns.markFailed(
        subscription.id,
        slot.periodKey,
        deps.owner,
        { code: error.code, message: error.message },
        now,
      );
      await deps.store.subscriptions.setNextRun(subscription.id, next, {
        periodKey: slot.periodKey,
        status: 'failed',
        at: now,
        detail: error.code,
      });
      return 'failed';
    }
    // Transient: give the lease back; the next tick (a minute later, any replica) retries.
    await deps.store.digestRuns.release(subscription.id, slot.periodKey, deps.owner, now);
    throw error;
  }
}
