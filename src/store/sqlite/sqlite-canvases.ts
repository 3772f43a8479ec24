import {
  canvasKeySchema,
  canvasRecordId,
  canvasRecordSchema,
  storedCanvasSchema,
} from '../canvas-schema.js';
import type { CanvasRecord, CanvasStore } from '../ports.js';
import { checkInput, type MalformedLog } from '../validation.js';
import { parseJson, sqliteOp, toJson } from './sqlite-common.js';
import type { SqliteDatabase } from './sqlite-db.js';

interface CanvasRow {
  team_id: string;
  channel_id: string;
  updated_at: number;
  details_json: string;
}

const GET_SQL =
  'SELECT team_id, channel_id, updated_at, details_json FROM canvases WHERE team_id = ? AND channel_id = ?';

const PUT_SQL = `
INSERT INTO canvases (team_id, channel_id, updated_at, details_json)
VALUES (@teamId, @channelId, @updatedAt, @details)
ON CONFLICT (team_id, channel_id) DO UPDATE SET
  updated_at = excluded.updated_at, details_json = excluded.details_json`;

/**
 * A channel's canvas record in the embedded store: one row per channel (`canvases`, PRIMARY KEY
 * (team_id, channel_id)), the rest as JSON (dates as {"$date": ms}).
 */
export class SqliteCanvasStore implements CanvasStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly malformed: MalformedLog,
  ) {}

  async get(teamId: string, channelId: string): Promise<CanvasRecord | null> {
    const key = checkInput(canvasKeySchema, { teamId, channelId }, 'canvas key');
    return sqliteOp('canvases.get', () => {
      const row = this.db.prepare(GET_SQL).get(key.teamId, key.channelId) as CanvasRow | undefined;
      if (row === undefined) return null;
      const details = parseJson(row.details_json);
      const value =
        typeof details === 'object' && details !== null
          ? {
              ...details,
              teamId: row.team_id,
              channelId: row.channel_id,
              updatedAt: new Date(row.updated_at),
            }
          : details;
      const id = canvasRecordId(row.team_id, row.channel_id);
      return this.malformed.parse(storedCanvasSchema, value, 'canvases', id);
    });
  }

  async put(record: CanvasRecord): Promise<void> {
    const valid = checkInput(canvasRecordSchema, record, 'canvas record');
    const { teamId, channelId, updatedAt, ...details } = valid;
    await sqliteOp('canvases.put', () => {
      this.db.prepare(PUT_SQL).run({
        teamId,
        channelId,
        updatedAt: updatedAt.getTime(),
        details: toJson(details),
      });
    });
  }
}
