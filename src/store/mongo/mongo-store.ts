import { type Db, type Document, MongoClient } from 'mongodb';
import type { Logger } from '../../logging/logger.js';
import type { MongoClientConfig } from '../config.js';
import { StoreStartupError } from '../errors.js';
import { DEFAULT_REVIEW_INTERVAL_DAYS } from '../migration.js';
import { describeHosts, parseMongoUrl, redactMongoUrl, scrubPassword } from '../mongo-url.js';
import type {
  CleanupCounts,
  CleanupRequest,
  LatestReviewsQuery,
  Store,
  StoreHealth,
} from '../ports.js';
import type { QueryPlan } from '../query-plan.js';
import { retentionCutoffs } from '../retention.js';
import { TenantPurger } from '../tenants.js';
import { MalformedLog } from '../validation.js';
import { type CanvasDocument, MongoCanvasStore } from './mongo-canvases.js';
import { mongoOp } from './mongo-common.js';
import { MongoDecisionStore } from './mongo-decisions.js';
import { MongoDigestPaceStore, type PaceDocument } from './mongo-digest-pace.js';
import { MongoDigestRunStore } from './mongo-digest-runs.js';
import { type EstateDocument, MongoEstateStore } from './mongo-estate.js';
import { describePlan } from './mongo-explain.js';
import { MongoIdempotencyStore } from './mongo-idempotency.js';
import { COLLECTIONS, ensureIndexes } from './mongo-indexes.js';
import { MongoInstallationStore } from './mongo-installations.js';
import { migrateMongo } from './mongo-migrate.js';
import { MongoObservationStore, type ObservationDocument } from './mongo-observations.js';
import { latestReviewsQuery, MongoReviewStore } from './mongo-reviews.js';
import { MongoSubscriptionStore } from './mongo-subscriptions.js';
import { mongoTenantErasers } from './mongo-tenants.js';
import type { VersionedDocument } from './mongo-versioned.js';
import { MongoWorkspaceStore } from './mongo-workspaces.js';

export interface MongoStoreOptions {
  url: string;
  /** Used when the URL has no database path. */
  defaultDatabase: string;
  client: MongoClientConfig;
  logger: Logger;
  /** plan.review.intervalDays, for the migration of stored reviews into observations (default 7). */
  reviewIntervalDays?: number;
  /** updatedAt of migrated observations (default: the system clock). */
  clock?: () => Date;
}

/** A driver message with the URL's password removed (or a generic text when that is impossible). */
function safeReason(error: unknown, url: string): string {
  const message = error instanceof Error ? error.message : String(error);
  return (
    scrubPassword(message, url) ??
    'connection failed (details withheld: they could contain the password)'
  );
}

/** Keep the driver error as cause unless its message carried the password. */
function safeCause(error: unknown, url: string): unknown {
  const message = error instanceof Error ? error.message : String(error);
  return scrubPassword(message, url) === message ? error : new Error(safeReason(error, url));
}

