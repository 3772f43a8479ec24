import type {
  DigestResult,
  Subscription,
  SubscriptionFailure,
  SubscriptionInput,
  SubscriptionStore,
} from '../ports.js';
import {
  digestResultSchema,
  subscriptionFailureSchema,
  subscriptionInputSchema,
  subscriptionSchema,
} from '../record-schemas.js';
import { checkInput, isPresent, type MalformedLog } from '../validation.js';
import { parseJson, rowIdOrNull, sqliteOp, toJson } from './sqlite-common.js';
import type { SqliteDatabase } from './sqlite-db.js';

interface SubscriptionRow {
  id: number;
  team_id: string;
  channel_id: string;
  weekday: number;
  time: string;
  timezone: string;
  created_by: string;
  active: number;
  next_run_at: number;
  last_result_json: string | null;
  failure_json: string | null;
  created_at: number;
  updated_at: number;
}

const UPSERT_SQL = `
INSERT INTO subscriptions
  (team_id, channel_id, weekday, time, timezone, created_by, active, next_run_at, created_at, updated_at)
VALUES (@teamId, @channelId, @weekday, @time, @timezone, @createdBy, @active, @nextRunAt, @now, @now)
ON CONFLICT (team_id, channel_id) DO UPDATE SET
  weekday = excluded.weekday, time = excluded.time, timezone = excluded.timezone,
  created_by = excluded.created_by, active = excluded.active, next_run_at = excluded.next_run_at,
  failure_json = NULL, updated_at = excluded.updated_at`;

export class SqliteSubscriptionStore implements SubscriptionStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly malformed: MalformedLog,
  ) {}

  async upsert(input: SubscriptionInput, now: Date): Promise<Subscription> {
    const valid = checkInput(subscriptionInputSchema, input, 'subscription');
    return sqliteOp('subscriptions.upsert', () => {
      this.db.prepare(UPSERT_SQL).run({
        teamId: valid.teamId,
        channelId: valid.channelId,
        weekday: valid.schedule.weekday,
        time: valid.schedule.time,
        timezone: valid.timezone,
        createdBy: valid.createdBy,
        active: valid.active ? 1 : 0,
        nextRunAt: valid.nextRunAt.getTime(),
        now: now.getTime(),
      });
      const row = this.#row('WHERE team_id = ? AND channel_id = ?', valid.teamId, valid.channelId);
      const subscription = row === undefined ? null : this.#read(row);
      if (subscription === null) throw new Error('subscription vanished right after its upsert');
      return subscription;
    });
  }

  async get(teamId: string, channelId: string): Promise<Subscription | null> {
    return sqliteOp('subscriptions.get', () => {
      const row = this.#row('WHERE team_id = ? AND channel_id = ?', teamId, channelId);
      return row === undefined ? null : this.#read(row);
    });
  }

  async getById(id: string): Promise<Subscription | null> {
    const rowId = rowIdOrNull(id);
    if (rowId === null) return null;
    return sqliteOp('subscriptions.getById', () => {
      const row = this.#row('WHERE id = ?', rowId);
      return row === undefined ? null : this.#read(row);
    });
  }

  async list(teamId?: string): Promise<Subscription[]> {
    return sqliteOp('subscriptions.list', () =>
      this.#all(
        teamId === undefined
          ? 'ORDER BY team_id, channel_id'
          : 'WHERE team_id = ? ORDER BY team_id, channel_id',
        ...(teamId === undefined ? [] : [teamId]),
      ),
    );
  }

  async listDue(now: Date): Promise<Subscription[]> {
    return sqliteOp('subscriptions.listDue', () =>
      this.#all('WHERE active = 1 AND next_run_at <= ? ORDER BY next_run_at, id', now.getTime()),
    );
  }

  async setNextRun(id: string, nextRunAt: Date, lastResult?: DigestResult): Promise<boolean> {
    const rowId = rowIdOrNull(id);
    if (rowId === null) return false;
    const result =
      lastResult === undefined
        ? undefined
        : checkInput(digestResultSchema, lastResult, 'digest result');
    return sqliteOp('subscriptions.setNextRun', () => {
      const sql =
        result === undefined
          ? 'UPDATE subscriptions SET next_run_at = ?, updated_at = ? WHERE id = ?'
          : 'UPDATE subscriptions SET next_run_at = ?, updated_at = ?, last_result_json = ? WHERE id = ?';
      const params =
        result === undefined
          ? [nextRunAt.getTime(), Date.now(), rowId]
          : [nextRunAt.getTime(), Date.now(), toJson(result), rowId];
      return this.db.prepare(sql).run(...params).changes === 1;
    });
  }

  async markFailure(id: string, failure: SubscriptionFailure): Promise<boolean> {
    const rowId = rowIdOrNull(id);
    if (rowId === null) return false;
    const valid = checkInput(subscriptionFailureSchema, failure, 'subscription failure');
    return sqliteOp('subscriptions.markFailure', () => {
      const sql = 'UPDATE subscriptions SET failure_json = ?, updated_at = ? WHERE id = ?';
      return this.db.prepare(sql).run(toJson(valid), Date.now(), rowId).changes === 1;
    });
  }

  async deactivate(teamId: string, channelId: string, now: Date): Promise<boolean> {
    return sqliteOp('subscriptions.deactivate', () => {
      const sql =
        'UPDATE subscriptions SET active = 0, updated_at = ? WHERE team_id = ? AND channel_id = ? AND active = 1';
      return this.db.prepare(sql).run(now.getTime(), teamId, channelId).changes === 1;
    });
  }

  #row(where: string, ...params: unknown[]): SubscriptionRow | undefined {
    return this.db.prepare(`SELECT * FROM subscriptions ${where}`).get(...params) as
      | SubscriptionRow
      | undefined;
  }

  #all(where: string, ...params: unknown[]): Subscription[] {
    const rows = this.db.prepare(`SELECT * FROM subscriptions ${where}`).all(...params);
    return (rows as SubscriptionRow[]).map((row) => this.#read(row)).filter(isPresent);
  }

  #read(row: SubscriptionRow): Subscription | null {
    const lastResult = parseJson(row.last_result_json);
    const failure = parseJson(row.failure_json);
    return this.malformed.parse(
      subscriptionSchema,
      {
        id: String(row.id),
        teamId: row.team_id,
        channelId: row.channel_id,
        schedule: { weekday: row.weekday, time: row.time },
        timezone: row.timezone,
        createdBy: row.created_by,
        active: row.active === 1,
        nextRunAt: new Date(row.next_run_at),
        createdAt: new Date(row.created_at),
        updatedAt: new Date(row.updated_at),
        ...(lastResult === null ? {} : { lastResult }),
        ...(failure === null ? {} : { failure }),
      },
      'subscriptions',
      String(row.id),
    );
  }
}
