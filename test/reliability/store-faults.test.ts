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

  it('posts part of the digest, then loses the server', async () => {
    // Arrange: every post takes 150 ms, so the digest of 12 channels is still running when the
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
    // Act
    await waitFor(() => (h.slack.messages().length >= 3 ? true : undefined), 20_000);
    await mongo.down();
    // Assert
    expect(h.slack.messages().length).toBeLessThan(CHANNELS);
  }, 30_000);

  it('answers `/scale status` with an ephemeral error while the server is down', async () => {
    const sent = await h.command('status', { team_id: TEAM });
    const reply = await onlyReply(h, sent.responseId);
    const health = await fetch(`${h.baseUrl}/healthz`);
    expect(sent.response.status).toBe(200);
    expect(reply.response_type).toBe('ephemeral');
    expect(visibleText(reply)).toContain(STORE_DOWN_TEXT);
    expect(health.status).toBe(503);
  });

  it('keeps ticking through the outage without crashing', async () => {
    const failedTicks = () => h.logs.filter((l) => l.includes('"msg":"digest tick failed"')).length;
    const before = failedTicks();
    await waitFor(() => (failedTicks() > before ? true : undefined), 10_000);
    expect(unhandled.errors).toEqual([]);
  });

  it('recovers by itself once the server is back: every channel gets exactly one digest', async () => {
    // Act
    await mongo.up();
    const deadline = Date.now() + 40_000;
    let runs = await digestRunsOf(h.bot.deps.store, subscriptions).catch(() => []);
    while (!(runs.length === CHANNELS && runs.every((run) => run?.status === 'sent'))) {
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
      runs = await digestRunsOf(h.bot.deps.store, subscriptions).catch(() => []);
    }
    // Assert
    const pending = runs.filter((run) => run?.status !== 'sent');
    expect(pending, `${pending.length} digests not sent after the server came back`).toEqual([]);
    const edited = h.slack.messages().filter((m) => m.edits > 0).length;
    console.info(`store faults: ${CHANNELS} digests, ${edited} found by their metadata and edited`);
    for (const [i, subscription] of subscriptions.entries()) {
      const messages = h.slack.messages(subscription.channelId);
      expect(messages, subscription.channelId).toHaveLength(1);
      expect(runs[i]?.posted?.ts).toBe(messages[0]?.ts);
    }
  }, 60_000);

  it('answers `/scale status` normally again', async () => {
    const reply = await onlyReply(h, (await h.command('status', { team_id: TEAM })).responseId);
    expect(visibleText(reply)).toContain('Scaling Indicators');
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
  });

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
