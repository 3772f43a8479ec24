import {
  buildScalingIndicators,
  type MessagePayload,
  type ScalingIndicatorsViewModel,
} from '../../blocks/index.js';
import { REFRESH_AHEAD } from '../metrics/port.js';
import type { DecisionRecord, NewDecision, Store } from '../store/ports.js';
import { computeStatus, type StatusInput } from './compute-status.js';
import type { AppDeps } from './deps.js';

/**
 * Shared `/scale status` answers (Slack's: the reviews they record are requested by `slack`).
 * Concurrent and repeated commands of one team compute the review and render its blocks once: the
 * answer is cached per team and is valid while
 * - the metrics cache still serves the same version of the numbers (a refresh that brings back
 *   the same numbers keeps the version; new numbers, or the value going stale, do not),
 * - no decision was recorded for the team in this process since (`watchDecisions` wraps the
 *   store so that every decision invalidates: clicks, the snooze modal, the digest's automatic
 *   un-snooze),
 * - no snooze it shows has expired and the review period has not ended,
 * - and it is younger than the metrics TTL: a decision taken through another replica is seen
 *   within one TTL, as fresh numbers are.
 * Cold answers coalesce (single flight per team): the commands that arrive while one is computed
 * wait for it. `peek` reads a valid answer from memory without any I/O, so the slash command can
 * send it in the ack itself; once the answer is past REFRESH_AHEAD of the TTL, `refresh` (after
 * the ack) recomputes it in the background, so that under steady use answers stay warm across
 * metrics-cache expiries. Per-user parts (ephemeral or in channel) are applied by the caller.
 */

/** Whose answer: a team's, for the channel of the command that asks (the stored review's channel). */
export type StatusRequest = Pick<StatusInput, 'teamId' | 'channelId'>;

export interface SharedStatus {
  view: ScalingIndicatorsViewModel;
  /** The Scaling Indicators message, rendered once for everyone. */
  message: MessagePayload;
}

export interface WarmStatus extends SharedStatus {
  /** The answer or its metrics are near expiry: call `refresh` after the ack. */
  refreshDue: boolean;
}

export interface StatusAnswersOptions {
  /** How long an answer may be served (the metrics cache TTL, in milliseconds); 0 disables. */
  ttlMs: number;
  /** Teams kept at most (least recently used first out). */
  maxTeams?: number;
}

interface Entry extends SharedStatus {
  metricsVersion: string;
  computedAt: number;
  validUntil: number;
}

interface Flight {
  generation: number;
  promise: Promise<SharedStatus>;
}

const DEFAULT_MAX_TEAMS = 1_000;

export class StatusAnswers {
  private readonly entries = new Map<string, Entry>();
  private readonly generations = new Map<string, number>();
  private readonly inFlight = new Map<string, Flight>();
  /** Teams whose background refresh is queued or running (one at a time per team). */
  private readonly refreshing = new Set<string>();
  private readonly maxTeams: number;
  /** Answers computed (cold), for tests and the benchmark. */
  computed = 0;

  constructor(
    private readonly deps: AppDeps,
    private readonly options: StatusAnswersOptions,
  ) {
    this.maxTeams = options.maxTeams ?? DEFAULT_MAX_TEAMS;
  }

  /** The team's valid answer, from memory only (no I/O); null when it must be computed. */
  peek(teamId: string): WarmStatus | null {
    const entry = this.entries.get(teamId);
    // invalidate() deletes the entry, and a computation overtaken by a decision stores none.
    if (entry === undefined) return null;
    const now = this.deps.clock();
    const metrics = this.deps.metrics?.peek?.({ now }) ?? null;
    if (metrics === null || metrics.version !== entry.metricsVersion) return null;
    const age = now.getTime() - entry.computedAt;
    if (now.getTime() >= entry.validUntil || age >= this.options.ttlMs) return null;
    const due = metrics.refreshDue || age >= this.options.ttlMs * REFRESH_AHEAD;
    const refreshDue = due && !this.refreshing.has(teamId);
    return { view: entry.view, message: entry.message, refreshDue };
  }

  /** The team's answer: the valid one, the one being computed, or a new one. */
  get(input: StatusRequest): Promise<SharedStatus> {
    const warm = this.peek(input.teamId);
    if (warm !== null) return Promise.resolve({ view: warm.view, message: warm.message });
    return this.compute(input);
  }

  /**
   * Claims the team's background refresh (after an ack that served an answer near expiry): true
   * once, until `refresh` for it has finished or `release` gives it back, so that a burst of warm
   * answers queues one refresh, not one per command.
   */
  claimRefresh(teamId: string): boolean {
    if (this.refreshing.has(teamId)) return false;
    this.refreshing.add(teamId);
    return true;
  }

  /** Gives a claimed refresh back unrun (the answer queue did not take it). */
  release(teamId: string): void {
    this.refreshing.delete(teamId);
  }

  /** Recomputes the team's answer; ends the team's claimed refresh. */
  async refresh(input: StatusRequest): Promise<SharedStatus> {
    try {
      return await this.compute(input);
    } finally {
      this.refreshing.delete(input.teamId);
    }
  }

  /** A decision was recorded for the team: its answer is no longer right. */
  invalidate(teamId: string): void {
    this.generations.set(teamId, this.generationOf(teamId) + 1);
    this.entries.delete(teamId);
  }

  private generationOf(teamId: string): number {
    return this.generations.get(teamId) ?? 0;
  }

  private compute(input: StatusRequest): Promise<SharedStatus> {
    const generation = this.generationOf(input.teamId);
    const flight = this.inFlight.get(input.teamId);
    if (flight !== undefined && flight.generation === generation) return flight.promise;
    const promise = this.computeOnce(input, generation).finally(() => {
      if (this.inFlight.get(input.teamId)?.promise === promise) this.inFlight.delete(input.teamId);
    });
    this.inFlight.set(input.teamId, { generation, promise });
    return promise;
  }

  private async computeOnce(input: StatusRequest, generation: number): Promise<SharedStatus> {
    const computedAt = this.deps.clock().getTime();
    const status = await computeStatus(this.deps, { ...input, requestedBy: 'slack' });
    this.computed += 1;
    const shared = { view: status.view, message: buildScalingIndicators(status.view) };
    const metricsVersion = status.metricsVersion;
    const cacheable = this.options.ttlMs > 0 && generation === this.generationOf(input.teamId);
    if (!cacheable || metricsVersion === undefined) return shared;
    this.entries.delete(input.teamId);
    this.entries.set(input.teamId, {
      ...shared,
      metricsVersion,
      computedAt,
      validUntil: status.validUntil.getTime(),
    });
    const oldest = this.entries.keys().next();
    if (this.entries.size > this.maxTeams && !oldest.done) this.entries.delete(oldest.value);
    return shared;
  }
}

/** The store, with `onDecision(teamId)` called after every decision recorded through it. */
export function watchDecisions(store: Store, onDecision: (teamId: string) => void): Store {
  const record = async (decision: NewDecision): Promise<DecisionRecord> => {
    try {
      return await store.decisions.record(decision);
    } finally {
      // Also after a failure: the write may have happened (an ambiguous error).
      onDecision(decision.teamId);
    }
  };
  const decisions = new Proxy(store.decisions, {
    get: (target, prop, receiver) => {
      if (prop === 'record') return record;
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return new Proxy(store, {
    get: (target, prop, receiver) =>
      prop === 'decisions' ? decisions : Reflect.get(target, prop, receiver),
  });
}
