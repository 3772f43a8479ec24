import type { LatestReviewsQuery, NewReviewRecord, ReviewRecord, ReviewStore } from '../ports.js';
import { limitSchema, newReviewRecordSchema, storedReviewRecordSchema } from '../record-schemas.js';
import { checkInput, isPresent, type MalformedLog } from '../validation.js';
import { parseJson, rowIdOrNull, sqliteOp, toJson } from './sqlite-common.js';
import type { SqliteDatabase } from './sqlite-db.js';

interface ReviewRow {
  id: number;
  team_id: string;
  channel_id: string | null;
  created_at: number;
  source_json: string;
  review_json: string;
  view_json: string | null;
}

const COLUMNS = 'id, team_id, channel_id, created_at, source_json, review_json, view_json';
const ORDER = 'ORDER BY created_at DESC, id DESC LIMIT ?';

/** The SQL that `latest` runs for a query, with its parameters (also used for EXPLAIN QUERY PLAN). */
export function latestReviewsSql(query: LatestReviewsQuery): { sql: string; params: unknown[] } {
  if (query.channelId === undefined) {
    return {
      sql: `SELECT ${COLUMNS} FROM reviews WHERE team_id = ? ${ORDER}`,
      params: [query.teamId, query.limit],
    };
  }
  if (query.channelId === null) {
    return {
      sql: `SELECT ${COLUMNS} FROM reviews WHERE team_id = ? AND channel_id IS NULL ${ORDER}`,
      params: [query.teamId, query.limit],
    };
  }
  return {
    sql: `SELECT ${COLUMNS} FROM reviews WHERE team_id = ? AND channel_id = ? ${ORDER}`,
    params: [query.teamId, query.channelId, query.limit],
  };
}

export class SqliteReviewStore implements ReviewStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly malformed: MalformedLog,
  ) {}

  async save(record: NewReviewRecord): Promise<string> {
    const valid = checkInput(newReviewRecordSchema, record, 'review record');
    return sqliteOp('reviews.save', () => this.#insert(valid));
  }

  async saveMany(records: readonly NewReviewRecord[]): Promise<string[]> {
    const valid = records.map((record) =>
      checkInput(newReviewRecordSchema, record, 'review record'),
    );
    return sqliteOp('reviews.saveMany', () =>
      this.db.transaction(() => valid.map((record) => this.#insert(record)))(),
    );
  }

  async latest(query: LatestReviewsQuery): Promise<ReviewRecord[]> {
    const limit = checkInput(limitSchema, query.limit, 'limit');
    const { sql, params } = latestReviewsSql({ ...query, limit });
    return sqliteOp('reviews.latest', () =>
      (this.db.prepare(sql).all(...params) as ReviewRow[])
        .map((row) => this.#read(row))
        .filter(isPresent),
    );
  }

  async get(id: string): Promise<ReviewRecord | null> {
    const rowId = rowIdOrNull(id);
    if (rowId === null) return null;
    return sqliteOp('reviews.get', () => {
      const row = reviewRowById(this.db, rowId);
      return row === undefined ? null : this.#read(row);
    });
  }

  #insert(record: NewReviewRecord): string {
    const result = this.db
      .prepare(
        'INSERT INTO reviews (team_id, channel_id, created_at, source_json, review_json, view_json) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        record.teamId,
        record.channelId,
        record.createdAt.getTime(),
        toJson(record.source),
        toJson(record.review),
        record.view === undefined ? null : toJson(record.view),
      );
    return String(result.lastInsertRowid);
  }

  #read(row: ReviewRow): ReviewRecord | null {
    return reviewFromRow(row, this.malformed);
  }
}

/** A review row read back (null when malformed, logged once). Also used by the migration. */
export function reviewFromRow(row: ReviewRow, malformed: MalformedLog): ReviewRecord | null {
  return malformed.parse(
    storedReviewRecordSchema,
    {
      id: String(row.id),
      teamId: row.team_id,
      channelId: row.channel_id,
      createdAt: new Date(row.created_at),
      source: parseJson(row.source_json),
      review: parseJson(row.review_json),
      ...(row.view_json === null ? {} : { view: parseJson(row.view_json) }),
    },
    'reviews',
    String(row.id),
  );
}

/** One review row by id, for the migration (which runs synchronously at open). */
export function reviewRowById(db: SqliteDatabase, id: number): ReviewRow | undefined {
  return db.prepare(`SELECT ${COLUMNS} FROM reviews WHERE id = ?`).get(id) as ReviewRow | undefined;
}
