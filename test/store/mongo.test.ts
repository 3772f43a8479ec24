import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { defaultStoreConfig } from '../../src/store/config.js';
import { StoreStartupError, StoreUnavailableError } from '../../src/store/errors.js';
import type { MongoStore } from '../../src/store/mongo/mongo-store.js';
import { openStore } from '../../src/store/open-store.js';
import { freePort, startFerretDb } from '../setup/ferretdb.js';
import { waitFor } from '../support/wait.js';
import { runStoreContract } from './contract.js';
import { at, CapturingLogger, reviewRecord, uniqueTeam } from './fixtures.js';
import {
  dropDatabase,
  makeMongoHarness,
  randomDatabaseName,
  withDatabase,
} from './mongo-harness.js';
import { firstHost, startTcpProxy } from './support/tcp-proxy.js';

const serverUrl = inject('mongodbUrl');
const ferretdbBinary = inject('ferretdbBinary');

runStoreContract('MongoDB wire protocol', async () => makeMongoHarness(serverUrl));

/** A server this test may take down and bring back on the same port with the same data. */
async function privateServer(): Promise<{
  url: string;
  down(): Promise<void>;
  up(): Promise<void>;
  dispose(): Promise<void>;
}> {
  if (ferretdbBinary !== null) {
    const dataDir = mkdtempSync(join(tmpdir(), 'scale-review-outage-'));
    let server = await startFerretDb({ binary: ferretdbBinary, dataDir });
    const { port } = server;
    return {
      url: server.url,
      down: () => server.stop('SIGKILL'),
      up: async () => {
        server = await startFerretDb({ binary: ferretdbBinary, dataDir, port });
      },
      dispose: async () => {
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  // MONGODB_URL: a TCP proxy in front of it plays the server that goes away.
  const proxy = await startTcpProxy(firstHost(serverUrl));
  const url = serverUrl.replace(
    /^mongodb:\/\/((?:[^@/]*@)?)[^/?]*/,
    `mongodb://$1127.0.0.1:${proxy.port}`,
  );
  return {
    url: `${url}${url.includes('?') ? '&' : '?'}directConnection=true`,
    down: () => proxy.stop(),
    up: () => proxy.start(),
    dispose: () => proxy.stop(),
  };
}

function mongoConfig(mongodbUrl: string, serverSelectionTimeoutMS: number) {
  const defaults = defaultStoreConfig();
  return {
    ...defaults,
    dataDir: './unused',
    mongodbUrl,
    mongo: {
      ...defaults.mongo,
      serverSelectionTimeoutMS,
      connectTimeoutMS: serverSelectionTimeoutMS,
    },
  };
}

describe('MongoDB store', () => {
  it('is what openStore picks with MONGODB_URL: one log line, indexes created idempotently', async () => {
    const database = randomDatabaseName();
    const logger = new CapturingLogger();
    const config = mongoConfig(withDatabase(serverUrl, database), 2_500);

    const first = await openStore(config, { logger });
    await first.close();
    const second = await openStore(config, { logger });

    try {
      expect(second.kind).toBe('mongodb');
      expect(second.describe()).toContain(`database ${database}`);
      const storeLines = logger.entries.filter((e) => e.obj.store === 'mongodb');
      expect(storeLines).toHaveLength(2);
      expect(storeLines[0]?.msg).toContain('MongoDB');
      const db = (second as MongoStore).rawDatabaseForTests();
      const unique = async (collection: string) =>
        (await db.collection(collection).indexes()).filter((i) => i.unique).map((i) => i.name);
      expect(await unique('subscriptions')).toEqual(['team_channel_unique']);
      expect(await unique('digest_runs')).toEqual(['subscription_period_unique']);
      expect(await unique('digest_leases')).toEqual(['subscription_period_attempt_unique']);
      expect(await unique('idempotency_keys')).toEqual(['key_generation_unique']);
      const ttl = (await db.collection('idempotency_keys').indexes()).some(
        (i) => i.name === 'expires_ttl',
      );
      const refused = logger.entries.some((e) => e.obj.index === 'expires_ttl');
      expect(ttl !== refused).toBe(true);
    } finally {
      await second.close();
      await dropDatabase(serverUrl, database);
    }
  });

  it('fails fast at startup, naming the host and database but never the password', async () => {
    const port = await freePort();
    const url = `mongodb://alice:Sup3r%2FSecret!@127.0.0.1:${port}/prod_reviews?authSource=admin`;
    const logger = new CapturingLogger();

    const error = await openStore(mongoConfig(url, 300), { logger }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StoreStartupError);
    const message = (error as Error).message;
    expect(message).toContain(`127.0.0.1:${port}`);
    expect(message).toContain('prod_reviews');
    for (const text of [
      message,
      (error as Error).stack,
      inspect(error, { depth: 20 }),
      JSON.stringify(logger.entries),
    ]) {
      expect(text).not.toMatch(/Sup3r|Secret!/);
    }
  });

  it('refuses a malformed MONGODB_URL without echoing it', async () => {
    const url = 'mongodb://alice:Sup3rSecret@db.example.com:notaport/prod';

    const error = await openStore(mongoConfig(url, 300), { logger: new CapturingLogger() }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(StoreStartupError);
    expect((error as Error).message).toContain('db.example.com');
    expect(inspect(error, { depth: 20 })).not.toContain('Sup3rSecret');
  });

  it('turns an outage into StoreUnavailableError, then recovers when the server is back', async () => {
    const server = await privateServer();
    const harness = makeMongoHarness(server.url, { serverSelectionTimeoutMS: 1_000 });
    const store = await harness.open();
    const team = uniqueTeam();
    try {
      const id = await store.reviews.save(reviewRecord(team, at(0)));

      await server.down();
      const failure = await store.reviews
        .latest({ teamId: team, limit: 5 })
        .catch((e: unknown) => e);
      const health = await store.health();
      await server.up();
      // The driver finds the server again on its own schedule (slower on a loaded machine): poll
      const afterRestart = await waitFor(
        () => store.reviews.latest({ teamId: team, limit: 5 }).catch(() => undefined),
        { intervalMs: 100, what: 'the store to answer again' },
      );

      expect(failure).toBeInstanceOf(StoreUnavailableError);
      expect(failure).toMatchObject({ operation: 'reviews.latest' });
      expect((failure as Error).message).toContain('try again');
      expect(health.ok).toBe(false);
      expect(afterRestart.map((r) => r.id)).toEqual([id]);
      expect((await store.health()).ok).toBe(true);
    } finally {
      await store.close();
      await harness.destroy();
      await server.dispose();
    }
  });
});
