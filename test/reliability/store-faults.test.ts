import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Subscription } from '../../src/store/ports.js';
import { onlyReply, visibleText } from '../slack/helpers.js';
import { dropDatabase, randomDatabaseName, withDatabase } from '../store/mongo-harness.js';
import { type BotHarness, startBotHarness, waitFor } from '../support/bot-harness.js';
import { digestRunsOf, seedDueSubscriptions } from './support/capture.js';
import { type PrivateMongo, startPrivateMongo } from './support/private-mongo.js';
import {
  HARNESS_SECRETS,
  leakedSecrets,
  passwordOf,
  RELIABILITY_SECRETS,
  withPassword,
} from './support/secrets.js';
import { watchUnhandled } from './support/unhandled.js';

/**
 * The MongoDB server (a FerretDB of this test's own, with a password in MONGODB_URL) is killed
 * while the bot's own digest job is posting to 12 channels, and started again. While it is down,
 * `/scale status` gets an ephemeral error; once it is back, the bot finishes the digest by itself
 * (its every-second tick, the leases and the metadata lookup): every channel ends with exactly
 * one digest.
 */

const CHANNELS = 12;
const TEAM = 'T0STOREFAULTS';
const STORE_DOWN_TEXT = 'The review history store is unavailable right now';

describe('the MongoDB server stops mid-digest and comes back', () => {
  const unhandled = watchUnhandled();
  const serverUrl = inject('mongodbUrl');
  const database = randomDatabaseName();
  let mongo: PrivateMongo;
  let mongoUrl: string;
  let h: BotHarness;
  let clock: NodeJS.Timeout | undefined;
  let subscriptions: Subscription[] = [];

  beforeAll(async () => {
    mongo = await startPrivateMongo(serverUrl, inject('ferretdbBinary'));
    mongoUrl = mongo.ownServer
      ? withPassword(mongo.url, database)
      : withDatabase(mongo.url, database);
    h = await startBotHarness({
      now: new Date(),
      env: { MONGODB_URL: mongoUrl },
      configYaml: [
        'store:',
        '  mongo:',
        '    serverSelectionTimeoutMS: 500',
        '    connectTimeoutMS: 500',
        '    socketTimeoutMS: 2000',
        'digest:',
        "  tickCron: '* * * * * *'",
        '  leaseSeconds: 3',
        '  concurrency: 2',
        '  chart: false',
        '  slackAttempts: 3',
        '',
      ].join('\n'),
    });
    // The bot's clock follows real time here, so that leases taken before the outage expire.
    clock = setInterval(() => h.setNow(new Date()), 20);
  });

  afterAll(async () => {
    unhandled.stop();
    clearInterval(clock);
    await h?.close();
    if (mongo && !mongo.ownServer) await dropDatabase(serverUrl, database);
    await mongo?.dispose();
  });

  // One scenario: each phase needs the state the previous one left, so it is one test (a failure
  // names its phase) rather than several `it`s that would fail in a cascade or out of order.
  it('posts part of the digest, loses the server, keeps answering, and recovers by itself', async () => {
    // Phase 1: every post takes 150 ms, so the digest of 12 channels is still running when the
    // server goes away
    h.slack.setRandomFaults({
      seed: 1,
      probability: 1,
      faults: [{ kind: 'delay', ms: 150 }],
      methods: ['chat.postMessage'],
    });
    subscriptions = await seedDueSubscriptions(h.bot.deps.store, {
      teamId: TEAM,
      count: CHANNELS,
      now: new Date(),
    });
    await waitFor(() => (h.slack.messages().length >= 3 ? true : undefined), 20_000);
    await mongo.down();
    expect(h.slack.messages().length, 'phase 1: part of the digest was posted').toBeLessThan(
      CHANNELS,
    );

    // Phase 2: `/scale status` gets an ephemeral error while the server is down
    const sent = await h.command('status', { team_id: TEAM });
    const reply = await onlyReply(h, sent.responseId);
    const health = await fetch(`${h.baseUrl}/healthz`);
    expect(sent.response.status, 'phase 2: the command is acked').toBe(200);
    expect(reply.response_type, 'phase 2: the reply is ephemeral').toBe('ephemeral');
    expect(visibleText(reply), 'phase 2: the reply says the store is down').toContain(
      STORE_DOWN_TEXT,
    );
    // Readiness stays OK: every replica shares the store (docs/operations.md)
    expect(health.status, 'phase 2: /healthz while the store is down').toBe(200);

    // Phase 3: the digest job keeps ticking through the outage without crashing
    const failedTicks = () => h.logs.filter((l) => l.includes('"msg":"digest tick failed"')).length;
    const before = failedTicks();
    await waitFor(() => (failedTicks() > before ? true : undefined), 10_000);
    expect(unhandled.errors, 'phase 3: no unhandled error during the outage').toEqual([]);

    // Phase 4: once the server is back, every channel gets exactly one digest
    await mongo.up();
    const deadline = Date.now() + 40_000;
    let runs = await digestRunsOf(h.bot.deps.store, subscriptions).catch(() => []);
    while (!(runs.length === CHANNELS && runs.every((run) => run?.status === 'sent'))) {
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
      runs = await digestRunsOf(h.bot.deps.store, subscriptions).catch(() => []);
    }
    const pending = runs.filter((run) => run?.status !== 'sent');
    expect(
      pending,
      `phase 4: ${pending.length} digests not sent after the server came back`,
    ).toEqual([]);
    const edited = h.slack.messages().filter((m) => m.edits > 0).length;
    console.info(`store faults: ${CHANNELS} digests, ${edited} found by their metadata and edited`);
    for (const [i, subscription] of subscriptions.entries()) {
      const messages = h.slack.messages(subscription.channelId);
      expect(messages, `phase 4: ${subscription.channelId}`).toHaveLength(1);
      expect(runs[i]?.posted?.ts).toBe(messages[0]?.ts);
    }

    // Phase 5: `/scale status` answers normally again
    const again = await onlyReply(h, (await h.command('status', { team_id: TEAM })).responseId);
    expect(visibleText(again), 'phase 5: status works again').toContain('Scaling Indicators');
    expect((await fetch(`${h.baseUrl}/healthz`)).status, 'phase 5: /healthz').toBe(200);
  }, 120_000);

  it('never logged the MongoDB password, a token or the signing secret', () => {
    const external = passwordOf(mongoUrl);
    const secrets = [
      ...HARNESS_SECRETS,
      ...(mongo.ownServer ? [RELIABILITY_SECRETS.mongoPassword] : []),
      ...(external ? [external] : []),
    ];
    expect(h.logs.join('')).toContain('mongodb');
    expect(leakedSecrets(h.logs.join(''), secrets)).toEqual([]);
    expect(unhandled.errors).toEqual([]);
  });
});
