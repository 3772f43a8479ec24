import { z } from 'zod';
import { isLegacyKey } from '../../domain/action-keys.js';
import {
  type MigrationCounts,
  type MigrationOptions,
  migratedDecisionKey,
  migratedObservation,
  observationIdOfReview,
} from '../migration.js';
import type { MalformedLog } from '../validation.js';
import { parseJson, rowIdOrNull } from './sqlite-common.js';
import type { SqliteDatabase } from './sqlite-db.js';
import { insertObservationIfAbsent } from './sqlite-observations.js';
import { reviewFromRow, reviewRowById } from './sqlite-reviews.js';

const stageOnly = z.looseObject({ stage: z.looseObject({ number: z.number().int() }) });

/**
 * Build observations from the stored reviews and rewrite legacy decision keys (src/store/migration.ts).
 * Runs synchronously inside the open transaction, so it is all or nothing. Re-running it is
 * harmless: existing observations are kept and migrated keys are no longer legacy.
 */
export function migrateSqlite(
  db: SqliteDatabase,
  options: MigrationOptions & { malformed: MalformedLog },
): MigrationCounts {
  return {
    observations: migrateObservations(db, options),
    decisionKeys: migrateDecisionKeys(db),
  };
}

function migrateObservations(
  db: SqliteDatabase,
  options: MigrationOptions & { malformed: MalformedLog },
): number {
  // Newest first within a team, so the first readable review of each period is its latest one.
  const heads = db
    .prepare(
      'SELECT id, team_id, created_at FROM reviews ORDER BY team_id, created_at DESC, id DESC',
    )
    .all() as { id: number; team_id: string; created_at: number }[];
  const settled = new Set<string>();
  let written = 0;
  for (const head of heads) {
    const group = observationIdOfReview(
      head.team_id,
      new Date(head.created_at),
      options.intervalDays,
    );
    if (settled.has(group)) continue;
    const row = reviewRowById(db, head.id);
    const record = row === undefined ? null : reviewFromRow(row, options.malformed);
    if (record === null) continue;
    settled.add(group);
    if (insertObservationIfAbsent(db, migratedObservation(record, options))) written += 1;
  }
  return written;
}

function migrateDecisionKeys(db: SqliteDatabase): number {
  const rows = db
    .prepare(
      `SELECT id, review_id, recommendation_key FROM decisions WHERE instr(recommendation_key, ':') > 0`,
    )
    .all() as { id: number; review_id: string; recommendation_key: string }[];
  const stages = new Map<string, number | null>();
  const stageOf = (reviewId: string): number | null => {
    const known = stages.get(reviewId);
    if (known !== undefined) return known;
    const rowId = rowIdOrNull(reviewId);
    const row =
      rowId === null
        ? undefined
        : (db.prepare('SELECT review_json FROM reviews WHERE id = ?').get(rowId) as
            | { review_json: string }
            | undefined);
    const parsed = stageOnly.safeParse(row === undefined ? null : parseJson(row.review_json));
    const stage = parsed.success ? parsed.data.stage.number : null;
    stages.set(reviewId, stage);
    return stage;
  };
  let rewritten = 0;
  for (const row of rows) {
    if (!isLegacyKey(row.recommendation_key)) continue;
    const next = migratedDecisionKey(row.recommendation_key, stageOf(row.review_id));
    if (next === null) continue;
    db.prepare('UPDATE decisions SET recommendation_key = ? WHERE id = ?').run(next, row.id);
    rewritten += 1;
  }
  return rewritten;
}
