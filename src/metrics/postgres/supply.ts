import type { SnapshotMetricKey } from '../port.js';
import type { PostgresQueries } from './config.js';

/**
 * How the PostgreSQL source supplies each metric of the catalog (src/domain/catalog/catalog.ts):
 * - `builtIn`: a query of its own over the database's statistics (not configurable);
 * - `configured`: the SQL of `metrics.postgres.queries.<key>` (the default, or only when set);
 * - `none`: PostgreSQL has no such metric; an indicator's metric then says so, a supplementary
 *   one is simply absent.
 * A metric added to the catalog is a type error below until it has its line here.
 */
export type PostgresSupply = { key: SnapshotMetricKey } & (
  | {
      kind: 'builtIn';
      /** The name messages use: "query dbSize (pg_database_size) failed: …". */
      query: string;
      sql: string;
      /** Raw value -> snapshot value. */
      convert?: (raw: number) => number;
    }
  | {
      kind: 'configured';
      query: Exclude<keyof PostgresQueries, 'conversationsDaily'>;
      /** Over the 30 days before the window's end (conversations per month), else the window. */
      period: 'month' | 'window';
    }
  | { kind: 'none' }
);

const BYTES_PER_MB = 1_048_576;

/** In reading order (the order of the queries and of their facts). */
export const POSTGRES_METRICS = [
  { key: 'cpuPercent', kind: 'none' },
  { key: 'memoryPercent', kind: 'none' },
  {
    key: 'dbSizeMb',
    kind: 'builtIn',
    query: 'dbSize (pg_database_size)',
    sql: 'SELECT pg_database_size(current_database())',
    convert: (bytes: number) => bytes / BYTES_PER_MB,
  },
  {
    key: 'dbConnections',
    kind: 'builtIn',
    query: 'connections (pg_stat_activity)',
    // Backends of this database, the check's own included (pg_stat_activity, PostgreSQL 10+).
    sql: 'SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()',
  },
  {
    key: 'dbMaxConnections',
    kind: 'builtIn',
    query: 'connection limit (max_connections)',
    // What non-superusers may open: reserved_connections exists from PostgreSQL 16.
    sql: [
      "SELECT current_setting('max_connections')::int",
      "- current_setting('superuser_reserved_connections')::int",
      "- coalesce(current_setting('reserved_connections', true)::int, 0)",
    ].join(' '),
  },
  {
    key: 'conversationsPerMonth',
    kind: 'configured',
    query: 'conversationsPerMonth',
    period: 'month',
  },
  { key: 'responseTimeP95Ms', kind: 'configured', query: 'responseTimeP95Ms', period: 'window' },
  { key: 'errorRatePercent', kind: 'configured', query: 'errorRatePercent', period: 'window' },
  { key: 'cpuMaxPercent', kind: 'none' },
  { key: 'serverCount', kind: 'none' },
] as const satisfies readonly PostgresSupply[];

/** Compiles only with `never`: names the catalog metrics without a line above. */
type NoneUnlisted<Unlisted extends never> = Unlisted;
export type EveryCatalogMetricListed = NoneUnlisted<
  Exclude<SnapshotMetricKey, (typeof POSTGRES_METRICS)[number]['key']>
>;
