import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MetricsNotConfiguredError, MetricsUnavailableError } from '../../src/metrics/errors.js';
import type { MetricsResult } from '../../src/metrics/port.js';
import { createPostgresSource } from '../../src/metrics/postgres/postgres-source.js';
import { freePort } from '../support/free-port.js';
import {
  createInboxDatabase,
  END,
  ERROR_RATE_SQL,
  type InboxDatabase,
  NOW,
  ownServer,
  P95_SQL,
  passwordForms,
  postgresConfig,
} from './support/postgres.js';
import { silentLogger } from './support/silent-logger.js';

/**
 * The PostgreSQL source against a real PostgreSQL server (test/setup/postgres.ts) with a seeded
 * support-inbox database (test/metrics/support/postgres.ts), logging in as a read-only user whose
 * password is full of URL-special characters: it must appear in no result, error or log line.
 */

let db: InboxDatabase;
const sources: { close?: () => Promise<void> }[] = [];
const logs: ReturnType<typeof silentLogger>[] = [];
const texts: string[] = [];

function source(url: string, overrides: Record<string, unknown> = {}, timeoutMs = 15_000) {
  const logger = silentLogger();
  logs.push(logger);
  const created = createPostgresSource({
    config: postgresConfig(overrides),
    databaseUrl: url,
    timeoutMs,
    logger,
  });
  sources.push(created);
  return created;
}

async function fetchOk(
  url: string,
  overrides: Record<string, unknown> = {},
): Promise<MetricsResult> {
  const created = source(url, overrides);
  try {
    const result = await created.fetch({ now: NOW });
    texts.push(JSON.stringify(result));
    return result;
  } finally {
    // Its idle connection would count in the next test's pg_stat_activity.
    await created.close?.();
  }
}

async function fetchError(
  url: string,
  overrides: Record<string, unknown> = {},
  timeoutMs?: number,
): Promise<Error> {
  const created = source(url, overrides, timeoutMs);
  const error = await created
    .fetch({ now: NOW })
    .finally(() => created.close?.())
    .then(
      () => new Error('expected the fetch to fail'),
      (e: unknown) => e as Error,
    );
  texts.push(`${error.name}: ${error.message}`);
  return error;
}

function factOf(result: MetricsResult, metric: string) {
  return result.quality.find((q) => q.metric === metric);
}

beforeAll(async () => {
  db = await createInboxDatabase();
});

afterAll(async () => {
  await Promise.all(sources.map((s) => s.close?.()));
  // The password never appeared, raw or URL-encoded, in any result, error or log line.
  const everything = [
    ...texts,
    ...logs.flatMap((l) => l.entries.map((e) => JSON.stringify(e))),
  ].join('\n');
  for (const form of passwordForms(db.password)) expect(everything).not.toContain(form);
  await db.drop();
});

