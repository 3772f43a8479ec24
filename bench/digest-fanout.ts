import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { AppDeps } from '../src/app/deps.js';
import { type DigestConfig, digestConfigSchema } from '../src/digest/config.js';
import { createDigestDeps } from '../src/digest/create-digest-deps.js';
import { runDigestTick, type TickSummary } from '../src/digest/run-digest.js';
import { DEFAULT_PLAN } from '../src/domain/plan/default-plan.js';
import { parseMetricsConfig } from '../src/metrics/config.js';
import { createMetricsSource } from '../src/metrics/create-source.js';
import { createBoltLogger } from '../src/slack/bolt-logger.js';
import { defaultStoreConfig } from '../src/store/config.js';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/ports.js';
import { newCallLog, testClientFactory } from '../test/metrics/support/moto.js';
import { dropDatabase, withDatabase } from '../test/store/mongo-harness.js';
import { TEST_BOT_TOKEN } from '../test/support/bot-harness.js';
import { FakeSlack } from '../test/support/fake-slack.js';
import type { BenchContext } from './lib/context.js';
import { capturedLogger } from './lib/quiet-logger.js';
import { METRICS_YAML, MOTO_DEFAULT_ACCOUNT, REGION } from './lib/services.js';
import { median } from './lib/stats.js';

/**
 * 3. Digest fan-out: one digest tick for N subscribed channels, through the real poster
 * (@slack/web-api against the fake Slack) with the fake enforcing Slack's chat.postMessage limits:
 * 1 per second per channel and a workspace-wide rate, answering 429 with Retry-After. The lower
 * bound is what the workspace limit alone allows: N / rate seconds.
 */

export const PER_CHANNEL_PER_SECOND = 1;
export const WORKSPACE_PER_SECOND = 20;

export interface DigestRound {
  seconds: number;
  ratio: number;
  /** chat.postMessage calls the fake accepted / refused with 429. */
  posted: number;
  rateLimited: number;
  duplicates: number;
  missing: number;
  /** Digests whose blocks carry the table and the charts (native blocks, issue 22). */
  native: number;
  /** From the tick's start to the first and the last accepted chat.postMessage. */
  firstPostSeconds: number;
  lastPostSeconds: number;
  getMetricDataCalls: number;
  summary: TickSummary;
  /** Warnings and errors the digest logged (last 20), to explain any failure. */
  problems: string[];
}

export type DigestStoreKind = 'sqlite' | 'ferretdb';

export interface DigestFanoutResult {
  channels: number;
  lowerBoundSeconds: number;
  digestYaml: string;
  store: DigestStoreKind;
  rounds: DigestRound[];
  median: {
    seconds: number;
    ratio: number;
    rateLimited: number;
    duplicates: number;
    missing: number;
  };
}

const TEAM = 'T0BENCH';

function channelIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `C${String(i + 1).padStart(8, '0')}`);
}

/** Every channel due now: the weekly slot is two minutes ago (UTC), so it is not marked delayed. */
async function subscribeAll(store: Store, channels: readonly string[], now: Date) {
  const slot = new Date(now.getTime() - 2 * 60_000);
  const weekday = (((slot.getUTCDay() + 6) % 7) + 1) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
  const time = slot.toISOString().slice(11, 16);
  for (const channelId of channels) {
    await store.subscriptions.upsert(
      {
        teamId: TEAM,
        channelId,
        schedule: { weekday, time },
        timezone: 'UTC',
        createdBy: 'U1ANA',
        active: true,
        nextRunAt: slot,
      },
      now,
    );
  }
}

function count(slack: FakeSlack, channels: readonly string[]) {
  let duplicates = 0;
  let missing = 0;
  for (const channel of channels) {
    const digests = slack
      .messages(channel)
      .filter((m) => JSON.stringify(m.metadata ?? {}).includes('scale_review_digest'));
    if (digests.length === 0) missing += 1;
    duplicates += Math.max(0, digests.length - 1);
  }
  return { duplicates, missing };
}

