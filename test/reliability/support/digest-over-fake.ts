import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DigestDeps } from '../../../src/digest/digest-deps.js';
import type { RetryPolicy } from '../../../src/digest/retry.js';
import { createSlackPoster, type SlackPosterOptions } from '../../../src/digest/slack-poster.js';
import { DEFAULT_PLAN } from '../../../src/domain/plan/default-plan.js';
import { createBoltLogger } from '../../../src/slack/bolt-logger.js';
import { createSlackClient } from '../../../src/slack-api/web-client.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { SEED_PANEL, staticMetrics } from '../../digest/digest-harness.js';
import { TEST_BOT_TOKEN } from '../../support/bot-harness.js';
import { FakeSlack } from '../../support/fake-slack.js';
import { capturedLogger } from './capture.js';

/**
 * The real digest code (runDigestTick, sendDigest, the Slack poster and its retries, the embedded
 * store) over the fake Slack, with the digest's own client (its policy in web-client.ts) on a
 * short timeout and a retry policy of the test's choosing.
 */

export interface DigestOverFake {
  fake: FakeSlack;
  store: SqliteStore;
  deps: DigestDeps;
  /** The JSON lines the digest logged. */
  lines: string[];
  close(): Promise<void>;
}

export interface DigestOverFakeOptions {
  /** The client gives up on a silent Slack after this (production: 10 s). */
  clientTimeoutMs: number;
  policy: RetryPolicy;
  /** The poster's own options (the pacer, where native-block fallbacks go). */
  poster?: SlackPosterOptions;
}

export async function startDigestOverFake(options: DigestOverFakeOptions): Promise<DigestOverFake> {
  const { logger, lines } = capturedLogger();
  const fake = new FakeSlack();
  const { apiUrl } = await fake.start();
  const dir = mkdtempSync(join(tmpdir(), 'scale-review-digest-over-fake-'));
  const store = SqliteStore.open(dir, logger);
  const client = createSlackClient(TEST_BOT_TOKEN, {
    policy: 'digest',
    apiUrl,
    logger: createBoltLogger(logger, 'web-api'),
    timeoutMs: options.clientTimeoutMs,
  });
  const deps: DigestDeps = {
    plan: DEFAULT_PLAN,
    infrastructure: {},
    store,
    metrics: staticMetrics(SEED_PANEL),
    metricsProblem: null,
    logger,
    clock: () => new Date(),
    permissions: { admins: [], ackers: null },
    poster: createSlackPoster(client, options.policy, { logger, ...options.poster }),
    nativeBlocks: true,
    owner: 'reliability-replica',
    leaseMs: 60_000,
  };
  return {
    fake,
    store,
    deps,
    lines,
    close: async () => {
      await store.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