export class MongoStore implements Store {
  readonly kind = 'mongodb' as const;
  readonly reviews: MongoReviewStore;
  readonly observations: MongoObservationStore;
  readonly decisions: MongoDecisionStore;
  readonly subscriptions: MongoSubscriptionStore;
  readonly digestRuns: MongoDigestRunStore;
  readonly digestPace: MongoDigestPaceStore;
  readonly idempotency: MongoIdempotencyStore;
  readonly estate: MongoEstateStore;
  readonly installations: MongoInstallationStore;
  readonly workspaces: MongoWorkspaceStore;
  readonly tenants: TenantPurger;
  readonly canvases: MongoCanvasStore;

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    private readonly where: string,
    private readonly url: string,
    malformed: MalformedLog,
  ) {
    const collection = (name: string) => db.collection<Document>(name);
    this.reviews = new MongoReviewStore(collection(COLLECTIONS.reviews), malformed);
    this.observations = new MongoObservationStore(
      db.collection<ObservationDocument>(COLLECTIONS.observations),
      malformed,
    );
    this.decisions = new MongoDecisionStore(collection(COLLECTIONS.decisions), malformed);
    this.subscriptions = new MongoSubscriptionStore(
      collection(COLLECTIONS.subscriptions),
      malformed,
    );
    this.digestRuns = new MongoDigestRunStore(
      collection(COLLECTIONS.digestRuns),
      collection(COLLECTIONS.digestLeases),
      malformed,
    );
    this.digestPace = new MongoDigestPaceStore(db.collection<PaceDocument>(COLLECTIONS.digestPace));
    this.idempotency = new MongoIdempotencyStore(collection(COLLECTIONS.idempotencyKeys));
    this.estate = new MongoEstateStore(
      db.collection<EstateDocument>(COLLECTIONS.estates),
      db.collection<EstateDocument>(COLLECTIONS.estateVersions),
      malformed,
    );
    const versioned = (name: string) => db.collection<VersionedDocument>(name);
    this.installations = new MongoInstallationStore(
      versioned(COLLECTIONS.installations),
      versioned(COLLECTIONS.installationVersions),
      malformed,
    );
    this.workspaces = new MongoWorkspaceStore(
      versioned(COLLECTIONS.workspaces),
      versioned(COLLECTIONS.workspaceVersions),
      malformed,
    );
    this.tenants = new TenantPurger(
      mongoTenantErasers(db, {
        installations: this.installations.records,
        workspaces: this.workspaces.records,
      }),
      this.workspaces,
    );
    this.canvases = new MongoCanvasStore(
      db.collection<CanvasDocument>(COLLECTIONS.canvases),
      malformed,
    );
  }

  /**
   * Connect, ping, create the indexes and migrate data written by an older version (docs/store.md,
   * "Migration"). Fails fast (serverSelectionTimeoutMS) with a
   * StoreStartupError that names the host and the database, never the password.
   */
  static async connect(options: MongoStoreOptions): Promise<MongoStore> {
    const { url, logger } = options;
    const hosts = describeHosts(url);
    let client: MongoClient;
    try {
      client = new MongoClient(url, {
        ...options.client,
        appName: 'scale-review',
        ignoreUndefined: true,
      });
    } catch (error) {
      throw new StoreStartupError(
        `MONGODB_URL is not a valid MongoDB connection string (${redactMongoUrl(url)}): ${safeReason(error, url)}`,
        { cause: safeCause(error, url) },
      );
    }
    const database = parseMongoUrl(url)?.database ?? options.defaultDatabase;
    const where = `MongoDB at ${hosts}, database ${database}`;
    try {
      await client.connect();
      const db = client.db(database);
      await db.command({ ping: 1 });
      await ensureIndexes(db, logger);
      const malformed = new MalformedLog(logger);
      const counts = await migrateMongo(db, {
        intervalDays: options.reviewIntervalDays ?? DEFAULT_REVIEW_INTERVAL_DAYS,
        now: (options.clock ?? (() => new Date()))(),
        malformed,
      });
      if (counts !== null && (counts.observations > 0 || counts.decisionKeys > 0)) {
        logger.info({ ...counts }, 'Store: migrated stored reviews to observations');
      }
      return new MongoStore(client, db, where, url, malformed);
    } catch (error) {
      await client.close().catch(() => undefined);
      throw new StoreStartupError(
        `Cannot use ${where} (from MONGODB_URL): ${safeReason(error, url)}. Check that the server is running and reachable from here, and the user name and password in MONGODB_URL.`,
        { cause: safeCause(error, url) },
      );
    }
  }

  describe(): string {
    return this.where;
  }

  async health(): Promise<StoreHealth> {
    try {
      await mongoOp('health', () => this.db.command({ ping: 1 }));
      return { ok: true, detail: this.where };
    } catch (error) {
      const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
      return { ok: false, detail: `${this.where}: ${safeReason(cause, this.url)}` };
    }
  }

  /** Estates and canvases are never cleaned up: they are what the team runs and has, not history. */
  async cleanup(request: CleanupRequest): Promise<CleanupCounts> {
    const { historyBefore, keysExpiredBefore } = retentionCutoffs(request);
    const collection = (name: string) => this.db.collection<Document>(name);
    return mongoOp('cleanup', async () => {
      const reviews = await collection(COLLECTIONS.reviews).deleteMany({
        createdAt: { $lt: historyBefore },
      });
      const observations = await collection(COLLECTIONS.observations).deleteMany({
        at: { $lt: historyBefore },
      });
      const decisions = await collection(COLLECTIONS.decisions).deleteMany({
        at: { $lt: historyBefore },
        $nor: [{ kind: 'snooze', snoozeUntil: { $gt: request.now } }],
      });
      const keys = await collection(COLLECTIONS.idempotencyKeys).deleteMany({
        expiresAt: { $lte: keysExpiredBefore },
      });
      const runs = await collection(COLLECTIONS.digestRuns).deleteMany({
        status: { $ne: 'running' },
        updatedAt: { $lt: historyBefore },
      });
      await collection(COLLECTIONS.digestLeases).deleteMany({ createdAt: { $lt: historyBefore } });
      return {
        reviews: reviews.deletedCount,
        observations: observations.deletedCount,
        decisions: decisions.deletedCount,
        idempotencyKeys: keys.deletedCount,
        digestRuns: runs.deletedCount,
      };
    });
  }

  /** How the server runs `reviews.latest` (tests, benchmarks). */
  explainLatest(query: LatestReviewsQuery): Promise<QueryPlan> {
    const { filter, sort } = latestReviewsQuery(query);
    return mongoOp('reviews.explain', async () => {
      const cursor = this.db
        .collection(COLLECTIONS.reviews)
        .find(filter)
        .sort(sort)
        .limit(query.limit);
      return describePlan(await cursor.explain('queryPlanner'));
    });
  }

  /** The raw database, for adapter tests only (inject malformed documents, list indexes). */
  rawDatabaseForTests(): Db {
    return this.db;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
