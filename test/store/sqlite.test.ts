import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultStoreConfig } from '../../src/store/config.js';
import { StoreLockedError } from '../../src/store/errors.js';
import { openStore } from '../../src/store/open-store.js';
import { GET_MANY_SQL } from '../../src/store/sqlite/sqlite-observations.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { runStoreContract } from './contract.js';
import { at, CapturingLogger, reviewRecord, sampleReview } from './fixtures.js';
import { makeSqliteHarness } from './sqlite-harness.js';
import { runSqliteChild } from './support/child-process.js';

runStoreContract('embedded SQLite', async () => makeSqliteHarness());

/**
 * Two of these tests run child processes, each compiling the TypeScript it runs (register-ts):
 * seconds apiece on a loaded machine (16 s for the pair that opens the store twice).
 */
const CHILD_PROCESSES = { timeout: 120_000 };

describe('embedded SQLite store', CHILD_PROCESSES, () => {
  const dirs: string[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'scale-review-sqlite-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('is what openStore picks without MONGODB_URL, and says so in one log line', async () => {
    const dataDir = freshDir();
    const logger = new CapturingLogger();

    const store = await openStore({ ...defaultStoreConfig(), dataDir }, { logger });
    await store.close();

    expect(store.kind).toBe('embedded');
    expect(logger.entries).toHaveLength(1);
    expect(logger.entries[0]).toMatchObject({
      level: 'info',
      obj: { store: 'embedded', where: expect.stringContaining(dataDir) },
      msg: expect.stringContaining('embedded SQLite'),
    });
  });

  it('reads observations through the primary key (team, period), never a scan', async () => {
    const store = SqliteStore.open(freshDir(), new CapturingLogger());
    try {
      const rows = store
        .rawDatabaseForTests()
        .prepare(`EXPLAIN QUERY PLAN ${GET_MANY_SQL}`)
        .all('T1', JSON.stringify(['2025-W49', '2025-W48'])) as { detail: string }[];

      const plan = rows.map((row) => row.detail).join(' | ');
      expect(plan).toMatch(
        /SEARCH observations USING (INDEX sqlite_autoindex_observations_1|PRIMARY KEY) \(team_id=\? AND period_key=\?\)/,
      );
      expect(plan).not.toMatch(/SCAN observations/);
    } finally {
      await store.close();
    }
  });

  it('runs with the stated settings: WAL, synchronous FULL, a 2 MiB page cache, no mmap', async () => {
    const store = SqliteStore.open(freshDir(), new CapturingLogger());
    try {
      const db = store.rawDatabaseForTests();
      const setting = (name: string) => db.pragma(name, { simple: true });

      expect(setting('journal_mode')).toBe('wal');
      expect(setting('synchronous')).toBe(2); // FULL
      expect(setting('cache_size')).toBe(-2048);
      expect(setting('mmap_size')).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('refuses a second opener in the same process', async () => {
    const dataDir = freshDir();
    const first = SqliteStore.open(dataDir, new CapturingLogger());

    expect(() => SqliteStore.open(dataDir, new CapturingLogger())).toThrow(StoreLockedError);

    await first.close();
    const again = SqliteStore.open(dataDir, new CapturingLogger());
    await again.close();
  });

  it('refuses a second process with StoreLockedError, and corrupts nothing', async () => {
    const dataDir = freshDir();
    const owner = SqliteStore.open(dataDir, new CapturingLogger());
    const before = await owner.reviews.save(reviewRecord('T1', at(0)));

    const refused = runSqliteChild('open', dataDir);
    await refused.closed;

    expect(refused.lines.map((line) => JSON.parse(line))).toEqual([
      {
        error: 'StoreLockedError',
        message: `another Scale Review is using ${dataDir}; use MongoDB to run several replicas (set MONGODB_URL)`,
      },
    ]);
    const after = await owner.reviews.save(reviewRecord('T1', at(1)));
    expect((await owner.reviews.latest({ teamId: 'T1', limit: 5 })).map((r) => r.id)).toEqual([
      after,
      before,
    ]);
    expect(owner.rawDatabaseForTests().pragma('integrity_check', { simple: true })).toBe('ok');
    await owner.close();
    const later = runSqliteChild('open', dataDir);
    await later.closed;
    expect(later.lines).toEqual(['{"opened":true}']);
  });

  it('keeps every acknowledged write when the process is killed with SIGKILL mid-stream', async () => {
    const dataDir = freshDir();
    const writer = runSqliteChild('write', dataDir);
    await writer.waitForLine((line) => line.startsWith('ack 150 '));

    writer.child.kill('SIGKILL');
    const exit = await writer.closed;

    expect(exit.signal).toBe('SIGKILL');
    const acked = writer.lines
      .filter((line) => line.startsWith('ack '))
      .map((line) => {
        const [, i, reviewId] = line.split(' ');
        return { i: Number(i), reviewId: reviewId as string };
      });
    expect(acked.length).toBeGreaterThan(150);
    const store = SqliteStore.open(dataDir, new CapturingLogger());
    try {
      expect(store.rawDatabaseForTests().pragma('integrity_check', { simple: true })).toBe('ok');
      for (const { i, reviewId } of acked) {
        expect((await store.reviews.get(reviewId))?.review).toEqual(
          sampleReview({ headline: `h${i}` }),
        );
        expect((await store.decisions.active('TDURABLE', `k${i}`, at(i)))?.reviewId).toBe(reviewId);
        expect(await store.idempotency.remember(`k${i}`, at(i), 1000)).toBe('duplicate');
      }
    } finally {
      await store.close();
    }
  });
});
