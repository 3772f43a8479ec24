import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Subscription } from '../../src/store/ports.js';
import { onlyReply, visibleText } from '../slack/helpers.js';
import { dropDatabase, randomDatabaseName, withDatabase } from '../store/mongo-harness.js';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import { waitUntil } from '../support/wait.js';
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
  let subscriptions: Subscription[] = [];

  beforeAll(async () => {
    mongo = await startPrivateMongo(serverUrl, inject('ferretdbBinary'));
    mongoUrl = mongo.ownServer
      ? withPassword(mongo.url, database)
      : withDatabase(mongo.url, database);
    // The bot's clock is the real one here, so that leases taken before the outage expire. Its
    // store timeouts are short for an outage and long enough for a loaded machine.
    h = await startBotHarness({
      realClock: true,
      env: { MONGODB_URL: mongoUrl },
      configYaml: [
        'store:',
        '  mongo:',
        '    serverSelectionTimeoutMS: 2000',
        '    connectTimeoutMS: 2000',
        '    socketTimeoutMS: 5000',
        'digest:',
        "  tickCron: '* * * * * *'",
        '  leaseSeconds: 3',
        '  concurrency: 2',
        '  chart: false',
        '  slackAttempts: 3',
        '',
      ].join('\n'),
    });
  });

  afterAll(async () => {
    unhandled.stop();
    await h?.close();
    if (mongo && !mongo.ownServer) await dropDatabase(serverUrl, database);
    await mongo?.dispose();
  });

  // One scenario: each phase needs the state the previous one left, so it is one test (a failure
  // names its phase) rather than several `it`s that would fail in a cascade or out of order.
  it('posts part of the digest, loses the server, keeps answering, and recovers by itself', async () => {
    // Phase 1: three posts land, then "Slack" holds the next two (the digest sends two channels at
    // a time), so the digest is mid-run, with posts in flight, when the server goes away; the held
    // posts land once it is gone
    const pass = { kind: 'delay', ms: 0 } as const;
    h.slack.script('chat.postMessage', pass, pass, pass, { kind: 'hang' }, { kind: 'hang' });
    subscriptions = await seedDueSubscriptions(h.bot.deps.store, {
      teamId: TEAM,
      count: CHANNELS,
      now: new Date(),
    });
    const held = () => h.slack.calls('chat.postMessage').filter((c) => c.fault === 'hang');
    await waitUntil(() => held().length === 2, { what: 'two posts held by Slack' });
    await mongo.down();
    h.slack.releaseHeld();
    expect(h.slack.messages().length, 'phase 1: part of the digest was posted').toBe(3);

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
    await waitUntil(() => failedTicks() > before, { what: 'a failed digest tick' });
    expect(unhandled.errors, 'phase 3: no unhandled error during the outage').toEqual([]);

    // Phase 4: once the server is back, every channel gets exactly one digest
    await mongo.up();
    let runs: Awaited<ReturnType<typeof digestRunsOf>> = [];
    await waitUntil(
      async () => {
        runs = await digestRunsOf(h.bot.deps.store, subscriptions).catch(() => []);
        return runs.length === CHANNELS && runs.every((run) => run?.status === 'sent');
      },
      { deadlineMs: 60_000, intervalMs: 250 },
    ).catch(() => undefined);
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
