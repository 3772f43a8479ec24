import { randomBytes } from 'node:crypto';
import { type Document, MongoClient, ObjectId } from 'mongodb';
import { defaultStoreConfig, type MongoClientConfig } from '../../src/store/config.js';
import { MongoStore } from '../../src/store/mongo/mongo-store.js';
import type { Store } from '../../src/store/ports.js';
import type { MalformedKind, StoreHarness } from './contract.js';
import { at, CapturingLogger, HOUR } from './fixtures.js';

/** A database name no other test file uses. */
export function randomDatabaseName(): string {
  return `scale_review_test_${randomBytes(5).toString('hex')}`;
}

/** The server URL with `database` as its path (query string kept). */
export function withDatabase(url: string, database: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]*)(?:\/[^?]*)?(\?.*)?$/.exec(url);
  if (!match)
    throw new Error('MONGODB_URL for tests must look like mongodb://host:port[/db][?options]');
  return `${match[1]}/${database}${match[2] ?? ''}`;
}

export async function dropDatabase(url: string, database: string): Promise<void> {
  const client = new MongoClient(withDatabase(url, database), { serverSelectionTimeoutMS: 5_000 });
  try {
    await client.db(database).dropDatabase();
  } finally {
    await client.close();
  }
}

function asMongo(store: Store): MongoStore {
  if (!(store instanceof MongoStore)) throw new Error('not the MongoDB store');
  return store;
}

/** Reviews, decisions... get an ObjectId from the server; an observation has its string id. */
type MalformedDocument = Document & { _id?: string };

function malformedDocument(
  kind: MalformedKind,
  teamId: string,
  key: string,
): { collection: string; doc: MalformedDocument } {
  const t0 = at(0);
  switch (kind) {
    case 'review':
      return {
        collection: 'reviews',
        doc: {
          teamId,
          channelId: key,
          createdAt: at(HOUR),
          source: { kind: 'cli' },
          review: { headline: 42 },
        },
      };
    case 'decision':
      return {
        collection: 'decisions',
        doc: {
          teamId,
          reviewId: 'r',
          recommendationKey: key,
          kind: 'ack',
          at: at(HOUR),
          snoozeUntil: null,
          userId: 'U1',
        },
      };
    case 'subscription':
      return {
        collection: 'subscriptions',
        doc: {
          teamId,
          channelId: key,
          schedule: { weekday: 9, time: '09:00' },
          timezone: 'UTC',
          createdBy: 'U1',
          active: true,
          nextRunAt: t0,
          createdAt: t0,
          updatedAt: t0,
        },
      };
    case 'digestRun':
      return {
        collection: 'digest_runs',
        doc: {
          subscriptionId: teamId,
          periodKey: key,
          status: 'bogus',
          attempt: 1,
          claimedAt: t0,
          updatedAt: t0,
        },
      };
    case 'observation':
      return {
        collection: 'observations',
        doc: {
          _id: `${key}|${teamId}`,
          teamId,
          periodKey: key,
          periodStart: t0,
          at: t0,
          snapshot: { cpuPercent: 'high' },
          quality: [],
          updatedAt: t0,
        },
      };
    case 'estate':
      return {
        collection: 'estates',
        doc: { _id: teamId, teamId, version: 1, changes: 'add-servers', updatedAt: t0 },
      };
    case 'installation':
      return {
        collection: 'installations',
        doc: { _id: teamId, key: teamId, version: 1, botToken: 42, updatedAt: t0 },
      };
    case 'workspace':
      return {
        collection: 'workspaces',
        doc: {
          _id: teamId,
          key: teamId,
          version: 1,
          status: 'paused',
          valuesJson: '{',
          secrets: [],
        },
      };
    case 'canvas':
      return {
        collection: 'canvases',
        doc: {
          _id: `${teamId}|${key}`,
          teamId,
          channelId: key,
          canvasId: 7,
          sections: {},
          refusal: null,
          updatedAt: t0,
        },
      };
  }
}

export function makeMongoHarness(
  serverUrl: string,
  client: Partial<MongoClientConfig> = {},
): StoreHarness & { database: string; url: string } {
  const database = randomDatabaseName();
  const url = withDatabase(serverUrl, database);
  const logger = new CapturingLogger();
  let current: MongoStore | undefined;

  return {
    database,
    url,
    logger,
    unknownId: '000000000000000000000000',
    latestIndexes: { teamWide: 'team_created', channel: 'team_channel_created' },
    async open() {
      const defaults = defaultStoreConfig();
      current = await MongoStore.connect({
        url,
        defaultDatabase: defaults.database,
        client: { ...defaults.mongo, ...client },
        logger,
      });
      return current;
    },
    async insertMalformed(kind, { teamId, key }) {
      if (!current) throw new Error('open the store first');
      const { collection, doc } = malformedDocument(kind, teamId, key);
      const result = await current
        .rawDatabaseForTests()
        .collection<MalformedDocument>(collection)
        .insertOne(doc);
      if (kind === 'digestRun') return `${teamId}/${key}`;
      const id: unknown = result.insertedId;
      return id instanceof ObjectId ? id.toHexString() : String(id);
    },
    async explainLatest(store, query) {
      return asMongo(store).explainLatest(query);
    },
    async reviewIndexNames(store) {
      const indexes = await asMongo(store).rawDatabaseForTests().collection('reviews').indexes();
      return indexes.map((index) => String(index.name));
    },
    async destroy() {
      await dropDatabase(serverUrl, database);
    },
  };
}