async function round(
  ctx: BenchContext,
  slack: FakeSlack,
  apiUrl: string,
  config: DigestConfig,
  channels: readonly string[],
  storeKind: DigestStoreKind,
  index: number,
): Promise<DigestRound> {
  slack.reset();
  slack.setRateLimits({ perChannel: PER_CHANNEL_PER_SECOND, workspace: WORKSPACE_PER_SECOND });
  const captured = capturedLogger('info');
  const { logger } = captured;
  const database = `scale_review_bench_digest_${Date.now()}_${index}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'scale-review-bench-digest-'));
  const store = await openStore(
    {
      ...defaultStoreConfig(),
      dataDir,
      reviewIntervalDays: DEFAULT_PLAN.review.intervalDays,
      ...(storeKind === 'ferretdb'
        ? { mongodbUrl: withDatabase(ctx.emulators.mongodbUrl, database) }
        : {}),
    },
    { logger },
  );
  const calls = newCallLog();
  const metricsConfig = parseMetricsConfig(
    (parseYaml(METRICS_YAML) as { metrics: unknown }).metrics,
  );
  const app: AppDeps = {
    plan: DEFAULT_PLAN,
    infrastructure: {},
    store,
    metrics: createMetricsSource(metricsConfig, {
      logger,
      region: REGION,
      createCloudWatchClient: testClientFactory({
        endpoint: ctx.emulators.motoUrl,
        account: MOTO_DEFAULT_ACCOUNT,
        calls,
      }),
    }),
    metricsProblem: null,
    logger,
    clock: () => new Date(),
    permissions: { admins: [], ackers: null },
  };
  try {
    await subscribeAll(store, channels, new Date());
    const deps = createDigestDeps(app, config, {
      botToken: TEST_BOT_TOKEN,
      slackApiUrl: apiUrl,
      clientLogger: createBoltLogger(logger, 'web-api'),
      owner: `bench-${index}`,
    });
    const started = performance.now();
    const startedAt = Date.now();
    const summary = await runDigestTick(deps, { concurrency: config.concurrency });
    const seconds = (performance.now() - started) / 1000;
    const posts = slack.calls('chat.postMessage');
    const lowerBound = channels.length / WORKSPACE_PER_SECOND;
    const acceptedAt = posts.filter((c) => c.status === 200).map((c) => c.at);
    return {
      seconds,
      ratio: seconds / lowerBound,
      posted: posts.filter((c) => c.status === 200).length,
      rateLimited: posts.filter((c) => c.status === 429).length,
      ...count(slack, channels),
      native: slack
        .messages()
        .filter((m) => JSON.stringify(m.blocks ?? []).includes('"type":"data_visualization"'))
        .length,
      firstPostSeconds: (Math.min(...acceptedAt) - startedAt) / 1000,
      lastPostSeconds: (Math.max(...acceptedAt) - startedAt) / 1000,
      getMetricDataCalls: calls.getMetricData,
      summary,
      problems: captured.tail.filter((line) => /"level":(40|50)/.test(line)),
    };
  } finally {
    await store.close();
    if (storeKind === 'ferretdb') await dropDatabase(ctx.emulators.mongodbUrl, database);
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function benchDigestFanout(
  ctx: BenchContext,
  digestYaml: string,
  storeKind: DigestStoreKind = 'sqlite',
): Promise<DigestFanoutResult> {
  const channels = channelIds(ctx.quick ? 100 : 500);
  const config = digestConfigSchema.parse((parseYaml(digestYaml) as { digest: unknown }).digest);
  const slack = new FakeSlack();
  const { apiUrl } = await slack.start();
  const rounds: DigestRound[] = [];
  try {
    for (let i = 1; i <= ctx.rounds; i++) {
      const r = await round(ctx, slack, apiUrl, config, channels, storeKind, i);
      rounds.push(r);
      ctx.log(
        `  digest round ${i}: ${r.seconds.toFixed(1)} s (${r.ratio.toFixed(2)}x the bound), ${r.rateLimited} 429s, ${r.duplicates} duplicates, ${r.missing} missing, ${r.native} with native blocks; first post at ${r.firstPostSeconds.toFixed(2)} s, last at ${r.lastPostSeconds.toFixed(2)} s`,
      );
    }
  } finally {
    await slack.close();
  }
  return {
    channels: channels.length,
    lowerBoundSeconds: channels.length / WORKSPACE_PER_SECOND,
    digestYaml,
    store: storeKind,
    rounds,
    median: {
      seconds: median(rounds.map((r) => r.seconds)),
      ratio: median(rounds.map((r) => r.ratio)),
      rateLimited: median(rounds.map((r) => r.rateLimited)),
      duplicates: median(rounds.map((r) => r.duplicates)),
      missing: median(rounds.map((r) => r.missing)),
    },
  };
}
