import { observationId } from '../migration.js';
import type { ObservationRecord, ObservationStore } from '../ports.js';
import {
  idSchema,
  observationRecordSchema,
  periodKeySchema,
  periodKeysSchema,
  storedObservationSchema,
} from '../record-schemas.js';
import { checkInput, isPresent, type MalformedLog } from '../validation.js';
import { parseJson, sqliteOp, toJson } from './sqlite-common.js';
import type { SqliteDatabase } from './sqlite-db.js';

interface ObservationRow {
  team_id: string;
  period_key: string;
  period_start: number;
  at: number;
  updated_at: number;
  details_json: string;
}

const COLUMNS = 'team_id, period_key, period_start, at, updated_at, details_json';

/** Insert, or replace the whole observation of (team, period): the PRIMARY KEY decides. */
const PUT_SQL = `
INSERT INTO observations (${COLUMNS})
VALUES (@teamId, @periodKey, @periodStart, @at, @updatedAt, @details)
ON CONFLICT (team_id, period_key) DO UPDATE SET
  period_start = excluded.period_start, at = excluded.at, updated_at = excluded.updated_at,
  details_json = excluded.details_json`;

/** Insert unless the period already has an observation (the migration never overwrites). */
const INSERT_NEW_SQL = `
INSERT INTO observations (${COLUMNS})
VALUES (@teamId, @periodKey, @periodStart, @at, @updatedAt, @details)
ON CONFLICT (team_id, period_key) DO NOTHING`;

/** Every read goes through the primary key (team_id, period_key); exported for EXPLAIN in tests. */
export const GET_MANY_SQL = `SELECT ${COLUMNS} FROM observations
WHERE team_id = ? AND period_key IN (SELECT value FROM json_each(?))`;

function rowParams(record: ObservationRecord) {
  const { teamId, periodKey, periodStart, at, updatedAt, ...details } = record;
  return {
    teamId,
    periodKey,
    periodStart: periodStart.getTime(),
    at: at.getTime(),
    updatedAt: updatedAt.getTime(),
    details: toJson(details),
  };
}

/** Write an observation unless its period has one; true when written. For the migration. */
export function insertObservationIfAbsent(db: SqliteDatabase, record: ObservationRecord): boolean {
  const valid = checkInput(observationRecordSchema, record, 'observation');
  return db.prepare(INSERT_NEW_SQL).run(rowParams(valid)).changes === 1;
}

export class SqliteObservationStore implements ObservationStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly malformed: MalformedLog,
  ) {}

  async put(record: ObservationRecord): Promise<void> {
    const valid = checkInput(observationRecordSchema, record, 'observation');
    await sqliteOp('observations.put', () => this.db.prepare(PUT_SQL).run(rowParams(valid)));
  }

  async get(teamId: string, periodKey: string): Promise<ObservationRecord | null> {
    const [found] = await this.#read('observations.get', teamId, [
      checkInput(periodKeySchema, periodKey, 'period key'),
    ]);
    return found ?? null;
  }

  async getMany(teamId: string, periodKeys: readonly string[]): Promise<ObservationRecord[]> {
    const keys = checkInput(periodKeysSchema, periodKeys, 'period keys');
    return this.#read('observations.getMany', teamId, keys);
  }

  /** The observations of `keys` that exist and are well formed, in the order of `keys`. */
  async #read(operation: string, teamId: string, keys: string[]): Promise<ObservationRecord[]> {
    const team = checkInput(idSchema, teamId, 'team id');
    const unique = [...new Set(keys)];
    return sqliteOp(operation, () => {
      const rows = this.db.prepare(GET_MANY_SQL).all(team, JSON.stringify(unique));
      const byKey = new Map((rows as ObservationRow[]).map((row) => [row.period_key, row]));
      return unique
        .map((key) => byKey.get(key))
        .filter((row) => row !== undefined)
        .map((row) => this.#parse(row))
        .filter(isPresent);
    });
  }

  #parse(row: ObservationRow): ObservationRecord | null {
    const details = parseJson(row.details_json);
    return this.malformed.parse(
      storedObservationSchema,
      {
        ...(typeof details === 'object' && details !== null ? details : { details }),
        teamId: row.team_id,
        periodKey: row.period_key,
        periodStart: new Date(row.period_start),
        at: new Date(row.at),
        updatedAt: new Date(row.updated_at),
      },
      'observations',
      observationId(row.team_id, row.period_key),
    );
  }
}
