import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { StoreLockedError, StoreStartupError } from '../errors.js';

export type SqliteDatabase = Database.Database;

export const SQLITE_FILE_NAME = 'scale-review.sqlite';
/**
 * `PRAGMA user_version`. 1: the first schema. 2: observations, reviews.view_json,
 * digest_runs.review_id, and the data migrated into them (src/store/sqlite/sqlite-migrate.ts).
 */
const SCHEMA_VERSION = 2;

/**
 * The connection's settings, stated rather than left to SQLite's defaults (docs/store.md):
 * fsync at every commit; a page cache of at most 2 MiB (negative: KiB), which holds the pages a
 * status reads (a team's observations, its latest reviews and decisions) and bounds what the
 * process keeps; no memory-mapped I/O, so the file's pages are not counted in the bot's RSS.
 */
const SQLITE_PRAGMAS = {
  synchronous: 'FULL',
  cacheSize: -2048,
  mmapSize: 0,
} as const;

/** Times are INTEGER milliseconds since the epoch; JSON columns are validated with zod on read. */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS reviews (
  id INTEGER PRIMARY KEY,
  team_id TEXT NOT NULL,
  channel_id TEXT,
  created_at INTEGER NOT NULL,
  source_json TEXT NOT NULL,
  review_json TEXT NOT NULL,
  view_json TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS reviews_team_channel_created ON reviews (team_id, channel_id, created_at);
CREATE INDEX IF NOT EXISTS reviews_team_created ON reviews (team_id, created_at);
CREATE INDEX IF NOT EXISTS reviews_created ON reviews (created_at);

CREATE TABLE IF NOT EXISTS decisions (
  id INTEGER PRIMARY KEY,
  team_id TEXT NOT NULL,
  review_id TEXT NOT NULL,
  recommendation_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  at INTEGER NOT NULL,
  snooze_until INTEGER,
  details_json TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS decisions_team_key_at ON decisions (team_id, recommendation_key, at);
CREATE INDEX IF NOT EXISTS decisions_team_at ON decisions (team_id, at);
CREATE INDEX IF NOT EXISTS decisions_review ON decisions (review_id);

CREATE TABLE IF NOT EXISTS subscriptions (
  id INTEGER PRIMARY KEY,
  team_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  weekday INTEGER NOT NULL,
  time TEXT NOT NULL,
  timezone TEXT NOT NULL,
  created_by TEXT NOT NULL,
  active INTEGER NOT NULL,
  next_run_at INTEGER NOT NULL,
  last_result_json TEXT,
  failure_json TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (team_id, channel_id)
) STRICT;
CREATE INDEX IF NOT EXISTS subscriptions_due ON subscriptions (active, next_run_at);

CREATE TABLE IF NOT EXISTS digest_runs (
  subscription_id TEXT NOT NULL,
  period_key TEXT NOT NULL,
  status TEXT NOT NULL,
  owner TEXT,
  lease_until INTEGER,
  attempt INTEGER NOT NULL,
  claimed_at INTEGER NOT NULL,
  posted_json TEXT,
  sent_at INTEGER,
  error_json TEXT,
  review_id TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (subscription_id, period_key)
) STRICT;
CREATE INDEX IF NOT EXISTS digest_runs_updated ON digest_runs (updated_at);

CREATE TABLE IF NOT EXISTS digest_pace (
  workspace TEXT NOT NULL,
  owner TEXT NOT NULL,
  posts_per_second REAL NOT NULL,
  paused_until INTEGER,
  seen_at INTEGER NOT NULL,
  PRIMARY KEY (workspace, owner)
) STRICT;

CREATE TABLE IF NOT EXISTS observations (
  team_id TEXT NOT NULL,
  period_key TEXT NOT NULL,
  period_start INTEGER NOT NULL,
  at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  details_json TEXT NOT NULL,
  PRIMARY KEY (team_id, period_key)
) STRICT;
CREATE INDEX IF NOT EXISTS observations_at ON observations (at);

-- One row per team: what it marked done (src/store/sqlite/sqlite-estate.ts). Never cleaned up.
CREATE TABLE IF NOT EXISTS estates (
  team_id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  changes_json TEXT NOT NULL
) STRICT;

-- One row per tenant (a Slack team id, or an enterprise id for an org-wide install): its
-- installation (sealed tokens inside record_json) and its workspace record
-- (sqlite-installations.ts, sqlite-workspaces.ts). New tables, so no new user_version.
CREATE TABLE IF NOT EXISTS installations (
  key TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  record_json TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS workspaces (
  key TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  record_json TEXT NOT NULL,
  status TEXT NOT NULL,
  purge_after INTEGER
) STRICT;
CREATE INDEX IF NOT EXISTS workspaces_status_purge ON workspaces (status, purge_after);

-- One row per channel: its capacity plan canvas (src/store/sqlite/sqlite-canvases.ts). Never cleaned up.
CREATE TABLE IF NOT EXISTS canvases (
  team_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  details_json TEXT NOT NULL,
  PRIMARY KEY (team_id, channel_id)
) STRICT;

CREATE TABLE IF NOT EXISTS idempotency_keys (
  key TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS idempotency_keys_expires ON idempotency_keys (expires_at);
`;

function addColumnIfMissing(db: SqliteDatabase, table: string, column: string, type: string) {
  const columns = db.pragma(`table_info(${table})`) as { name: string }[];
  if (columns.some((c) => c.name === column)) return;
  db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
}

function isBusy(error: unknown): boolean {
  return (
    error instanceof Database.SqliteError &&
    (error.code === 'SQLITE_BUSY' || error.code === 'SQLITE_LOCKED')
  );
}

/**
 * Every query is prepared once per connection and then reused: preparing it on each call was 7% of
 * the bot's CPU per `/scale status` (docs/benchmarks.md). Safe because no caller changes a
 * statement's mode (pluck, raw, expand, safeIntegers) or iterates one.
 */
function reusePreparedStatements(db: SqliteDatabase): SqliteDatabase {
  const prepare = db.prepare.bind(db);
  const statements = new Map<string, ReturnType<SqliteDatabase['prepare']>>();
  db.prepare = ((sql: string) => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  }) as SqliteDatabase['prepare'];
  return db;
}

/**
 * Open DATA_DIR/scale-review.sqlite for this process only.
 * - journal_mode=WAL + synchronous=FULL: a write is on disk (WAL fsynced) before the call returns,
 *   so an acknowledged write survives kill -9 and power loss.
 * - locking_mode=EXCLUSIVE + an immediate write transaction: this connection takes SQLite's
 *   exclusive file lock and keeps it until close. Another process (or connection) gets SQLITE_BUSY
 *   at once and is refused with StoreLockedError before it writes anything. The OS drops the lock
 *   when the process dies (even kill -9), so there is no stale lock file to clean up.
 * - A database older than SCHEMA_VERSION gets the new columns and `migrate` in that same
 *   transaction: the migration is all or nothing, and runs once (user_version records it).
 */
export function openSqliteDatabase(
  dataDir: string,
  migrate: (db: SqliteDatabase, fromVersion: number) => void,
): SqliteDatabase {
  const file = join(dataDir, SQLITE_FILE_NAME);
  let db: SqliteDatabase;
  try {
    mkdirSync(dataDir, { recursive: true });
    db = new Database(file, { timeout: 500 });
  } catch (error) {
    throw new StoreStartupError(`Cannot open the embedded store at ${file}: ${String(error)}`, {
      cause: error,
    });
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') {
      throw new StoreStartupError(
        `The embedded store at ${file} cannot use SQLite WAL mode (got ${String(mode)}); put DATA_DIR on a local disk`,
      );
    }
    // docs/store.md "Durability": FULL, because a warm status writes nothing and what is written
    // (decisions, digest runs, idempotency keys) must survive a power loss.
    db.pragma(`synchronous = ${SQLITE_PRAGMAS.synchronous}`);
    db.pragma(`cache_size = ${SQLITE_PRAGMAS.cacheSize}`);
    db.pragma(`mmap_size = ${SQLITE_PRAGMAS.mmapSize}`);
    db.pragma('foreign_keys = ON');
    reusePreparedStatements(db);
    db.transaction(() => {
      const version = Number(db.pragma('user_version', { simple: true }));
      db.exec(SCHEMA);
      if (version < SCHEMA_VERSION) {
        // Tables created by version 1 lack the columns added since (CREATE IF NOT EXISTS kept them).
        addColumnIfMissing(db, 'reviews', 'view_json', 'TEXT');
        addColumnIfMissing(db, 'digest_runs', 'review_id', 'TEXT');
        migrate(db, version);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      }
    }).immediate();
    return db;
  } catch (error) {
    db.close();
    if (isBusy(error)) throw new StoreLockedError(dataDir, { cause: error });
    if (error instanceof StoreStartupError) throw error;
    throw new StoreStartupError(`Cannot open the embedded store at ${file}: ${String(error)}`, {
      cause: error,
    });
  }
}
