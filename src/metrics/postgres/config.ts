import { z } from 'zod';

/**
 * The `metrics.postgres:` section of scale-review.yml: the team's own PostgreSQL database
 * (Supabase, RDS, Render, any PostgreSQL 13+) as a metrics source. Every default is documented in
 * docs/metrics.md. The connection string itself is never in the file: it comes from the
 * environment variable named by `urlEnv` (read by src/config, passed in).
 *
 * Configured queries may use two parameters: `$1` the start and `$2` the end of their period
 * (timestamptz): the 30 days before the review's end for conversationsPerMonth, the review window
 * for the others.
 */

export const DEFAULT_DATABASE_URL_ENV = 'SCALE_REVIEW_DATABASE_URL';

export const DEFAULT_CONVERSATIONS_SQL =
  'SELECT count(*) FROM conversations WHERE created_at >= $1 AND created_at < $2';

export const DEFAULT_CONVERSATIONS_DAILY_SQL = [
  "SELECT date_trunc('day', created_at, 'UTC') AS day, count(*) AS value",
  'FROM conversations WHERE created_at >= $1 AND created_at < $2',
  'GROUP BY 1 ORDER BY 1',
].join(' ');

const MAX_SQL_LENGTH = 10_000;

/** The highest `$n` placeholder in a query (0 when there is none). */
export function placeholderCount(sql: string): number {
  let highest = 0;
  for (const match of sql.matchAll(/\$(\d+)/g)) highest = Math.max(highest, Number(match[1]));
  return highest;
}

const sqlSchema = z
  .string()
  .trim()
  .min(1, { error: 'an SQL query must not be empty' })
  .max(MAX_SQL_LENGTH, { error: `an SQL query must be at most ${MAX_SQL_LENGTH} characters` })
  .refine((sql) => placeholderCount(sql) <= 2, {
    error: 'a query may only use $1 (the period start) and $2 (the period end)',
  });

export const postgresQueriesSchema = z.strictObject({
  /** One row, one numeric column: conversations created in the 30 days before the review's end. */
  conversationsPerMonth: sqlSchema.default(DEFAULT_CONVERSATIONS_SQL),
  /** Rows of (day, value) over the review window, the conversations series; null turns it off. */
  conversationsDaily: sqlSchema.nullable().default(DEFAULT_CONVERSATIONS_DAILY_SQL),
  /** Optional, one numeric row: the window's P95 response time in milliseconds. */
  responseTimeP95Ms: sqlSchema.optional(),
  /** Optional, one numeric row: the window's error rate in percent (0-100). */
  errorRatePercent: sqlSchema.optional(),
});
export type PostgresQueries = z.infer<typeof postgresQueriesSchema>;

export const postgresConfigSchema = z.strictObject({
  /** The environment variable holding the connection string (postgres://user:pass@host:port/db?sslmode=require). */
  urlEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'urlEnv must be an environment variable name' })
    .default(DEFAULT_DATABASE_URL_ENV),
  /** The review window the optional queries and the daily series cover. */
  windowDays: z.number().int().min(1).max(90).default(7),
  /** Per query, enforced by the server (SET LOCAL statement_timeout). */
  statementTimeoutMs: z.number().int().min(100).max(60_000).default(5_000),
  connectionTimeoutMs: z.number().int().min(100).max(60_000).default(5_000),
  /** Connections the source may hold at once (it runs its queries on one). */
  poolSize: z.number().int().min(1).max(5).default(1),
  queries: postgresQueriesSchema.prefault({}),
});
export type PostgresConfig = z.infer<typeof postgresConfigSchema>;
