import { createHash } from 'node:crypto';
import pg, { type Pool, type PoolClient, type PoolConfig } from 'pg';
import type { Logger } from '../../logging/logger.js';
import { scrubSecrets } from '../../logging/secrets.js';
import { alignDown, DAY_SECONDS, describeWindow } from '../cloudwatch/window.js';
import { MetricsUnavailableError } from '../errors.js';
import type { MetricsRequest, MetricsResult, MetricsSource } from '../port.js';
import type { PostgresConfig } from './config.js';
import { type DatabaseTarget, parseDatabaseUrl } from './database-url.js';
import { isConnectionLoss, mapConnectError, pgErrorFacts } from './error-mapping.js';
import { type ReadingPeriods, type Readings, takeReadings } from './readings.js';

/**
 * `metrics.source: postgres`: the team's own database (Supabase, RDS, Render, PostgreSQL 13+).
 * One small pool (`poolSize`, default 1) for the life of the process; one fetch borrows one
 * connection and runs every query on it, each in its own READ ONLY transaction with the
 * statement timeout. The window ends at `now` aligned down to the hour, like CloudWatch's.
 * A connection that cannot be made or is lost fails the whole fetch (typed errors); a query that
 * fails leaves only its own metric unknown.
 */

export interface PostgresSourceOptions {
  config: PostgresConfig;
  /** The connection string, read by src/config from the variable `config.urlEnv`. */
  databaseUrl: string | null;
  /**
   * How messages name where the connection string comes from; default the variable `urlEnv`
   * (an installed workspace's comes from its Settings, not from the environment).
   */
  urlLabel?: string;
  /** Deadline for one whole fetch (connect and every query). */
  timeoutMs: number;
  logger: Logger;
  /** Builds the pool (tests observe it); defaults to pg.Pool. */
  createPool?: (config: PoolConfig) => Pool;
}

const HOUR_SECONDS = 3600;
const MONTH_DAYS = 30;

function periodsFor(now: Date, windowDays: number): ReadingPeriods {
  const end = alignDown(now, HOUR_SECONDS);
  const back = (days: number) => new Date(end.getTime() - days * DAY_SECONDS * 1000);
  return {
    window: { start: back(windowDays), end },
    month: { start: back(MONTH_DAYS), end },
  };
}

function poolConfig(target: DatabaseTarget, config: PostgresConfig): PoolConfig {
  return {
    ...target.pool,
    max: config.poolSize,
    connectionTimeoutMillis: config.connectionTimeoutMs,
    idleTimeoutMillis: 60_000,
    // An idle pool never keeps the CLI alive.
    allowExitOnIdle: true,
    // A client-side backstop in case the server never answers (statement_timeout is the rule).
    query_timeout: config.statementTimeoutMs + config.connectionTimeoutMs,
    application_name: 'scale-review',
  };
}

function withDeadline<T>(work: Promise<T>, timeoutMs: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(
        new MetricsUnavailableError(
          `PostgreSQL did not answer every query within ${timeoutMs} ms; raise metrics.timeoutMs or lower metrics.postgres.statementTimeoutMs`,
        ),
      );
    }, timeoutMs);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

export function createPostgresSource(options: PostgresSourceOptions): MetricsSource {
  const { config, logger } = options;
  const variable = options.urlLabel ?? config.urlEnv;
  const target = parseDatabaseUrl(options.databaseUrl, variable);
  const create = options.createPool ?? ((c: PoolConfig) => new pg.Pool(c));
  const scrub = (text: string) => scrubSecrets(text, [target.password]);
  const identity = createHash('sha256')
    .update(JSON.stringify({ url: options.databaseUrl, config }))
    .digest('hex');
  let pool: Pool | null = null;

  const getPool = (): Pool => {
    if (pool !== null) return pool;
    const created = create(poolConfig(target, config));
    // An idle connection the server drops must not crash the process.
    created.on('error', (error) => {
      const { code, message } = pgErrorFacts(error, target.password);
      logger.warn({ code, reason: message }, 'postgres idle connection lost');
    });
    pool = created;
    return created;
  };

  const connectContext = {
    variable,
    password: target.password,
    connectionTimeoutMs: config.connectionTimeoutMs,
    sslMode: target.sslMode,
  };

  interface Borrow {
    timedOut: boolean;
    release: ((destroy: boolean) => void) | null;
  }

  const read = async (periods: ReadingPeriods, borrow: Borrow) => {
    let client: PoolClient;
    try {
      client = await getPool().connect();
    } catch (error) {
      throw mapConnectError(error, connectContext);
    }
    let released = false;
    const release = (destroy: boolean) => {
      if (released) return;
      released = true;
      borrow.release = null;
      client.release(destroy);
    };
    if (borrow.timedOut) {
      release(true);
      throw new MetricsUnavailableError('PostgreSQL fetch abandoned after its deadline');
    }
    borrow.release = release;
    try {
      const readings = await takeReadings(client, config, periods, target.password);
      release(false);
      return readings;
    } catch (error) {
      release(true);
      if (!isConnectionLoss(error)) throw error;
      const mapped = mapConnectError(error, connectContext);
      throw new MetricsUnavailableError(`lost the connection to PostgreSQL: ${mapped.message}`, {
        cause: error,
      });
    }
  };

  const toResult = (readings: Readings, periods: ReadingPeriods): MetricsResult => {
    const { window } = periods;
    const plan = { windowDays: config.windowDays, end: window.end };
    for (const failure of readings.failures) {
      logger.warn({ query: failure.query, reason: scrub(failure.reason) }, 'postgres query failed');
    }
    logger.debug(
      { target: target.detail, start: window.start, end: window.end },
      'postgres metrics fetched',
    );
    return {
      snapshot: { ...readings.snapshot, capturedAt: window.end.toISOString() },
      series: readings.series,
      quality: readings.quality.map((q) => ({ ...q, detail: scrub(q.detail) })),
      notes: [
        'dbConnections: backends of this database in pg_stat_activity; dbMaxConnections: max_connections minus the reserved connections (through a pooler such as Supavisor, see docs/metrics.md)',
      ],
      source: {
        kind: 'postgres',
        description: `PostgreSQL, ${describeWindow(plan)}`,
        detail: `PostgreSQL ${target.detail}`,
        apiCalls: 0,
        metricsRequested: 0,
        window: {
          start: window.start.toISOString(),
          end: window.end.toISOString(),
          periodSeconds: DAY_SECONDS,
        },
      },
    };
  };

  return {
    kind: 'postgres',
    describe: () => `PostgreSQL ${target.detail}, ${config.windowDays}-day window`,
    // Hashed: the connection string carries the password.
    cacheKey: (request: MetricsRequest) =>
      `postgres:${identity}:${periodsFor(request.now, config.windowDays).window.end.toISOString()}`,
    fetch: async (request: MetricsRequest): Promise<MetricsResult> => {
      const periods = periodsFor(request.now, config.windowDays);
      const borrow: Borrow = { timedOut: false, release: null };
      const readings = await withDeadline(read(periods, borrow), options.timeoutMs, () => {
        // A hung connection is destroyed, not returned to the pool.
        borrow.timedOut = true;
        borrow.release?.(true);
      });
      return toResult(readings, periods);
    },
    close: async () => {
      const current = pool;
      pool = null;
      await current?.end();
    },
  };
}
