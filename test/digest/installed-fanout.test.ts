import pino from 'pino';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { defaultDigestConfig } from '../../src/digest/config.js';
import { runTenantsDigestTick, type TickSummary } from '../../src/digest/run-digest.js';
import { createBoltLogger } from '../../src/slack/bolt-logger.js';
import { defaultStoreConfig } from '../../src/store/config.js';
import { MongoStore } from '../../src/store/mongo/mongo-store.js';
import { CapturingLogger } from '../store/fixtures.js';
import { dropDatabase, randomDatabaseName, withDatabase } from '../store/mongo-harness.js';
import { FakeSlack } from '../support/fake-slack.js';
import {
  channelsOf,
  generatedSealingKeys,
  installedReplica,
  installWorkspace,
  sealerFrom,
  subscribeDue,
  tallyDigests,
} from './install-harness.js';

/**
 * The installable app's digest fan-out on several replicas over one MongoDB-wire store: every
 * installed workspace's subscribed channels get exactly one digest for the period, posted with
 * that workspace's own token (opened from its sealed installation), however the replicas that
 * tick at once share the work. The scale of it is measured by `npm run bench -- --only workspaces`.
 */

const WORKSPACES = 20;
const CHANNELS = 2;
const REPLICAS = 3;

let cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

const keyOf = (i: number) => `T0WS${String(i).padStart(4, '0')}`;
const tokenOf = (key: string) => `xoxb-${key}-not-real`;

async function connect(database: string) {
  const store = await MongoStore.connect({
    url: withDatabase(inject('mongodbUrl'), database),
    defaultDatabase: database,
    client: defaultStoreConfig().mongo,
    logger: new CapturingLogger(),
  });
  cleanup.push(() => store.close());
  return store;
}

describe('installed digest fan-out on several replicas (MongoDB store)', () => {
  it('posts exactly one digest per subscribed channel, each with its own workspace token', async () => {
    // Arrange: 20 workspaces installed (sealed tokens, active records), 2 channels each due
    const keys = Array.from({ length: WORKSPACES }, (_, i) => keyOf(i));
    const fake = new FakeSlack({
      workspaces: keys.map((key) => ({ teamId: key, botToken: tokenOf(key) })),
    });
    const { apiUrl } = await fake.start();
    cleanup.push(() => fake.close());
    const database = randomDatabaseName();
    cleanup.push(() => dropDatabase(inject('mongodbUrl'), database));
    const installer = await connect(database);
    const sealer = sealerFrom(generatedSealingKeys());
    const now = new Date();
    for (const key of keys) {
      await installWorkspace(installer, sealer, { key, botToken: tokenOf(key), now });
      await subscribeDue(installer, key, CHANNELS, now);
    }
    const replicas = [];
    for (let i = 1; i <= REPLICAS; i++) {
      const replica = installedReplica({
        store: await connect(database),
        sealer,
        logger: new CapturingLogger(),
        clientLogger: createBoltLogger(pino({ level: 'silent' })),
        slackApiUrl: apiUrl,
        owner: `replica-${i}`,
        config: { ...defaultDigestConfig(), postsPerSecond: null },
      });
      cleanup.push(() => replica.close());
      replicas.push(replica);
    }
    // Act: every replica ticks at once, then once more
    const ticks = await Promise.all(replicas.map((r) => runTenantsDigestTick(r.tenancy)));
    const again = await Promise.all(replicas.map((r) => runTenantsDigestTick(r.tenancy)));
    // Assert: each channel's digest once, in its own workspace, none failed or sent twice
    const expected = keys.map((key) => ({ key, channels: channelsOf(key, CHANNELS) }));
    const tally = tallyDigests(fake, expected);
    expect(tally).toMatchObject({
      exactlyOnce: WORKSPACES * CHANNELS,
      missing: 0,
      duplicates: 0,
      stray: 0,
    });
    expect(tally.periods).toHaveLength(1);
    const total = (field: 'sent' | 'failed', of: TickSummary[]) =>
      of.reduce((sum, t) => sum + t[field], 0);
    expect(total('sent', ticks)).toBe(WORKSPACES * CHANNELS);
    expect(total('failed', ticks)).toBe(0);
    expect(ticks.every((t) => t.due === WORKSPACES * CHANNELS)).toBe(true);
    expect(again.every((t) => t.due === 0)).toBe(true);
    for (const key of keys) {
      const posts = fake.team(key).calls('chat.postMessage');
      expect(posts.every((c) => c.token === tokenOf(key))).toBe(true);
    }
    const installation = await installer.installations.get(keys[0] ?? '');
    expect(installation?.botToken).not.toContain('xoxb-');
    expect(replicas.reduce((sum, r) => sum + r.tokensOpened(), 0)).toBeGreaterThan(0);
  });
});
