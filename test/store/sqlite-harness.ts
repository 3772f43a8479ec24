import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../src/store/ports.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { MalformedKind, StoreHarness } from './contract.js';
import { at, CapturingLogger, HOUR } from './fixtures.js';

function asSqlite(store: Store): SqliteStore {
  if (!(store instanceof SqliteStore)) throw new Error('not the embedded store');
  return store;
}

export function makeSqliteHarness(): StoreHarness {
  const dir = mkdtempSync(join(tmpdir(), 'scale-review-sqlite-'));
  const logger = new CapturingLogger();
  let current: SqliteStore | undefined;

  const insertMalformed = (kind: MalformedKind, teamId: string, key: string): string => {
    if (!current) throw new Error('open the store first');
    const db = current.rawDatabaseForTests();
    const t0 = at(0).getTime();
    switch (kind) {
      case 'review':
        return String(
          db
            .prepare(
              'INSERT INTO reviews (team_id, channel_id, created_at, source_json, review_json) VALUES (?, ?, ?, ?, ?)',
            )
            .run(teamId, key, at(HOUR).getTime(), '{"kind":"cli"}', '{"headline": 42')
            .lastInsertRowid,
        );
      case 'decision':
        return String(
          db
            .prepare(
              `INSERT INTO decisions (team_id, review_id, recommendation_key, kind, at, snooze_until, details_json)
               VALUES (?, 'r', ?, 'ack', ?, NULL, '{"userId":"U1"}')`,
            )
            .run(teamId, key, at(HOUR).getTime()).lastInsertRowid,
        );
      case 'subscription':
        return String(
          db
            .prepare(
              `INSERT INTO subscriptions (team_id, channel_id, weekday, time, timezone, created_by, active,
                 next_run_at, created_at, updated_at) VALUES (?, ?, 9, '09:00', 'UTC', 'U1', 1, ?, ?, ?)`,
            )
            .run(teamId, key, t0, t0, t0).lastInsertRowid,
        );
      case 'digestRun':
        db.prepare(
          `INSERT INTO digest_runs (subscription_id, period_key, status, attempt, claimed_at, created_at, updated_at)
           VALUES (?, ?, 'bogus', 1, ?, ?, ?)`,
        ).run(teamId, key, t0, t0, t0);
        return `${teamId}/${key}`;
      case 'observation':
        db.prepare(
          `INSERT INTO observations (team_id, period_key, period_start, at, updated_at, details_json)
           VALUES (?, ?, ?, ?, ?, '{"snapshot":{"cpuPercent":"high"},"quality":[]}')`,
        ).run(teamId, key, t0, t0, t0);
        return `${key}|${teamId}`;
      case 'estate':
        db.prepare(
          `INSERT INTO estates (team_id, version, updated_at, changes_json) VALUES (?, 1, ?, '[{"id": 7')`,
        ).run(teamId, t0);
        return teamId;
      case 'installation':
        db.prepare(
          `INSERT INTO installations (key, version, updated_at, record_json) VALUES (?, 1, ?, '{"botToken": 42}')`,
        ).run(teamId, t0);
        return teamId;
      case 'workspace':
        db.prepare(
          `INSERT INTO workspaces (key, version, updated_at, record_json, status, purge_after)
           VALUES (?, 1, ?, '{"settings": ', 'paused', NULL)`,
        ).run(teamId, t0);
        return teamId;
      case 'canvas':
        db.prepare(
          `INSERT INTO canvases (team_id, channel_id, updated_at, details_json) VALUES (?, ?, ?, '{"canvasId": 7')`,
        ).run(teamId, key, t0);
        return `${teamId}|${key}`;
    }
  };

  return {
    logger,
    unknownId: '987654321987',
    latestIndexes: { teamWide: 'reviews_team_created', channel: 'reviews_team_channel_created' },
    async open() {
      current = SqliteStore.open(dir, logger);
      return current;
    },
    async insertMalformed(kind, { teamId, key }) {
      return insertMalformed(kind, teamId, key);
    },
    async explainLatest(store, query) {
      return asSqlite(store).explainLatest(query);
    },
    async reviewIndexNames(store) {
      const rows = asSqlite(store).rawDatabaseForTests().pragma('index_list(reviews)') as {
        name: string;
      }[];
      return rows.map((row) => row.name);
    },
    async destroy() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
