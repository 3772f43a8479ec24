import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { parseMetricsConfig } from '../../../src/metrics/config.js';
import type { PostgresConfig } from '../../../src/metrics/postgres/config.js';

/**
 * A support-inbox database on the run's PostgreSQL server (test/setup/postgres.ts), seeded with
 * known rows around NOW, and a read-only login whose password carries URL-special characters.
 *
 * Around the window end 2026-03-02T09:00Z (NOW aligned down to the hour):
 * - conversations: 4 a day at 12:00-12:30 on each of the 30 days before the end (120 in the
 *   30-day period, 28 in the 7-day window), 5 older ones and 3 after the end (never counted);
 * - requests: 100 in the window, 1..100 ms, the 5 slowest answered 500 (P95 95.05 ms, 5% errors).
 */

export const superUrl = inject('postgresUrl');
export const ownServer = inject('postgresServer') !== null;
export const NOW = new Date('2026-03-02T09:17:42Z');
export const END = new Date('2026-03-02T09:00:00Z');
const DAY_MS = 86_400_000;

export const P95_SQL =
  'SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) FROM requests WHERE at >= $1 AND at < $2';
export const ERROR_RATE_SQL =
  'SELECT 100.0 * count(*) FILTER (WHERE status >= 500) / nullif(count(*), 0) FROM requests WHERE at >= $1 AND at < $2';

export interface InboxDatabase {
  name: string;
  user: string;
  /** The login's password (raw): it must appear nowhere. */
  password: string;
  /** The login's URL, sslmode=disable (the caller changes it for TLS tests). */
  url: string;
  /** A URL on this database with the same credentials and `params` as query string. */
  urlWith(params: Record<string, string>, password?: string): string;
  /** Run SQL as the superuser in this database. */
  admin<T extends pg.QueryResultRow = pg.QueryResultRow>(
    sql: string,
    values?: unknown[],
  ): Promise<T[]>;
  /** The first row of `admin` (the query must return one). */
  adminRow<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string): Promise<T>;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): URL {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u;
}

async function asSuperuser<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  values?: unknown[],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

const SCHEMA = `
CREATE TABLE conversations (
  id bigserial PRIMARY KEY,
  created_at timestamptz NOT NULL,
  channel text NOT NULL DEFAULT 'email'
);
CREATE INDEX conversations_created_at ON conversations (created_at);
CREATE TABLE requests (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  duration_ms integer NOT NULL,
  status integer NOT NULL
);
INSERT INTO conversations (created_at)
  SELECT $1::timestamptz - d * interval '1 day' + interval '3 hours' + m * interval '10 minutes'
  FROM generate_series(1, 30) AS d, generate_series(0, 3) AS m;
INSERT INTO conversations (created_at)
  SELECT $1::timestamptz - interval '31 days' + interval '3 hours' FROM generate_series(1, 5);
INSERT INTO conversations (created_at)
  SELECT $1::timestamptz + interval '30 minutes' FROM generate_series(1, 3);
INSERT INTO requests (at, duration_ms, status)
  SELECT $1::timestamptz - interval '1 day' + n * interval '1 minute', n, CASE WHEN n > 95 THEN 500 ELSE 200 END
  FROM generate_series(1, 100) AS n;
`;

/** The seeded database on the run's server, or on `serverUrl` (a superuser URL). */
export async function createInboxDatabase(serverUrl = superUrl): Promise<InboxDatabase> {
  const suffix = randomBytes(4).toString('hex');
  const name = `inbox_${suffix}`;
  const user = `reader_${suffix}`;
  const password = `Pa:ss/w@rd%${randomBytes(6).toString('hex')}?#`;
  await asSuperuser(serverUrl, `CREATE DATABASE ${name}`);
  await asSuperuser(
    serverUrl,
    `CREATE ROLE ${user} LOGIN PASSWORD '${password.replace(/'/g, "''")}'`,
  );
  const adminUrl = withDatabase(serverUrl, name).toString();
  // Statements with parameters must be sent one at a time.
  for (const statement of SCHEMA.split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    await asSuperuser(
      adminUrl,
      statement,
      statement.includes('$1') ? [END.toISOString()] : undefined,
    );
  }
  await asSuperuser(adminUrl, `GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${user}`);
  const urlWith = (params: Record<string, string>, pass = password) => {
    const u = withDatabase(serverUrl, name);
    u.username = user;
    u.password = encodeURIComponent(pass);
    u.search = new URLSearchParams(params).toString();
    return u.toString();
  };
  return {
    name,
    user,
    password,
    url: urlWith({ sslmode: 'disable' }),
    urlWith,
    admin: (sql, values) => asSuperuser(adminUrl, sql, values),
    adminRow: async <T extends pg.QueryResultRow>(sql: string) => {
      const [row] = await asSuperuser<T>(adminUrl, sql);
      if (row === undefined) throw new Error(`no row from ${sql}`);
      return row;
    },
    drop: async () => {
      await asSuperuser(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await asSuperuser(serverUrl, `DROP ROLE IF EXISTS ${user}`);
    },
  };
}

export function postgresConfig(overrides: Record<string, unknown> = {}): PostgresConfig {
  return parseMetricsConfig({ source: 'postgres', postgres: overrides }).postgres;
}

/** Every way the password could be printed: raw, URL-encoded, and URL-decoded. */
export function passwordForms(password: string): string[] {
  return [
    ...new Set([
      password,
      encodeURIComponent(password),
      decodeURIComponent(encodeURIComponent(password)),
    ]),
  ];
}

export { DAY_MS };
