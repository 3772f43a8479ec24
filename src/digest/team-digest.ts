import type { AppDeps } from '../app/deps.js';
import {
  messageHash,
  type ObservedReview,
  observe,
  recordReview,
  reviewWith,
} from '../app/observe-and-record.js';
import type { Projection } from '../domain/projection-types.js';
import type { MessageView } from '../domain/review-message.js';
import type { MetricsResult } from '../metrics/port.js';
import type { DecisionRecord, MessageRecord } from '../store/ports.js';
import {
  carriedForward,
  digestProjection,
  observedGrowthOf,
  projectionLine,
  reopenWorsenedSnoozes,
} from './digest-content.js';

/** What one tick knows about the metrics: fetched once for every channel due. */
export interface TickMetrics {
  result: MetricsResult;
  /** Why the data is incomplete (the source failed): the digest is still sent, marked degraded. */
  degraded: string[];
}

/**
 * One team's digest content for one tick: computed once, so every channel of the team says the
 * same thing (the same observation, history, decisions and projection); only the week label and
 * the delayed mark are the channel's own.
 */
export interface TeamDigest {
  observed: ObservedReview;
  carried: MessageView['carriedForward'];
  projection: Projection | null;
  tick: TickMetrics;
  /** Records made in this tick, by content: channels that show the same message share one. */
  records: Map<string, Promise<MessageRecord>>;
}

/**
 * Observes the team's period once for the tick, ends snoozes that things outgrew (recorded once,
 * not once per channel), and prepares the lines every channel of the team shares.
 */
export async function prepareTeamDigest(
  deps: AppDeps,
  teamId: string,
  tick: TickMetrics,
  now: Date,
): Promise<TeamDigest> {
  const observed = await observe(deps, {
    teamId,
    now,
    metrics: tick.result,
    requestedBy: 'digest',
  });
  const before: ReadonlyMap<string, DecisionRecord> = new Map(observed.decisions);
  const reopened = await reopenWorsenedSnoozes(deps, observed, { teamId, now });
  if (reopened.size > 0) observed.review = reviewWith(deps, observed, observed.decisions);
  const projection = digestProjection(deps, observed.review, observedGrowthOf(observed.review));
  return {
    observed,
    carried: carriedForward(observed.review, observed.decisions, reopened, before),
    projection,
    tick,
    records: new Map(),
  };
}

/** The digest's view for one channel: the team's shared lines plus the channel's week and marks. */
export function digestView(
  deps: AppDeps,
  team: TeamDigest,
  channel: { weekLabel: string; delayedFrom: Date | null; nextDigestAt: Date },
): MessageView {
  const { review } = team.observed;
  return {
    kind: 'digest',
    weekLabel: channel.weekLabel,
    sourceLine: team.tick.result.source.description,
    ...(team.carried && team.carried.length > 0 ? { carriedForward: team.carried } : {}),
    ...(team.projection ? { projection: projectionLine(deps, review, team.projection) } : {}),
    ...(channel.delayedFrom ? { delayed: { scheduledFor: channel.delayedFrom } } : {}),
    ...(team.tick.degraded.length > 0 ? { degraded: [...team.tick.degraded] } : {}),
    nextDigestAt: channel.nextDigestAt,
  };
}

/** The record of this view, made once per tick and content (concurrent channels wait for it). */
export function recordOnce(
  deps: AppDeps,
  team: TeamDigest,
  input: { channelId: string; view: MessageView; now: Date },
): Promise<MessageRecord> {
  const hash = messageHash(team.observed.teamId, team.observed.review, input.view);
  let pending = team.records.get(hash);
  if (!pending) {
    pending = recordReview(deps, team.observed, input);
    // A failed write may be retried by the next channel of the team.
    pending.catch(() => team.records.delete(hash));
    team.records.set(hash, pending);
  }
  return pending;
}
