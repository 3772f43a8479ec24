import { z } from 'zod';
import type { IdempotencyStore, RememberOutcome } from '../ports.js';
import { checkInput } from '../validation.js';
import { sqliteOp } from './sqlite-common.js';
import type { SqliteDatabase } from './sqlite-db.js';

/**
 * Insert the key, or take over an expired one; the expiry test is the WHERE of the upsert, so one
 * statement decides atomically and a key nobody cleaned up yet still counts as expired.
 */
const REMEMBER_SQL = `
INSERT INTO idempotency_keys (key, expires_at, created_at) VALUES (@key, @expiresAt, @now)
ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at, created_at = excluded.created_at
WHERE idempotency_keys.expires_at <= @now`;

const keySchema = z.string().min(1).max(512);
const ttlSchema = z.number().int().min(1);

export class SqliteIdempotencyStore implements IdempotencyStore {
  constructor(private readonly db: SqliteDatabase) {}

  async remember(key: string, now: Date, ttlMs: number): Promise<RememberOutcome> {
    const validKey = checkInput(keySchema, key, 'idempotency key');
    const ttl = checkInput(ttlSchema, ttlMs, 'idempotency ttl');
    return sqliteOp('idempotency.remember', () => {
      const params = { key: validKey, expiresAt: now.getTime() + ttl, now: now.getTime() };
      return this.db.prepare(REMEMBER_SQL).run(params).changes === 1 ? 'new' : 'duplicate';
    });
  }

  async forget(key: string, now: Date): Promise<void> {
    const validKey = checkInput(keySchema, key, 'idempotency key');
    await sqliteOp('idempotency.forget', () => {
      this.db
        .prepare('UPDATE idempotency_keys SET expires_at = ? WHERE key = ? AND expires_at > ?')
        .run(now.getTime(), validKey, now.getTime());
    });
  }
}
