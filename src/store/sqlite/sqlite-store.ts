import { join } from 'node:path';
import type { Logger } from '../../logging/logger.js';
import { DEFAULT_REVIEW_INTERVAL_DAYS } from '../migration.js';
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
import { SqliteCanvasStore } from './sqlite-canvases.js';
import { sqliteOp } from './sqlite-common.js';
import { openSqliteDatabase, SQLITE_FILE_NAME, type SqliteDatabase } from './sqlite-db.js';
import { SqliteDecisionStore } from './sqlite-decisions.js';
import { SqliteDigestPaceStore } from './sqlite-digest-pace.js';
import { SqliteDigestRunStore } from './sqlite-digest-runs.js';
import { SqliteEstateStore } from './sqlite-estate.js';
import { SqliteIdempotencyStore } from './sqlite-idempotency.js';
import { SqliteInstallationStore } from './sqlite-installations.js';
import { migrateSqlite } from './sqlite-migrate.js';
import { SqliteObservationStore } from './sqlite-observations.js';
import { latestReviewsSql, SqliteReviewStore } from './sqlite-reviews.js';
import { SqliteSubscriptionStore } from './sqlite-subscriptions.js';
import { sqliteTenantErasers } from './sqlite-tenants.js';
import { SqliteWorkspaceStore } from './sqlite-workspaces.js';

export interface SqliteStoreOptions {
  /** plan.review.intervalDays, for the migration of stored reviews into observations (default 7). */
  reviewIntervalDays?: number;
  /** updatedAt of migrated observations (default: the system clock). */
  clock?: () => Date;
}

/** The embedded store: one SQLite file under DATA_DIR, owned by one process. */
export class SqliteStore implements Store {
  readonly kind = 'embedded' as const;
  readonly reviews: SqliteReviewStore;
  readonly observations: SqliteObservationStore;
  readonly decisions: SqliteDecisionStore;
  readonly subscriptions: SqliteSubscriptionStore;
  readonly digestRuns: SqliteDigestRunStore;
  readonly digestPace: SqliteDigestPaceStore;
  readonly idempotency: SqliteIdempotencyStore;
  readonly estate: SqliteEstateStore;
  readonly installations: SqliteInstallationStore;
  readonly workspaces: SqliteWorkspaceStore;
  readonly tenants: TenantPurger;
  readonly canvases: SqliteCanvasStore;

  private constructor(
    private readonly db: SqliteDatabase,
    private readonly dataDir: string,
    malformed: MalformedLog,
  ) {
    this.reviews = new SqliteReviewStore(db, malformed);
    this.observations = new SqliteObservationStore(db, malformed);
    this.decisions = new SqliteDecisionStore(db, malformed);
    this.subscriptions = new SqliteSubscriptionStore(db, malformed);
    this.digestRuns = new SqliteDigestRunStore(db, malformed);
    this.digestPace = new SqliteDigestPaceStore(db);
    this.idempotency = new SqliteIdempotencyStore(db);
    this.estate = new SqliteEstateStore(db, malformed);
    this.installations = new SqliteInstallationStore(db, malformed);
    this.workspaces = new SqliteWorkspaceStore(db, malformed);
    this.tenants = new TenantPurger(
      sqliteTenantErasers(db, {
        installations: this.installations.records,
        workspaces: this.workspaces.records,
      }),
      this.workspaces,
    );
    this.canvases = new SqliteCanvasStore(db, malformed);
  }

  /**
   * Throws StoreLockedError when another process uses dataDir, StoreStartupError otherwise.
   * A database written by an older version is migrated first (docs/store.md, "Migration").
   */
  static open(dataDir: string, logger: Logger, options: SqliteStoreOptions = {}): SqliteStore {
    const malformed = new MalformedLog(logger);
    const db = openSqliteDatabase(dataDir, (raw, fromVersion) => {
      const counts = migrateSqlite(raw, {
        intervalDays: options.reviewIntervalDays ?? DEFAULT_REVIEW_INTERVAL_DAYS,
        now: (options.clock ?? (() => new Date()))(),
        malformed,
      });
      if (counts.observations > 0 || counts.decisionKeys > 0) {
        logger.info({ fromVersion, ...counts }, 'Store: migrated stored reviews to observations');
      }
    });
    return new SqliteStore(db, dataDir, malformed);
  }

  describe(): string {
    return `embedded SQLite store at ${join(this.dataDir, SQLITE_FILE_NAME)} (one process only)`;
  }

  async health(): Promise<StoreHealth> {
    try {
      await sqliteOp('health', () => this.db.prepare('SELECT 1').get());
      return { ok: true, detail: this.describe() };
    } catch (error) {
      return { ok: false, detail: `${this.describe()}: ${String(error)}` };
    }
  }

  /** Estates and canvases are never cleaned up: they are what the team runs and has, not history. */
  async cleanup(request: CleanupRequest): Promise<CleanupCounts> {
    const { historyBefore, keysExpiredBefore } = retentionCutoffs(request);
    const before = historyBefore.getTime();
    const now = request.now.getTime();
    return sqliteOp('cleanup', () =>
      this.db.transaction(() => ({
        reviews: this.db.prepare('DELETE FROM reviews WHERE created_at < ?').run(before).changes,
        observations: this.db.prepare('DELETE FROM observations WHERE at < ?').run(before).changes,
        decisions: this.db
          .prepare(
            `DELETE FROM decisions WHERE at < ? AND NOT (kind = 'snooze' AND snooze_until > ?)`,
          )
          .run(before, now).changes,
        idempotencyKeys: this.db
          .prepare('DELETE FROM idempotency_keys WHERE expires_at <= ?')
          .run(keysExpiredBefore.getTime()).changes,
        digestRuns: this.db
          .prepare(`DELETE FROM digest_runs WHERE status != 'running' AND updated_at < ?`)
          .run(before).changes,
      }))(),
    );
  }

  /** EXPLAIN QUERY PLAN of the query `reviews.latest` runs (tests, benchmarks). */
  explainLatest(query: LatestReviewsQuery): QueryPlan {
    const { sql, params } = latestReviewsSql(query);
    const rows = this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as {
      detail: string;
    }[];
    const detail = rows.map((row) => row.detail).join(' | ');
    const index = /USING (?:COVERING )?INDEX (\w+)/.exec(detail)?.[1] ?? null;
    return { explained: true, index, detail };
  }

  /** The raw database, for adapter tests only (inject malformed rows). */
  rawDatabaseForTests(): SqliteDatabase {
    return this.db;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
