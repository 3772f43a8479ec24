import type { ReplicaTick } from '../servers/digest-replica.js';
import type { SlackCallSummary } from '../servers/fake-slack-workspaces.js';
import { percentile } from './stats.js';

/** The figures of the many-workspaces benchmark, from what the replicas and the fake Slack said. */

export function sum<T>(items: readonly T[], of: (item: T) => number): number {
  return items.reduce((total, item) => total + of(item), 0);
}

/** `work` over `items`, `size` at a time. */
export async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

/** From the first replica's start to the last one's end, in seconds. */
export function spanSeconds(ticks: readonly ReplicaTick[]): number {
  const start = Math.min(...ticks.map((t) => t.startedAt));
  return (Math.max(...ticks.map((t) => t.endedAt)) - start) / 1000;
}

export interface PostTimes {
  /** When each workspace's last digest was accepted, seconds from the fan-out's start. */
  workspaceDone: { p50: number; p90: number; max: number };
  /** Each workspace's first to last accepted post, in seconds. */
  workspaceSpan: { p50: number; max: number };
  posted: number;
  /** chat.postMessage answered 429 (or any other refusal). */
  refused: number;
}

export function postTimes(
  slack: SlackCallSummary,
  keys: readonly string[],
  startedAt: number,
): PostTimes {
  const done: number[] = [];
  const spans: number[] = [];
  for (const key of keys) {
    const posts = slack.posts[key];
    if (posts === undefined || posts.accepted === 0) continue;
    done.push((posts.lastAt - startedAt) / 1000);
    spans.push((posts.lastAt - posts.firstAt) / 1000);
  }
  return {
    workspaceDone: {
      p50: percentile(done, 50),
      p90: percentile(done, 90),
      max: percentile(done, 100),
    },
    workspaceSpan: { p50: percentile(spans, 50), max: percentile(spans, 100) },
    posted: sum(keys, (k) => slack.posts[k]?.accepted ?? 0),
    refused: sum(keys, (k) => slack.posts[k]?.refused ?? 0),
  };
}

export interface PerWorkspace {
  /** Store port calls, and commands sent to FerretDB, of every replica, per workspace. */
  ops: number;
  commands: number;
  /** Milliseconds from a command's start to its answer, averaged over the tick's commands. */
  commandMs: number;
  slackCalls: number;
  /** Heap kept after the tick (after a full GC), every replica's together, per workspace. */
  heapKeptKb: number;
  /** The highest heap and RSS above the start while the tick ran, every replica's, per workspace. */
  heapPeakKb: number;
  rssPeakKb: number;
}

export function perWorkspace(
  ticks: readonly ReplicaTick[],
  slack: SlackCallSummary,
  workspaces: number,
): PerWorkspace {
  const kb = (mb: number) => (mb * 1024) / workspaces;
  const commands = sum(ticks, (t) => t.commandsTotal);
  return {
    ops: sum(ticks, (t) => t.opsTotal) / workspaces,
    commands: commands / workspaces,
    commandMs: sum(ticks, (t) => t.commandMsTotal) / commands,
    slackCalls: sum(Object.values(slack.byMethod), (v) => v) / workspaces,
    heapKeptKb: kb(sum(ticks, (t) => t.after.heapUsedMb - t.before.heapUsedMb)),
    heapPeakKb: kb(sum(ticks, (t) => t.peak.heapUsedMb - t.before.heapUsedMb)),
    rssPeakKb: kb(sum(ticks, (t) => t.peak.rssMb - t.before.rssMb)),
  };
}

/** Counts by name summed over records, largest first. */
export function merged(records: readonly Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of records) for (const [k, v] of Object.entries(r)) out[k] = (out[k] ?? 0) + v;
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1]));
}
