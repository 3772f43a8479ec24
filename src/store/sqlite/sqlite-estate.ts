import { z } from 'zod';
import type { EstateChange } from '../../domain/estate-types.js';
import { MalformedEstateError } from '../errors.js';
import { appendChange } from '../estate.js';
import type { EstateRecord, EstateStore } from '../ports.js';
import { estateChangeSchema, idSchema, storedEstateSchema } from '../record-schemas.js';
import { checkInput, type MalformedLog } from '../validation.js';
import { parseJson, sqliteOp, toJson } from './sqlite-common.js';
import type { SqliteDatabase } from './sqlite-db.js';

interface EstateRow {
  team_id: string;
  version: number;
  updated_at: number;
  changes_json: string;
}

const GET_SQL = 'SELECT team_id, version, updated_at, changes_json FROM estates WHERE team_id = ?';

const PUT_SQL = `
INSERT INTO estates (team_id, version, updated_at, changes_json)
VALUES (@teamId, @version, @updatedAt, @changes)
ON CONFLICT (team_id) DO UPDATE SET
  version = excluded.version, updated_at = excluded.updated_at, changes_json = excluded.changes_json`;

/**
 * A team's estate in the embedded store: one row per team (`estates`, PRIMARY KEY team_id), the
 * changes as JSON (dates as {"$date": ms}). `append` reads, adds and writes in one transaction of
 * the only process, so concurrent appends simply run one after the other.
 */
export class SqliteEstateStore implements EstateStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly malformed: MalformedLog,
  ) {}

  async get(teamId: string): Promise<EstateRecord | null> {
    const team = checkInput(idSchema, teamId, 'team id');
    return sqliteOp('estate.get', () => {
      const row = this.db.prepare(GET_SQL).get(team) as EstateRow | undefined;
      return row === undefined ? null : this.#parse(row);
    });
  }

  async append(teamId: string, change: EstateChange, now: Date): Promise<EstateRecord> {
    const team = checkInput(idSchema, teamId, 'team id');
    const valid = checkInput(estateChangeSchema, change, 'estate change');
    const at = checkInput(z.date(), now, 'time');
    return sqliteOp('estate.append', () =>
      this.db.transaction((): EstateRecord => {
        const row = this.db.prepare(GET_SQL).get(team) as EstateRow | undefined;
        const current = row === undefined ? null : this.#parse(row);
        // Writing over a malformed row would lose the changes it holds.
        if (row !== undefined && current === null) throw new MalformedEstateError(team);
        const next = appendChange(current, team, valid, at);
        if (next === null) return current as EstateRecord;
        this.db.prepare(PUT_SQL).run({
          teamId: team,
          version: next.version,
          updatedAt: next.updatedAt.getTime(),
          changes: toJson(next.changes),
        });
        return next;
      })(),
    );
  }

  #parse(row: EstateRow): EstateRecord | null {
    return this.malformed.parse(
      storedEstateSchema,
      {
        teamId: row.team_id,
        version: row.version,
        updatedAt: new Date(row.updated_at),
        changes: parseJson(row.changes_json),
      },
      'estates',
      row.team_id,
    );
  }
}
