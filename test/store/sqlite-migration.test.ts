import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultStoreConfig } from '../../src/store/config.js';
import { openStore } from '../../src/store/open-store.js';
import { SQLITE_FILE_NAME } from '../../src/store/sqlite/sqlite-db.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
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
import { SCHEMA_V1 } from './support/sqlite-v1-schema.js';

/** Write the legacy data the way version 1 did: its schema, its rows, user_version 1. */
function writeV1Database(dataDir: string): Record<string, string> {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, SQLITE_FILE_NAME));
  const ids: Record<string, string> = {};
  try {
    db.exec(SCHEMA_V1);
    db.pragma('user_version = 1');
    const insertReview = db.prepare(
      'INSERT INTO reviews (team_id, channel_id, created_at, source_json, review_json) VALUES (?, ?, ?, ?, ?)',
    );
    for (const r of LEGACY_REVIEWS) {
      const body = r.review === null ? '{"headline": 42}' : JSON.stringify(r.review);
      const result = insertReview.run(
        r.teamId,
        r.channelId,
        r.createdAt.getTime(),
        JSON.stringify(r.source),
        body,
      );
      ids[r.name] = String(result.lastInsertRowid);
    }
    const insertDecision = db.prepare(
      `INSERT INTO decisions (team_id, review_id, recommendation_key, kind, at, snooze_until, details_json)
       VALUES (?, ?, ?, 'ack', ?, NULL, ?)`,
    );
    for (const x of LEGACY_DECISIONS) {
      const reviewId = x.review === null ? '999999' : (ids[x.review] ?? '');
      const details = JSON.stringify({ userId: 'U_ANA', metricsAtDecision: { cpuPercent: 72 } });
      ids[x.name] = String(
        insertDecision.run(x.teamId, reviewId, x.key, x.at.getTime(), details).lastInsertRowid,
      );
    }
    db.prepare(
      `INSERT INTO digest_runs (subscription_id, period_key, status, owner, lease_until, attempt,
         claimed_at, posted_json, sent_at, error_json, created_at, updated_at)
       VALUES ('S1', '2025-W49', 'sent', 'a', NULL, 1, 1, '{"channelId":"C1","ts":"1.2","at":{"$date":2}}', 3, NULL, 1, 3)`,
    ).run();
  } finally {
    db.close();
  }
  return ids;
}

/** Every row of every table, to compare two states of the file. */
function dump(store: SqliteStore): unknown {
  const db = store.rawDatabaseForTests();
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
    .all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => [name, db.prepare(`SELECT * FROM ${name} ORDER BY 1, 2`).all()]),
  );
}

describe('embedded store: migrating a version 1 database', () => {
  const dirs: string[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'scale-review-migrate-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const clock = () => MIGRATED_AT;

  it('builds one observation per team and period from the reviews and rewrites decision keys', async () => {
    const dataDir = freshDir();
    const ids = writeV1Database(dataDir);
    const logger = new CapturingLogger();

    const store = SqliteStore.open(dataDir, logger, { reviewIntervalDays: 7, clock });
    try {
      await expectMigrated(store, ids);
      expect(store.rawDatabaseForTests().pragma('user_version', { simple: true })).toBe(2);
      expect(logger.entries.filter((e) => e.level === 'info')).toEqual([
        {
          level: 'info',
          obj: { fromVersion: 1, ...MIGRATED_COUNTS },
          msg: 'Store: migrated stored reviews to observations',
        },
      ]);
      expect(logger.warningsFor(ids.r8 ?? '', 'reviews')).toHaveLength(1);
      const run = await store.digestRuns.get('S1', '2025-W49');
      expect(run).toMatchObject({ status: 'sent', posted: { ts: '1.2' }, reviewId: null });
      await store.digestRuns.recordReview('S1', '2025-W49', 'a', ids.r3 ?? '', MIGRATED_AT);
      expect((await store.digestRuns.get('S1', '2025-W49'))?.reviewId).toBe(ids.r3);
    } finally {
      await store.close();
    }
  });

  it('a second open changes nothing, and a forced re-run keeps observations written since', async () => {
    const dataDir = freshDir();
    writeV1Database(dataDir);
    const first = SqliteStore.open(dataDir, new CapturingLogger(), { clock });
    const afterFirst = dump(first);
    await first.close();

    const laterClock = () => new Date(MIGRATED_AT.getTime() + 86_400_000);
    const second = SqliteStore.open(dataDir, new CapturingLogger(), { clock: laterClock });
    const afterSecond = dump(second);
    const fresh = observation(TEAM_A, '2025-W49', { snapshot: { cpuPercent: 99 } });
    await second.observations.put(fresh);
    const beforeRerun = dump(second);
    second.rawDatabaseForTests().pragma('user_version = 1');
    await second.close();
    const logger = new CapturingLogger();
    const rerun = SqliteStore.open(dataDir, logger, { clock: laterClock });

    try {
      expect(afterSecond).toEqual(afterFirst);
      expect(dump(rerun)).toEqual(beforeRerun);
      expect(await rerun.observations.get(TEAM_A, '2025-W49')).toEqual(fresh);
      expect(logger.entries.filter((e) => e.level === 'info')).toEqual([]);
    } finally {
      await rerun.close();
    }
  });

  it('openStore passes the plan review interval to the migration', async () => {
    const dataDir = freshDir();
    writeV1Database(dataDir);

    const store = await openStore(
      { ...defaultStoreConfig(), dataDir, reviewIntervalDays: 14 },
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
