import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { parse } from 'yaml';
import { parseMetricsConfig } from '../src/metrics/config.js';
import { createMetricsSource } from '../src/metrics/create-source.js';
import type { BenchContext } from './lib/context.js';
import { FAKE_AWS_ENV, METRICS_YAML, REGION } from './lib/services.js';
import { percentile } from './lib/stats.js';

/**
 * 1d. How long a command waits for its metrics across cache expiries, in-process: the configured
 * CloudWatch source (moto) behind the cache with a 2 s TTL, asked 100 times a second for 10 s
 * (the first 2 s, the cold fetch, are not counted), with the shipped stale-while-revalidate cache
 * and with `maxStaleSeconds: 0` (every caller during a refresh waits for it).
 */

export interface CacheWaitResult {
  mode: 'staleWhileRevalidate' | 'waitForRefresh';
  fetches: number;
  getMetricDataCalls: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const MEASURE_MS = 10_000;
const COLD_MS = 2_000;

async function measure(motoUrl: string, maxStaleSeconds: number): Promise<CacheWaitResult> {
  const raw = (parse(METRICS_YAML) as { metrics: Record<string, unknown> }).metrics;
  const config = parseMetricsConfig({ ...raw, cacheTtlSeconds: 2, maxStaleSeconds });
  let calls = 0;
  const source = createMetricsSource(config, {
    region: REGION,
    logger: {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    },
    createCloudWatchClient: (c) => {
      const client = new CloudWatchClient({
        ...c,
        endpoint: motoUrl,
        credentials: {
          accessKeyId: FAKE_AWS_ENV.AWS_ACCESS_KEY_ID,
          secretAccessKey: FAKE_AWS_ENV.AWS_SECRET_ACCESS_KEY,
        },
      });
      client.middlewareStack.add(
        (next) => async (args) => {
          calls += 1;
          return next(args);
        },
        { step: 'initialize', name: 'benchCallCounter' },
      );
      return client;
    },
  });
  const waits: number[] = [];
  const pending: Promise<void>[] = [];
  const started = Date.now();
  while (Date.now() - started < MEASURE_MS) {
    const counted = Date.now() - started > COLD_MS;
    const t0 = performance.now();
    pending.push(
      source.fetch({ now: new Date() }).then(() => {
        if (counted) waits.push(performance.now() - t0);
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await Promise.all(pending);
  return {
    mode: maxStaleSeconds > 0 ? 'staleWhileRevalidate' : 'waitForRefresh',
    fetches: waits.length,
    getMetricDataCalls: calls,
    p50Ms: percentile(waits, 50),
    p99Ms: percentile(waits, 99),
    maxMs: Math.max(...waits),
  };
}

export async function benchCacheWaits(ctx: BenchContext): Promise<CacheWaitResult[]> {
  const results = [
    await measure(ctx.emulators.motoUrl, 300),
    await measure(ctx.emulators.motoUrl, 0),
  ];
  for (const r of results) {
    ctx.log(
      `  cache waits (${r.mode}): ${r.fetches} fetches, ${r.getMetricDataCalls} GetMetricData, p99 ${r.p99Ms.toFixed(1)} ms, max ${r.maxMs.toFixed(0)} ms`,
    );
  }
  return results;
}
