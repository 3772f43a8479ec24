import type { PoolClient } from 'pg';
import {
  type MetricKey,
  type MetricQuality,
  type MetricsSnapshot,
  metricsSnapshotSchema,
} from '../../domain/metrics.js';
import type { MetricSeries } from '../port.js';
import type { PostgresConfig } from './config.js';
import { describeQueryError, isConnectionLoss } from './error-mapping.js';
import {
  BUILT_IN_SQL,
  type Period,
  QueryShapeError,
  readDailySeries,
  readScalar,
  runReadOnly,
} from './queries.js';

/**
 * What the PostgreSQL source reads, one query per metric, and how a failing query becomes a
 * `noData` fact for its metric alone (the others still count). A lost connection is rethrown: the
 * whole source has failed then.
 */

const BYTES_PER_MB = 1_048_576;

export interface ReadingPeriods {
  /** The review window (optional queries, the daily series). */
  window: Period;
  /** The 30 days before the window's end (conversationsPerMonth). */
  month: Period;
}

export interface Readings {
  snapshot: MetricsSnapshot;
  series: Partial<Record<MetricKey, MetricSeries>>;
  quality: MetricQuality[];
  /** Failed queries, for the log (the same text as their quality details). */
  failures: { query: string; reason: string }[];
}

interface Reading {
  key: MetricKey;
  /** The name messages use: a metrics.postgres.queries key, or the built-in reading's name. */
  query: string;
  sql: string;
  period: Period;
  /** Raw value -> snapshot value. */
  convert?: (raw: number) => number;
}

function readingsFor(config: PostgresConfig, periods: ReadingPeriods): Reading[] {
  const { queries } = config;
  const list: Reading[] = [
    {
      key: 'dbSizeMb',
      query: 'dbSize (pg_database_size)',
      sql: BUILT_IN_SQL.dbSizeBytes,
      period: periods.window,
      convert: (bytes) => bytes / BYTES_PER_MB,
    },
    {
      key: 'dbConnections',
      query: 'connections (pg_stat_activity)',
      sql: BUILT_IN_SQL.connections,
      period: periods.window,
    },
    {
      key: 'dbMaxConnections',
      query: 'connection limit (max_connections)',
      sql: BUILT_IN_SQL.connectionLimit,
      period: periods.window,
    },
    {
      key: 'conversationsPerMonth',
      query: 'conversationsPerMonth',
      sql: queries.conversationsPerMonth,
      period: periods.month,
    },
  ];
  if (queries.responseTimeP95Ms !== undefined) {
    list.push({
      key: 'responseTimeP95Ms',
      query: 'responseTimeP95Ms',
      sql: queries.responseTimeP95Ms,
      period: periods.window,
    });
  }
  if (queries.errorRatePercent !== undefined) {
    list.push({
      key: 'errorRatePercent',
      query: 'errorRatePercent',
      sql: queries.errorRatePercent,
      period: periods.window,
    });
  }
  return list;
}

/** Keys the source never supplies, or supplies only when a query is configured. */
export function notReadFacts(config: PostgresConfig): MetricQuality[] {
  const facts: MetricQuality[] = (['cpuPercent', 'memoryPercent'] as const).map((metric) => ({
    metric,
    issue: 'noData',
    detail:
      'PostgreSQL has no such metric: take it from another source (metrics.sources, docs/metrics.md)',
  }));
  for (const metric of ['responseTimeP95Ms', 'errorRatePercent'] as const) {
    if (config.queries[metric] === undefined) {
      facts.push({
        metric,
        issue: 'noData',
        detail: `not queried: set metrics.postgres.queries.${metric} (SQL over your request log), or take it from another source`,
      });
    }
  }
  return facts;
}

function rangeProblem(key: MetricKey, value: number): string | null {
  const check = metricsSnapshotSchema.shape[key].safeParse(value);
  return check.success ? null : check.error.issues.map((i) => i.message).join('; ');
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export async function takeReadings(
  client: PoolClient,
  config: PostgresConfig,
  periods: ReadingPeriods,
  password: string,
): Promise<Readings> {
  const out: Readings = { snapshot: {}, series: {}, quality: notReadFacts(config), failures: [] };
  const fail = (key: MetricKey, query: string, reason: string) => {
    out.quality.push({ metric: key, issue: 'noData', detail: reason });
    out.failures.push({ query, reason });
  };
  const context = (query: string) => ({
    query,
    statementTimeoutMs: config.statementTimeoutMs,
    password,
  });

  for (const reading of readingsFor(config, periods)) {
    try {
      const result = await runReadOnly(
        client,
        reading.sql,
        reading.period,
        config.statementTimeoutMs,
      );
      const raw = readScalar(reading.query, result);
      if (raw === null) {
        fail(
          reading.key,
          reading.query,
          `query ${reading.query} returned NULL (no data in its period)`,
        );
        continue;
      }
      const value = reading.convert ? reading.convert(raw) : raw;
      const problem = rangeProblem(reading.key, value);
      if (problem !== null) {
        fail(
          reading.key,
          reading.query,
          `value discarded: query ${reading.query} gave ${round(value)} (${problem})`,
        );
        continue;
      }
      out.snapshot[reading.key] = value;
    } catch (error) {
      if (isConnectionLoss(error)) throw error;
      const reason =
        error instanceof QueryShapeError
          ? error.message
          : describeQueryError(error, context(reading.query));
      fail(reading.key, reading.query, reason);
    }
  }

  const daily = config.queries.conversationsDaily;
  if (daily !== null) {
    try {
      const result = await runReadOnly(client, daily, periods.window, config.statementTimeoutMs);
      out.series.conversationsPerMonth = readDailySeries('conversationsDaily', result);
    } catch (error) {
      if (isConnectionLoss(error)) throw error;
      const reason =
        error instanceof QueryShapeError
          ? error.message
          : describeQueryError(error, context('conversationsDaily'));
      // The series only feeds the chart: the conversations value itself is unaffected.
      out.failures.push({ query: 'conversationsDaily', reason });
    }
  }
  return out;
}
