import type { DecisionRecord, DecisionStore, NewDecision } from '../ports.js';
import { limitSchema, newDecisionSchema, storedDecisionSchema } from '../record-schemas.js';
import { checkInput, isPresent, type MalformedLog } from '../validation.js';
import { dateOrNull, parseJson, sqliteOp, toJson } from './sqlite-common.js';
import type { SqliteDatabase } from './sqlite-db.js';

interface DecisionRow {
  id: number;
  team_id: string;
  review_id: string;
  recommendation_key: string;
  kind: string;
  at: number;
  snooze_until: number | null;
  details_json: string;
}

const COLUMNS = 'id, team_id, review_id, recommendation_key, kind, at, snooze_until, details_json';

/**
 * The latest decision for the key, kept when it is an ack, a done, a snooze that has not expired
 * (snooze_until > now, compared in the query) or an unsnooze (then DONE_BEFORE_SQL decides).
 */
const ACTIVE_SQL = `
SELECT ${COLUMNS} FROM decisions
WHERE id = (
    SELECT id FROM decisions WHERE team_id = ? AND recommendation_key = ?
    ORDER BY at DESC, id DESC LIMIT 1
  )
  AND (kind IN ('ack', 'done', 'unsnooze') OR (kind = 'snooze' AND snooze_until > ?))`;

/** The latest decision for the key that is not an unsnooze, when it is a done. */
const DONE_BEFORE_SQL = `
SELECT ${COLUMNS} FROM decisions
WHERE id = (
    SELECT id FROM decisions WHERE team_id = ? AND recommendation_key = ? AND kind != 'unsnooze'
    ORDER BY at DESC, id DESC LIMIT 1
  )
  AND kind = 'done'`;

const LATEST_SQL = `
SELECT ${COLUMNS} FROM decisions WHERE team_id = ? AND recommendation_key = ?
ORDER BY at DESC, id DESC LIMIT 1`;

export class SqliteDecisionStore implements DecisionStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly malformed: MalformedLog,
  ) {}

  async record(decision: NewDecision): Promise<DecisionRecord> {
    const valid = checkInput(newDecisionSchema, decision, 'decision');
    return sqliteOp('decisions.record', () => {
      const { teamId, reviewId, recommendationKey, kind, at, snoozeUntil, ...details } = valid;
      const result = this.db
        .prepare(
          `INSERT INTO decisions (team_id, review_id, recommendation_key, kind, at, snooze_until, details_json)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          teamId,
          reviewId,
          recommendationKey,
          kind,
          at.getTime(),
          snoozeUntil?.getTime() ?? null,
          toJson(details),
        );
      return { ...valid, id: String(result.lastInsertRowid) };
    });
  }

  /** An unsnooze ends a snooze only: a done before it stays active (docs/store.md). */
  async active(
    teamId: string,
    recommendationKey: string,
    now: Date,
  ): Promise<DecisionRecord | null> {
    return sqliteOp('decisions.active', () => {
      const row = this.db.prepare(ACTIVE_SQL).get(teamId, recommendationKey, now.getTime()) as
        | DecisionRow
        | undefined;
      const latest = row === undefined ? null : this.#read(row);
      if (latest?.kind !== 'unsnooze') return latest;
      const done = this.db.prepare(DONE_BEFORE_SQL).get(teamId, recommendationKey) as
        | DecisionRow
        | undefined;
      return done === undefined ? null : this.#read(done);
    });
  }

  async latest(teamId: string, recommendationKey: string): Promise<DecisionRecord | null> {
    return sqliteOp('decisions.latest', () => {
      const row = this.db.prepare(LATEST_SQL).get(teamId, recommendationKey) as
        | DecisionRow
        | undefined;
      return row === undefined ? null : this.#read(row);
    });
  }

  async listForReviews(reviewIds: readonly string[]): Promise<DecisionRecord[]> {
    if (reviewIds.length === 0) return [];
    return sqliteOp('decisions.listForReviews', () =>
      this.#readAll(
        this.db
          .prepare(
            `SELECT ${COLUMNS} FROM decisions WHERE review_id IN (SELECT value FROM json_each(?))
             ORDER BY at DESC, id DESC`,
          )
          .all(JSON.stringify(reviewIds)) as DecisionRow[],
      ),
    );
  }

  async listRecent(teamId: string, limit: number): Promise<DecisionRecord[]> {
    const valid = checkInput(limitSchema, limit, 'limit');
    return sqliteOp('decisions.listRecent', () =>
      this.#readAll(
        this.db
          .prepare(
            `SELECT ${COLUMNS} FROM decisions WHERE team_id = ? ORDER BY at DESC, id DESC LIMIT ?`,
          )
          .all(teamId, valid) as DecisionRow[],
      ),
    );
  }

  #readAll(rows: DecisionRow[]): DecisionRecord[] {
    return rows.map((row) => this.#read(row)).filter(isPresent);
  }

  #read(row: DecisionRow): DecisionRecord | null {
    const details = parseJson(row.details_json);
    return this.malformed.parse(
      storedDecisionSchema,
      {
        ...(typeof details === 'object' && details !== null ? details : { details }),
        id: String(row.id),
        teamId: row.team_id,
        reviewId: row.review_id,
        recommendationKey: row.recommendation_key,
        kind: row.kind,
        at: new Date(row.at),
        snoozeUntil: dateOrNull(row.snooze_until),
      },
      'decisions',
      String(row.id),
    );
  }
}
