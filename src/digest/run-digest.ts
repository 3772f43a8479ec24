import { fetchMetrics } from '../app/fetch-metrics.js';
import { METRIC_KEYS } from '../domain/metrics.js';
import { isMissed, latestSlot } from '../domain/schedule.js';
import type { MetricsResult } from '../metrics/port.js';
import type { Subscription } from '../store/ports.js';
import { degradedReasons } from './degraded.js';
import type { DigestDeps } from './digest-deps.js';
import { type HeldLease, type SendOutcome, sendDigest } from './send-digest.js';
import { prepareTeamDigest, type TeamDigest, type TickMetrics } from './team-digest.js';

export interface TickSummary {
  due: number;
  sent: number;
  edited: number;
  skipped: number;
  failed: number;
  /** Held by another replica's live lease: left alone. */
  leased: number;
  /** Of the sent and edited, those posted late (after downtime), marked "delayed". */
  delayed: number;
  durationMs: number;
  /** Who holds each leased run, and until when (what `digest --now` tells). */
  held: HeldLease[];
}

export interface TickOptions {
  /** Run one channel's digest now (CLI `digest --now --channel C`), due or not. */
  only?: { teamId?: string; channelId: string };
  concurrency?: number;
}

function degradedResult(error: unknown, now: Date): MetricsResult {
  const why = error instanceof Error ? error.message : String(error);
  return {
    snapshot: {},
    series: {},
    quality: METRIC_KEYS.map((metric) => ({ metric, issue: 'noData', detail: why })),
    source: {
      kind: 'cloudwatch',
      description: `metrics unavailable at ${now.toISOString()}`,
      apiCalls: 0,
      metricsRequested: 0,
    },
    notes: [],
  };
}

/**
 * One fetch for every channel due in this tick; a failed fetch or a partial answer still sends,
 * marked degraded.
 */
async function tickMetrics(deps: DigestDeps, now: Date): Promise<TickMetrics> {
  try {
    const result = await fetchMetrics(deps, now);
    return { result, degraded: degradedReasons(result) };
  } catch (error) {
    deps.logger.warn({ err: error }, 'digest metrics unavailable; sending degraded digests');
    const why = error instanceof Error ? error.message : String(error);
    return { result: degradedResult(error, now), degraded: [why] };
  }
}

async function dueSubscriptions(deps: DigestDeps, now: Date, options: TickOptions) {
  if (!options.only) return deps.store.subscriptions.listDue(now);
  const { teamId, channelId } = options.only;
  const all = await deps.store.subscriptions.list(teamId);
  return all.filter((s) => s.channelId === channelId && s.active);
}

async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(size, items.length)) }, worker));
}

/**
 * One digest tick: every due subscription gets the digest of its latest period, exactly once
 * across replicas (leases in the shared store). Missed periods are caught up here too: only the
 * latest slot is ever sent, marked delayed when late.
 */
export async function runDigestTick(
  deps: DigestDeps,
  options: TickOptions = {},
): Promise<TickSummary> {
  const started = deps.clock();
  const summary: TickSummary = {
    due: 0,
    sent: 0,
    edited: 0,
    skipped: 0,
    failed: 0,
    leased: 0,
    delayed: 0,
    durationMs: 0,
    held: [],
  };
  const due = await dueSubscriptions(deps, started, options);
  summary.due = due.length;
  if (due.length === 0) return summary;
  const metrics = await tickMetrics(deps, started);
  // One review per team and tick: every channel of a team gets the same advice.
  const teams = new Map<string, Promise<TeamDigest>>();
  const teamDigest = (teamId: string) => {
    let team = teams.get(teamId);
    if (!team) {
      team = prepareTeamDigest(deps, teamId, metrics, started);
      teams.set(teamId, team);
    }
    return team;
  };
  const count = (outcome: SendOutcome) => {
    summary[outcome] += 1;
  };
  await pool(due, options.concurrency ?? 4, async (subscription: Subscription) => {
    const slot = latestSlot(subscription.schedule, subscription.timezone, deps.clock());
    try {
      const team = await teamDigest(subscription.teamId);
      const { outcome, held } = await sendDigest(deps, subscription, slot, team);
      count(outcome);
      if (held) summary.held.push(held);
      const late = isMissed(slot, subscription.nextRunAt, deps.clock());
      if ((outcome === 'sent' || outcome === 'edited') && late) {
        summary.delayed += 1;
      }
    } catch (error) {
      summary.failed += 1;
      deps.logger.error(
        { err: error, subscriptionId: subscription.id, periodKey: slot.periodKey },
        'digest failed; it will be retried next tick',
      );
    }
  });
  summary.durationMs = deps.clock().getTime() - started.getTime();
  const { held, ...counts } = summary;
  deps.logger.info(
    { ...counts, ...(held.length > 0 ? { heldBy: held.map((h) => h.owner) } : {}) },
    'digest tick finished',
  );
  return summary;
}
