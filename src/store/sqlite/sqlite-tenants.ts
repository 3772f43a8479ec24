import type { TenantKey } from '../ports.js';
import type { TenantErasers } from '../tenants.js';
import { sqliteOp } from './sqlite-common.js';
import type { SqliteDatabase } from './sqlite-db.js';

type Erasable = { erase(key: TenantKey): number };

/**
 * How a tenant's records are erased in the embedded store (src/store/tenants.ts): by the
 * `team_id` column (each table has an index or primary key led by it: sqlite-db.ts), digest runs
 * through the team's subscriptions, pace rows by workspace, idempotency keys by their second `:`
 * part (a scan of that table).
 */
export function sqliteTenantErasers(
  db: SqliteDatabase,
  records: { installations: Erasable; workspaces: Erasable },
): TenantErasers {
  const run = (sql: string) => (key: TenantKey) =>
    sqliteOp('tenants.purge', () => db.prepare(sql).run(key).changes);
  const byTeam = (table: string) => run(`DELETE FROM ${table} WHERE team_id = ?`);
  return {
    records: {
      digestRuns: run(
        `DELETE FROM digest_runs WHERE subscription_id IN
           (SELECT CAST(id AS TEXT) FROM subscriptions WHERE team_id = ?)`,
      ),
      subscriptions: byTeam('subscriptions'),
      reviews: byTeam('reviews'),
      observations: byTeam('observations'),
      decisions: byTeam('decisions'),
      estate: byTeam('estates'),
      digestPace: run('DELETE FROM digest_pace WHERE workspace = ?'),
      idempotencyKeys: (key) =>
        sqliteOp('tenants.purge', () => {
          const part = `${key}:`;
          return db
            .prepare(
              `DELETE FROM idempotency_keys
               WHERE instr(key, ':') > 0 AND substr(key, instr(key, ':') + 1, ?) = ?`,
            )
            .run(part.length, part).changes;
        }),
      canvases: byTeam('canvases'),
    },
    installation: (key) => sqliteOp('tenants.purge', () => records.installations.erase(key)),
    workspace: (key) => sqliteOp('tenants.purge', () => records.workspaces.erase(key)),
  };
}