describe('PostgreSQL source against a real server', () => {
  it('reads every metric of the seeded support inbox', async () => {
    const { bytes, limit } = await db.adminRow<{ bytes: string; limit: number }>(
      "SELECT pg_database_size(current_database()) AS bytes, current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int - coalesce(current_setting('reserved_connections', true)::int, 0) AS limit",
    );

    const result = await fetchOk(db.url, {
      queries: { responseTimeP95Ms: P95_SQL, errorRatePercent: ERROR_RATE_SQL },
    });

    expect(result.snapshot.conversationsPerMonth).toBe(120);
    expect(result.snapshot.dbSizeMb).toBeCloseTo(Number(bytes) / 1_048_576, 0);
    expect(result.snapshot.dbConnections).toBe(1); // this fetch's own connection
    expect(result.snapshot.dbMaxConnections).toBe(limit);
    if (ownServer) expect(limit).toBe(47); // max_connections 50 − 3 reserved
    expect(result.snapshot.responseTimeP95Ms).toBeCloseTo(95.05, 6);
    expect(result.snapshot.errorRatePercent).toBeCloseTo(5, 6);
    expect(result.snapshot.capturedAt).toBe(END.toISOString());
    expect(result.series.conversationsPerMonth).toEqual({
      timestamps: Array.from({ length: 7 }, (_, i) =>
        new Date(Date.UTC(2026, 1, 23 + i)).toISOString(),
      ),
      values: [4, 4, 4, 4, 4, 4, 4],
    });
    expect(result.quality.map((q) => q.metric).sort()).toEqual(['cpuPercent', 'memoryPercent']);
    expect(result.source).toEqual({
      kind: 'postgres',
      description: 'PostgreSQL, 7 days to Mon 09:00 UTC',
      detail: expect.stringMatching(
        new RegExp(`^PostgreSQL postgres://${db.user}@[^:]+:\\d+/${db.name}\\?sslmode=disable$`),
      ),
      apiCalls: 0,
      metricsRequested: 0,
      window: {
        start: '2026-02-23T09:00:00.000Z',
        end: '2026-03-02T09:00:00.000Z',
        periodSeconds: 86_400,
      },
    });
  });

  it('counts the connections in use on the current database', async () => {
    const held = await Promise.all(
      [1, 2].map(async () => {
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        return client;
      }),
    );
    try {
      const result = await fetchOk(db.url);
      expect(result.snapshot.dbConnections).toBe(3);
    } finally {
      await Promise.all(held.map((c) => c.end()));
    }
  });

  it('says the optional queries are not configured instead of guessing', async () => {
    const result = await fetchOk(db.url);

    expect(result.snapshot.responseTimeP95Ms).toBeUndefined();
    expect(factOf(result, 'responseTimeP95Ms')?.detail).toContain(
      'not queried: set metrics.postgres.queries.responseTimeP95Ms',
    );
    expect(factOf(result, 'errorRatePercent')?.issue).toBe('noData');
  });

  it('refuses a wrong password with the fix, naming the variable and not the value', async () => {
    const error = await fetchError(db.urlWith({ sslmode: 'disable' }, `${db.password}-wrong`));

    expect(error).toBeInstanceOf(MetricsNotConfiguredError);
    expect(error.message).toBe(
      "PostgreSQL not configured: the server rejected the password — put the database user's current password in SCALE_REVIEW_DATABASE_URL",
    );
  });

  it('reports an unreachable server in one actionable line, without the host', async () => {
    const port = await freePort();
    const url = db.url.replace(/:(\d+)\//, `:${port}/`);

    const error = await fetchError(url);

    expect(error).toBeInstanceOf(MetricsUnavailableError);
    expect(error.message).toBe(
      'cannot reach PostgreSQL (ECONNREFUSED): check the host and port in SCALE_REVIEW_DATABASE_URL, and that the server is running and accepts connections from here',
    );
    expect(error.message).not.toContain('127.0.0.1');
  });

  it('leaves only the metric of a query on a missing table unknown', async () => {
    const result = await fetchOk(db.url, {
      queries: { conversationsPerMonth: 'SELECT count(*) FROM tickets WHERE created_at >= $1' },
    });

    expect(result.snapshot.conversationsPerMonth).toBeUndefined();
    expect(factOf(result, 'conversationsPerMonth')).toEqual({
      metric: 'conversationsPerMonth',
      issue: 'noData',
      detail:
        'query conversationsPerMonth failed: relation "tickets" does not exist: create the table, or point metrics.postgres.queries.conversationsPerMonth at yours',
    });
    expect(result.snapshot.dbSizeMb).toBeGreaterThan(0);
    expect(logs.at(-1)?.entries).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'postgres query failed' }),
    );
  });

  it('cancels a slow query at statement_timeout and keeps the other metrics', async () => {
    // The client-side backstop (statement + connection timeout) is put past the 5 s sleep, so only
    // the server's statement_timeout can cancel the query.
    const result = await fetchOk(db.url, {
      statementTimeoutMs: 200,
      connectionTimeoutMs: 60_000,
      queries: { conversationsPerMonth: 'SELECT 1 FROM pg_sleep(5)' },
    });

    // The server cancelled it, on a machine of any speed: uncancelled, the query would have
    // answered 1 after 5 s and this detail would be absent.
    expect(factOf(result, 'conversationsPerMonth')?.detail).toBe(
      'query conversationsPerMonth took longer than 200 ms and was cancelled: add an index (e.g. on conversations(created_at)), simplify metrics.postgres.queries.conversationsPerMonth, or raise metrics.postgres.statementTimeoutMs',
    );
    expect(result.snapshot.dbConnections).toBe(1);
  });

  it('rejects a result that is not one numeric row, naming the query', async () => {
    const text = await fetchOk(db.url, { queries: { conversationsPerMonth: "SELECT 'many'" } });
    const rows = await fetchOk(db.url, {
      queries: { conversationsPerMonth: 'SELECT 1 UNION ALL SELECT 2' },
    });
    const columns = await fetchOk(db.url, { queries: { responseTimeP95Ms: 'SELECT 1, 2' } });

    expect(factOf(text, 'conversationsPerMonth')?.detail).toBe(
      'query conversationsPerMonth must return one row with one numeric column; it returned the text "many"',
    );
    expect(factOf(rows, 'conversationsPerMonth')?.detail).toBe(
      'query conversationsPerMonth must return one row with one numeric column; it returned 2 rows',
    );
    expect(factOf(columns, 'responseTimeP95Ms')?.detail).toBe(
      'query responseTimeP95Ms must return one row with one numeric column; it returned 2 columns',
    );
  });

  it('runs every query read-only and as one statement: nothing can be written', async () => {
    const write = await fetchOk(db.url, {
      queries: {
        conversationsPerMonth:
          'WITH gone AS (DELETE FROM conversations RETURNING 1) SELECT count(*) FROM gone',
      },
    });
    const two = await fetchOk(db.url, {
      queries: { conversationsPerMonth: 'SELECT 1; DROP TABLE conversations' },
    });
    const { count } = await db.adminRow<{ count: string }>('SELECT count(*) FROM conversations');

    expect(factOf(write, 'conversationsPerMonth')?.detail).toMatch(
      /^query conversationsPerMonth tried to write \(.*read-only transaction.*\): metrics\.postgres\.queries\.conversationsPerMonth must only read$/,
    );
    expect(factOf(two, 'conversationsPerMonth')?.detail).toMatch(
      /^query conversationsPerMonth is not valid SQL \(42601: cannot insert multiple commands into a prepared statement\)/,
    );
    expect(Number(count)).toBe(128);
  });

  it('discards an out-of-range value instead of passing it on', async () => {
    const result = await fetchOk(db.url, { queries: { errorRatePercent: 'SELECT 250' } });

    expect(result.snapshot.errorRatePercent).toBeUndefined();
    expect(factOf(result, 'errorRatePercent')?.detail).toBe(
      'value discarded: query errorRatePercent gave 250 (errorRatePercent must be at most 100)',
    );
  });

  it('says which variable to set when there is no connection string', () => {
    expect(() =>
      createPostgresSource({
        config: postgresConfig(),
        databaseUrl: null,
        timeoutMs: 1000,
        logger: silentLogger(),
      }),
    ).toThrow(
      "PostgreSQL not configured: SCALE_REVIEW_DATABASE_URL is not set — set it to the database's connection string (postgres://USER:PASSWORD@HOST:5432/DATABASE?sslmode=require), or name another variable in metrics.postgres.urlEnv",
    );
    expect(() =>
      createPostgresSource({
        config: postgresConfig({ urlEnv: 'SUPABASE_DB_URL' }),
        databaseUrl: `mysql://u:${encodeURIComponent(db.password)}@h/d`,
        timeoutMs: 1000,
        logger: silentLogger(),
      }),
    ).toThrow(
      /^PostgreSQL not configured: SUPABASE_DB_URL must start with postgres:\/\/ or postgresql:\/\//,
    );
  });

  describe.runIf(ownServer)(
    'TLS (sslmode), against the test server and its throw-away certificate',
    () => {
      const certificate = () => join(inject('postgresServerDataDir') ?? '', 'server.crt');

      it('encrypts without verifying with sslmode=require', async () => {
        const open = source(db.urlWith({ sslmode: 'require' }));
        const result = await open.fetch({ now: NOW });
        // The source's pooled connection is still open: the server says whether it is encrypted.
        const { ssl } = await db.adminRow<{ ssl: boolean }>(
          "SELECT bool_and(s.ssl) AS ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.application_name = 'scale-review' AND a.datname = current_database()",
        );
        await open.close?.();
        texts.push(JSON.stringify(result));
        expect(result.snapshot.conversationsPerMonth).toBe(120);
        expect(ssl).toBe(true);
      });

      it('refuses an untrusted certificate with verify-full and says how to trust it', async () => {
        const error = await fetchError(db.urlWith({ sslmode: 'verify-full' }));
        expect(error).toBeInstanceOf(MetricsNotConfiguredError);
        expect(error.message).toMatch(
          /^PostgreSQL not configured: the server's TLS certificate is not trusted \([A-Z_]+, sslmode=verify-full\) — add sslrootcert=/,
        );
      });

      it('verifies the server against sslrootcert with verify-full', async () => {
        const result = await fetchOk(
          db.urlWith({ sslmode: 'verify-full', sslrootcert: certificate() }),
        );
        expect(result.snapshot.conversationsPerMonth).toBe(120);
      });
    },
  );
});
