import { join } from 'node:path';
import { freePort } from '../test/support/bot-harness.js';
import { type Round, round, type Target } from './ack-path.js';
import { botWorkspace } from './lib/bot-env.js';
import type { BenchContext } from './lib/context.js';
import type { LoadResult } from './lib/load.js';
import { type Child, ROOT, spawnChild } from './lib/rpc.js';
import { METRICS_YAML } from './lib/services.js';
import { medianOf, ratio } from './lib/stats.js';

/**
 * 1c. Ack p99 at FIXED_RATE across metrics-cache expiries, bot against bare Bolt in one run.
 * With the production TTL (60 s) a 5-s round rarely holds an expiry, so both bots here run with
 * `cacheTtlSeconds: 2`: every round spans two or three expiries, each one GetMetricData call to
 * moto (0.3-1.4 s). One bot has the shipped cache (stale-while-revalidate, maxStaleSeconds 300);
 * the other `maxStaleSeconds: 0`, the cache as it was, where every command acked during a refresh
 * waits for it and the answers then run back to back.
 */

export interface ExpiryComparison {
  offeredRate: number;
  cacheTtlSeconds: number;
  bare: LoadResult;
  staleWhileRevalidate: Round;
  waitForRefresh: Round;
  rounds: { bare: LoadResult[]; staleWhileRevalidate: Round[]; waitForRefresh: Round[] };
  /** bot / bare p99, shipped cache; the target is <= 2. */
  p99Ratio: number;
  /** bot / bare p99, the cache without stale serving (for comparison). */
  p99RatioWithoutStale: number;
}

const TTL_SECONDS = 2;
const RATE = 100;

function yamlWith(maxStaleSeconds: number): string {
  return METRICS_YAML.replace(
    'metrics:\n',
    `metrics:\n  cacheTtlSeconds: ${TTL_SECONDS}\n  maxStaleSeconds: ${maxStaleSeconds}\n`,
  );
}

export interface ExpiryOptions {
  slack: Child;
  responseBase: string;
  bare: Target;
  server: { cpus?: string };
  seconds: number;
  warmupSeconds: number;
  apiUrl: string;
}

async function startBot(ctx: BenchContext, options: ExpiryOptions, name: string, stale: number) {
  const port = await freePort();
  const workspace = await botWorkspace({
    configYaml: yamlWith(stale),
    apiUrl: options.apiUrl,
    port,
    motoUrl: ctx.emulators.motoUrl,
  });
  const child = await spawnChild(join(ROOT, 'bench/servers/bot-process.mjs'), {
    ...options.server,
    env: workspace.env,
  });
  const target: Target = { name, child, url: `http://127.0.0.1:${port}/slack/events` };
  return { target, stop: async () => Promise.all([child.stop(), workspace.remove()]) };
}

export async function compareAcrossExpiry(
  ctx: BenchContext,
  options: ExpiryOptions,
): Promise<ExpiryComparison> {
  const swr = await startBot(ctx, options, 'bot-swr', 300);
  const wait = await startBot(ctx, options, 'bot-wait', 0);
  try {
    const targets = [options.bare, swr.target, wait.target];
    for (const target of [swr.target, wait.target]) {
      await round(
        target,
        options.slack,
        options.responseBase,
        { seconds: options.warmupSeconds },
        'expiry-warmup',
      );
    }
    const rounds: ExpiryComparison['rounds'] = {
      bare: [],
      staleWhileRevalidate: [],
      waitForRefresh: [],
    };
    for (let i = 1; i <= ctx.rounds; i++) {
      const order = i % 2 === 1 ? targets : [...targets].reverse();
      for (const target of order) {
        const r = await round(
          target,
          options.slack,
          options.responseBase,
          { seconds: options.seconds, rate: RATE },
          `expiry${i}`,
        );
        if (target.name === 'bare') rounds.bare.push(r);
        else if (target.name === 'bot-swr') rounds.staleWhileRevalidate.push(r);
        else rounds.waitForRefresh.push(r);
        ctx.log(
          `  across cache expiries round ${i} ${target.name}: p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms`,
        );
      }
    }
    const median = <T>(list: T[]) =>
      medianOf(list as unknown as Record<string, number>[]) as unknown as T;
    const bare = median(rounds.bare);
    const staleWhileRevalidate = median(rounds.staleWhileRevalidate);
    const waitForRefresh = median(rounds.waitForRefresh);
    return {
      offeredRate: RATE,
      cacheTtlSeconds: TTL_SECONDS,
      bare,
      staleWhileRevalidate,
      waitForRefresh,
      rounds,
      p99Ratio: ratio(staleWhileRevalidate.p99Ms, bare.p99Ms),
      p99RatioWithoutStale: ratio(waitForRefresh.p99Ms, bare.p99Ms),
    };
  } finally {
    await Promise.all([swr.stop(), wait.stop()]);
  }
}
