import type { PoolClient } from 'pg';
import { isIndicatorMetric } from '../../domain/catalog/derive.js';
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
  type Period,
  QueryShapeError,
  readDailySeries,
  readScalar,
  runReadOnly,
} from './queries.js';
import { POSTGRES_METRICS } from './supply.js';

/**
 * What the PostgreSQL source reads, one query per metric, and how a failing query becomes a
 * `noData` fact for its metric alone (the others still count). A lost connection is rethrown: the
 * whole source has failed then.
 */

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

/** The catalog metrics PostgreSQL reads here, each with its query (supply.ts). */
function readingsFor(config: PostgresConfig, periods: ReadingPeriods): Reading[] {
  return POSTGRES_METRICS.flatMap((m): Reading[] => {
    if (m.kind === 'builtIn') {
      const convert = 'convert' in m ? { convert: m.convert } : {};
      return [{ key: m.key, query: m.query, sql: m.sql, period: periods.window, ...convert }];
    }
    if (m.kind === 'none') return [];
    const sql = config.queries[m.query];
    return sql === undefined
      ? []
      : [{ key: m.key, query: m.query, sql, period: periods[m.period] }];
  });
}

/** Keys the source never supplies, or supplies only when a query is configured. */
function notReadFacts(config: PostgresConfig): MetricQuality[] {
  return POSTGRES_METRICS.flatMap((m): MetricQuality[] => {
    // A supplementary metric that is not read is no gap in the review: no fact for it.
    if (m.kind === 'none' && isIndicatorMetric(m.key)) {
      return [
        {
          metric: m.key,
          issue: 'noData',
          detail:
            'PostgreSQL has no such metric: take it from another source (metrics.sources, docs/metrics.md)',
        },
      ];
    }
    if (m.kind !== 'configured' || config.queries[m.query] !== undefined) return [];
    return [
      {
        metric: m.key,
        issue: 'noData',
        detail: `not queried: set metrics.postgres.queries.${m.query} (SQL over your request log), or take it from another source`,
      },
    ];
  });
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
      // The series is only a series: the conversations value itself is unaffected.
      out.failures.push({ query: 'conversationsDaily', reason });
    }
  }
  return out;
}
