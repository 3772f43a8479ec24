import { type Db, MongoClient, ObjectId } from 'mongodb';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { defaultStoreConfig } from '../../src/store/config.js';
import { MongoStore } from '../../src/store/mongo/mongo-store.js';
import { openStore } from '../../src/store/open-store.js';
import { CapturingLogger, observation } from './fixtures.js';
import {
  expectMigrated,
  LEGACY_DECISIONS,
  LEGACY_REVIEWS,
  legacyObservations,
  MIGRATED_AT,
  MIGRATED_COUNTS,
  TEAM_A,
} from './legacy-data.js';
import { dropDatabase, randomDatabaseName, withDatabase } from './mongo-harness.js';

const serverUrl = inject('mongodbUrl');
const COLLECTIONS = ['reviews', 'observations', 'decisions', 'digest_runs', 'meta'];

/** Insert the legacy data as raw documents, the way version 1 wrote them. */
async function writeLegacyDocuments(db: Db): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const r of LEGACY_REVIEWS) {
    const _id = new ObjectId();
    ids[r.name] = _id.toHexString();
    await db.collection('reviews').insertOne({
      _id,
      teamId: r.teamId,
      channelId: r.channelId,
      source: r.source,
      createdAt: r.createdAt,
      review: r.review ?? { headline: 42 },
    });
  }
  for (const x of LEGACY_DECISIONS) {
    const _id = new ObjectId();
    ids[x.name] = _id.toHexString();
    await db.collection('decisions').insertOne({
      _id,
      teamId: x.teamId,
      reviewId: x.review === null ? new ObjectId().toHexString() : ids[x.review],
      recommendationKey: x.key,
      kind: 'ack',
      userId: 'U_ANA',
      at: x.at,
      snoozeUntil: null,
      metricsAtDecision: { cpuPercent: 72 },
    });
  }
  await db.collection('digest_runs').insertOne({
    subscriptionId: 'S1',
    periodKey: '2025-W49',
    status: 'sent',
    owner: 'a',
    leaseUntil: null,
    attempt: 1,
    claimedAt: new Date(1),
    posted: { channelId: 'C1', ts: '1.2', at: new Date(2) },
    sentAt: new Date(3),
    error: null,
    updatedAt: new Date(3),
    createdAt: new Date(1),
  });
  return ids;
}

async function dump(db: Db): Promise<unknown> {
  const entries = await Promise.all(
    COLLECTIONS.map(async (name) => [
      name,
      await db.collection(name).find({}).sort({ _id: 1 }).toArray(),
    ]),
  );
  return Object.fromEntries(entries);
}

describe('MongoDB store: migrating data written by version 1', () => {
  const databases: string[] = [];
  const clients: MongoClient[] = [];
  /** A fresh database holding the legacy documents, and a raw handle on it. */
  const legacyDatabase = async () => {
    const database = randomDatabaseName();
    databases.push(database);
    const url = withDatabase(serverUrl, database);
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000 });
    clients.push(client);
    const db = client.db(database);
    return { url, db, ids: await writeLegacyDocuments(db) };
  };
  const connect = (url: string, logger = new CapturingLogger(), clock = () => MIGRATED_AT) =>
    MongoStore.connect({
      url,
      defaultDatabase: 'unused',
      client: defaultStoreConfig().mongo,
      logger,
      reviewIntervalDays: 7,
      clock,
    });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
    for (const database of databases.splice(0)) await dropDatabase(serverUrl, database);
  });

  it('builds one observation per team and period from the reviews and rewrites decision keys', async () => {
    const { url, db, ids } = await legacyDatabase();
    const logger = new CapturingLogger();

    const store = await connect(url, logger);
    try {
      await expectMigrated(store, ids);
      expect(await db.collection('meta').findOne({ _id: 'schema' as never })).toEqual({
        _id: 'schema',
        version: 2,
        migratedAt: MIGRATED_AT,
      });
      expect(logger.entries.filter((e) => e.level === 'info')).toContainEqual({
        level: 'info',
        obj: MIGRATED_COUNTS,
        msg: 'Store: migrated stored reviews to observations',
      });
      expect(logger.warningsFor(ids.r8 ?? '', 'reviews')).toHaveLength(1);
      const stored = await db.collection('observations').findOne({ periodKey: '2025-W49' });
      expect(stored?._id).toBe(`2025-W49|${TEAM_A}`);
      expect((await store.digestRuns.get('S1', '2025-W49'))?.reviewId).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('a second open changes nothing, and a forced re-run keeps observations written since', async () => {
    const { url, db } = await legacyDatabase();
    await (await connect(url)).close();
    const afterFirst = await dump(db);

    const laterClock = () => new Date(MIGRATED_AT.getTime() + 86_400_000);
    const second = await connect(url, new CapturingLogger(), laterClock);
    const afterSecond = await dump(db);
    const fresh = observation(TEAM_A, '2025-W49', { snapshot: { cpuPercent: 99 } });
    await second.observations.put(fresh);
    await second.close();
    await db.collection('meta').deleteOne({ _id: 'schema' as never });
    const logger = new CapturingLogger();
    const rerun = await connect(url, logger);

    try {
      expect(afterSecond).toEqual(afterFirst);
      const afterRerun = (await dump(db)) as Record<string, unknown[]>;
      const expected = afterFirst as Record<string, unknown[]>;
      for (const name of ['reviews', 'decisions', 'digest_runs', 'meta']) {
        expect(afterRerun[name], name).toEqual(expected[name]);
      }
      expect(await rerun.observations.get(TEAM_A, '2025-W49')).toEqual(fresh);
      expect(afterRerun.observations).toHaveLength(5);
      expect(logger.entries.filter((e) => e.obj.observations !== undefined)).toEqual([]);
    } finally {
      await rerun.close();
    }
  });

  it('two replicas opening at once both start and converge on the same data', async () => {
    const { url, db, ids } = await legacyDatabase();

    const [a, b] = await Promise.all([connect(url), connect(url)]);
    try {
      await expectMigrated(a, ids);
      await expectMigrated(b, ids);
      expect(await db.collection('observations').countDocuments()).toBe(5);
      expect(await db.collection('meta').countDocuments()).toBe(1);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('openStore passes the plan review interval to the migration', async () => {
    const { url } = await legacyDatabase();

    const store = await openStore(
      { ...defaultStoreConfig(), dataDir: './unused', mongodbUrl: url, reviewIntervalDays: 14 },
      { logger: new CapturingLogger() },
    );
    try {
      expect(await legacyObservations(store)).toEqual([]);
      const fortnight = await store.observations.getMany(TEAM_A, [
        '2025-11-24/P14D',
        '2025-12-08/P14D',
      ]);
      expect(fortnight.map((o) => [o.periodKey, o.snapshot.cpuPercent])).toEqual([
        ['2025-11-24/P14D', 71],
        ['2025-12-08/P14D', 80],
      ]);
    } finally {
      await store.close();
    }
  });
});
