import { fetchMetrics } from '../app/fetch-metrics.js';
import { METRIC_KEYS } from '../domain/metrics.js';
import { isMissed, latestSlot } from '../domain/schedule.js';
import type { MetricsResult } from '../metrics/port.js';
import type { Subscription } from '../store/ports.js';
import { degradedReasons } from './degraded.js';
import type { DigestDeps } from './digest-deps.js';
import { type HeldLease, sendDigest } from './send-digest.js';
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

async function dueSubscriptions(deps: Pick<DigestDeps, 'store'>, now: Date, options: TickOptions) {
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

/** Tenants whose digests run at once, each with its own Slack pace and channel pool. */
const DEFAULT_TENANT_CONCURRENCY = 8;

/**
 * Who the digests of a tick are sent for. Single-workspace: one set of deps for every team.
 * Installed app: a tenant's deps (its settings, its metrics source, a client on its own bot token,
 * refreshed when rotation is on, and its own pace), or null when it cannot be served (uninstalled
 * meanwhile, no token): its channels are skipped and logged.
 */
export interface DigestTenancy {
  /** The store, clock and logger every tenant shares (due subscriptions are listed with them). */
  shared: Pick<DigestDeps, 'store' | 'clock' | 'logger'>;
  depsFor(key: string): Promise<DigestDeps | null>;
  /** Whose a subscription is (default its `teamId`, the tenant key). */
  tenantOf?: (subscription: Subscription) => string;
  /**
   * This replica's lease owner id: replicas that tick at once start their walk through the
   * tenants at different places (from a hash of it), so they claim different ones first instead
   * of colliding on the same.
   */
  owner?: string;
}

/** `items` from a place that depends on `seed` (a stable hash), wrapping around. */
export function rotated<T>(items: readonly T[], seed: string): T[] {
  if (items.length === 0) return [];
  let hash = 2166136261;
  for (let i = 0; i < seed.length; i++) {
    hash = Math.imul(hash ^ seed.charCodeAt(i), 16777619) >>> 0;
  }
  const start = hash % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}

function emptySummary(): TickSummary {
  return {
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
}

/** One tenant's due channels: one metrics fetch, one review per team, the channels pooled. */
async function tickTenant(
  deps: DigestDeps,
  due: readonly Subscription[],
  summary: TickSummary,
  options: TickOptions,
  started: Date,
): Promise<void> {
  // The metrics and each team's review are read once, and only once a channel's claim is won: a
  // replica whose channels another replica took reads neither (sendDigest).
  let metrics: Promise<TickMetrics> | null = null;
  // One review per team and tick: every channel of a team gets the same advice.
  const teams = new Map<string, Promise<TeamDigest>>();
  const teamDigest = (teamId: string) => {
    let team = teams.get(teamId);
    if (!team) {
      metrics ??= tickMetrics(deps, started);
      team = metrics.then((tick) => prepareTeamDigest(deps, teamId, tick, started));
      teams.set(teamId, team);
    }
    return team;
  };
  await pool(due, options.concurrency ?? 4, async (subscription: Subscription) => {
    const slot = latestSlot(subscription.schedule, subscription.timezone, deps.clock());
    try {
      const team = () => teamDigest(subscription.teamId);
      const { outcome, held } = await sendDigest(deps, subscription, slot, team);
      summary[outcome] += 1;
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
}

/** The due subscriptions by tenant, in the order listed. */
function byTenant(
  due: readonly Subscription[],
  tenantOf: (subscription: Subscription) => string,
): Map<string, Subscription[]> {
  const groups = new Map<string, Subscription[]>();
  for (const subscription of due) {
    const key = tenantOf(subscription);
    const group = groups.get(key);
    if (group) group.push(subscription);
    else groups.set(key, [subscription]);
  }
  return groups;
}

/**
 * One digest tick over every tenant: every due subscription gets the digest of its latest period,
 * exactly once across replicas (leases in the shared store). Missed periods are caught up here
 * too: only the latest slot is ever sent, marked delayed when late. Tenants run in parallel, each
 * paced on its own (Slack's limits are per workspace), so the fan-out takes about the slowest
 * tenant's time, not the sum.
 */
export async function runTenantsDigestTick(
  tenancy: DigestTenancy,
  options: TickOptions & { tenantConcurrency?: number } = {},
): Promise<TickSummary> {
  const { shared } = tenancy;
  const started = shared.clock();
  const summary = emptySummary();
  const due = await dueSubscriptions(shared, started, options);
  summary.due = due.length;
  if (due.length === 0) return summary;
  const listed = [...byTenant(due, tenancy.tenantOf ?? ((s) => s.teamId))];
  const groups = tenancy.owner === undefined ? listed : rotated(listed, tenancy.owner);
  const concurrency = options.tenantConcurrency ?? DEFAULT_TENANT_CONCURRENCY;
  await pool(groups, concurrency, async ([key, group]) => {
    let deps: DigestDeps | null;
    try {
      deps = await tenancy.depsFor(key);
    } catch (error) {
      summary.failed += group.length;
      shared.logger.error(
        { err: error, tenant: key, channels: group.length },
        'digest tenant unavailable; its channels are retried next tick',
      );
      return;
    }
    if (deps === null) {
      summary.skipped += group.length;
      shared.logger.info({ tenant: key, channels: group.length }, 'digest skipped: not installed');
      return;
    }
    await tickTenant(deps, group, summary, options, started);
  });
  summary.durationMs = shared.clock().getTime() - started.getTime();
  const { held, ...counts } = summary;
  shared.logger.info(
    { ...counts, ...(held.length > 0 ? { heldBy: held.map((h) => h.owner) } : {}) },
    'digest tick finished',
  );
  return summary;
}

/** One digest tick with one set of deps (one workspace's bot token; the CLI, single mode). */
export function runDigestTick(deps: DigestDeps, options: TickOptions = {}): Promise<TickSummary> {
  // One tenant: one metrics fetch and one channel pool for every team, as before tenants.
  const tenancy = { shared: deps, depsFor: async () => deps, tenantOf: () => 'single' };
  return runTenantsDigestTick(tenancy, options);
}
