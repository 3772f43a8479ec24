import { combinePace, PACE_RECORD_MAX_AGE_MS, paceReportSchema } from '../digest-pace.js';
import type { DigestPaceStore, PaceReport, WorkspacePace } from '../ports.js';
import { checkInput } from '../validation.js';
import { dateOrNull, sqliteOp } from './sqlite-common.js';
import type { SqliteDatabase } from './sqlite-db.js';

const UPSERT_SQL = `
INSERT INTO digest_pace (workspace, owner, posts_per_second, paused_until, seen_at)
VALUES (@workspace, @owner, @postsPerSecond, @pausedUntil, @now)
ON CONFLICT (workspace, owner) DO UPDATE SET posts_per_second = excluded.posts_per_second,
  paused_until = excluded.paused_until, seen_at = excluded.seen_at`;

interface PaceRow {
  posts_per_second: number;
  paused_until: number | null;
}

/** One row per (workspace, replica); the embedded store is one process, so one replica. */
export class SqliteDigestPaceStore implements DigestPaceStore {
  constructor(private readonly db: SqliteDatabase) {}

  async exchange(report: PaceReport): Promise<WorkspacePace> {
    const valid = checkInput(paceReportSchema, report, 'digest pace');
    const now = valid.now.getTime();
    return sqliteOp('digestPace.exchange', () =>
      this.db.transaction(() => {
        this.db.prepare(UPSERT_SQL).run({
          workspace: valid.workspace,
          owner: valid.owner,
          postsPerSecond: valid.postsPerSecond,
          pausedUntil: valid.pausedUntil?.getTime() ?? null,
          now,
        });
        this.db
          .prepare('DELETE FROM digest_pace WHERE workspace = ? AND seen_at < ?')
          .run(valid.workspace, now - PACE_RECORD_MAX_AGE_MS);
        const rows = this.db
          .prepare(
            'SELECT posts_per_second, paused_until FROM digest_pace WHERE workspace = ? AND seen_at > ?',
          )
          .all(valid.workspace, now - valid.freshMs) as PaceRow[];
        return combinePace(
          valid,
          rows.map((r) => ({
            postsPerSecond: r.posts_per_second,
            pausedUntil: dateOrNull(r.paused_until),
          })),
        );
      })(),
    );
  }
}
