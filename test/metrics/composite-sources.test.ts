import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { degradedReasons } from '../../src/digest/degraded.js';
import { DEFAULT_PLAN } from '../../src/domain/plan/default-plan.js';
import { review } from '../../src/domain/review.js';
import { parseMetricsConfig } from '../../src/metrics/config.js';
import { createMetricsSource } from '../../src/metrics/create-source.js';
import { MetricsUnavailableError } from '../../src/metrics/errors.js';
import type { MetricsResult, MetricsSource } from '../../src/metrics/port.js';
import { type RunningMoto, startMoto } from '../setup/moto.js';
import { prepareCluster, type RunningPostgres, startPostgres } from '../setup/postgres.js';
import { startTcpProxy, type TcpProxy } from '../store/support/tcp-proxy.js';
import { hourly, newMotoAccount, seed, testClientFactory } from './support/moto.js';
import { createInboxDatabase, type InboxDatabase, NOW, superUrl } from './support/postgres.js';
import { silentLogger } from './support/silent-logger.js';
import { ASG, REGION, WINDOW_START } from './support/week.js';

/**
 * A review with two sources: CPU and memory (and the rest) from CloudWatch (moto), conversations,
 * DB size and connections from PostgreSQL. Each server is one this file may stop: a private moto
 * and a private PostgreSQL cluster (or TCP proxies in front of the servers named by
 * AWS_ENDPOINT_URL_CLOUDWATCH / SCALE_REVIEW_TEST_DATABASE_URL). The scenarios run in order:
 * both up, PostgreSQL down, PostgreSQL back and moto down, both down.
 */

interface Stoppable {
  url: string;
  down(): Promise<void>;
  up(): Promise<void>;
  dispose(): Promise<void>;
}

async function stoppableMoto(): Promise<Stoppable> {
  const external = process.env.AWS_ENDPOINT_URL_CLOUDWATCH;
  if (external !== undefined && external !== '') {
    const target = new URL(external);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 80) });
    return {
      url: `http://127.0.0.1:${proxy.port}`,
      down: () => proxy.stop(),
      up: () => proxy.start(),
      dispose: () => proxy.stop(),
    };
  }
  let moto: RunningMoto | null = await startMoto();
  return {
    url: moto.url,
    down: async () => {
      await moto?.stop();
      moto = null;
    },
    up: async () => {
      throw new Error('this test never restarts moto');
    },
    dispose: async () => {
      await moto?.stop();
    },
  };
}

async function stoppablePostgres(): Promise<Stoppable> {
  const install = inject('postgresServer');
  if (install === null) {
    const target = new URL(superUrl);
    const proxy: TcpProxy = await startTcpProxy({
      host: target.hostname,
      port: Number(target.port || 5432),
    });
    const url = new URL(superUrl);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    return {
      url: url.toString(),
      down: () => proxy.stop(),
      up: () => proxy.start(),
      dispose: () => proxy.stop(),
    };
  }
  const dataDir = prepareCluster(install);
  let server: RunningPostgres | null = await startPostgres({ install, dataDir });
  const { port } = server;
  return {
    url: server.url,
    down: async () => {
      await server?.stop();
      server = null;
    },
    up: async () => {
      server = await startPostgres({ install, dataDir, port });
    },
    dispose: async () => {
      await server?.stop();
      rmSync(dirname(dataDir), { recursive: true, force: true });
    },
  };
}

let moto: Stoppable;
let postgres: Stoppable;
let db: InboxDatabase;
let source: MetricsSource;

const POSTGRES_METRICS = ['conversationsPerMonth', 'dbSizeMb', 'dbConnections', 'dbMaxConnections'];

function indicatorStatus(result: MetricsResult) {
  const r = review(result.snapshot, DEFAULT_PLAN, { now: NOW, quality: result.quality });
  return Object.fromEntries(
    r.indicators.map((i) => [i.key, i.status === 'unknown' ? 'unknown' : 'known']),
  );
}

beforeAll(async () => {
  [moto, postgres] = await Promise.all([stoppableMoto(), stoppablePostgres()]);
  db = await createInboxDatabase(postgres.url);
  const account = newMotoAccount();
  await seed(moto.url, account, REGION, 'AWS/EC2', [
    ...hourly(WINDOW_START, 168, { MetricName: 'CPUUtilization', Dimensions: ASG }, () => ({
      average: 42,
    })),
  ]);
  await seed(moto.url, account, REGION, 'CWAgent', [
    ...hourly(WINDOW_START, 168, { MetricName: 'mem_used_percent', Dimensions: ASG }, () => ({
      average: 61,
    })),
  ]);
  const config = parseMetricsConfig({
    sources: { postgres: POSTGRES_METRICS, cloudwatch: 'rest' },
    cacheTtlSeconds: 0,
    cloudwatch: { maxAttempts: 1, dimensions: { autoScalingGroupName: 'support-web' } },
    postgres: { connectionTimeoutMs: 2000 },
  });
  source = createMetricsSource(config, {
    logger: silentLogger(),
    region: REGION,
    databaseUrl: db.url,
    createCloudWatchClient: testClientFactory({ endpoint: moto.url, account }),
  });
});

afterAll(async () => {
  await source?.close?.();
  await postgres.up().catch(() => undefined);
  await db?.drop().catch(() => undefined);
  await Promise.all([moto?.dispose(), postgres?.dispose()]);
});

describe('several sources in one review: CloudWatch (moto) and PostgreSQL', () => {
  it('takes each metric from its own source, in one fetch per source', async () => {
    const result = await source.fetch({ now: NOW });

    expect(result.snapshot).toMatchObject({
      cpuPercent: 42,
      memoryPercent: 61,
      conversationsPerMonth: 120,
    });
    expect(result.snapshot.dbSizeMb).toBeGreaterThan(1);
    expect(result.snapshot.dbConnections).toBe(1);
    expect(result.failures).toEqual([]);
    // CloudWatch's dbConnections (no DB instance configured) is not PostgreSQL's business, and back.
    expect(result.quality.filter((q) => POSTGRES_METRICS.includes(q.metric))).toEqual([]);
    expect(result.source.kind).toBe('composite');
    expect(result.source.description).toBe(
      'CloudWatch, eu-west-1, 7 days to Mon 09:00 UTC (everything else) · PostgreSQL, 7 days to Mon 09:00 UTC (conversations, DB size, DB connections, DB connection limit)',
    );
    expect(result.source.detail).toMatch(
      /PostgreSQL postgres:\/\/reader_\w+@127\.0\.0\.1:\d+\/inbox_\w+\?sslmode=disable/,
    );
    expect(result.source.sources?.map((s) => [s.kind, s.metrics?.length])).toEqual([
      ['cloudwatch', 6],
      ['postgres', 4],
    ]);
    expect(indicatorStatus(result)).toMatchObject({
      cpu: 'known',
      conversations: 'known',
      dbStorage: 'known',
    });
  });

  it('with PostgreSQL stopped, only its metrics are unknown and the review says PostgreSQL failed', async () => {
    await postgres.down();

    const result = await source.fetch({ now: NOW });

    expect(result.snapshot.cpuPercent).toBe(42);
    expect(result.snapshot.conversationsPerMonth).toBeUndefined();
    expect(result.failures).toEqual([
      {
        source: 'PostgreSQL',
        message: expect.stringMatching(/^cannot reach PostgreSQL \(ECONNREFUSED\)/),
        metrics: POSTGRES_METRICS,
        cause: expect.any(Error),
      },
    ]);
    expect(result.quality).toContainEqual({
      metric: 'conversationsPerMonth',
      issue: 'noData',
      detail: expect.stringMatching(/^PostgreSQL failed: cannot reach PostgreSQL/),
    });
    expect(degradedReasons(result)[0]).toMatch(/^PostgreSQL failed: cannot reach PostgreSQL/);
    expect(result.source.description).toContain(
      'PostgreSQL: failed (conversations, DB size, DB connections, DB connection limit unknown)',
    );
    expect(indicatorStatus(result)).toMatchObject({
      cpu: 'known',
      memory: 'known',
      conversations: 'unknown',
      dbStorage: 'unknown',
      dbConnections: 'unknown',
    });
  });

  it('with PostgreSQL back and moto stopped, only the CloudWatch metrics are unknown', async () => {
    await postgres.up();
    await moto.down();

    const result = await source.fetch({ now: NOW });

    expect(result.snapshot.conversationsPerMonth).toBe(120);
    expect(result.snapshot.cpuPercent).toBeUndefined();
    expect(result.failures?.map((f) => f.source)).toEqual(['CloudWatch']);
    expect(result.failures?.[0]?.message).toMatch(/^cannot reach CloudWatch \(ECONNREFUSED\)/);
    expect(indicatorStatus(result)).toMatchObject({
      cpu: 'unknown',
      memory: 'unknown',
      conversations: 'known',
      dbStorage: 'known',
    });
  });

  it('with both stopped, the fetch fails and names both', async () => {
    await postgres.down();

    const error = await source.fetch({ now: NOW }).then(
      () => new Error('expected the fetch to fail'),
      (e: unknown) => e as Error,
    );

    expect(error).toBeInstanceOf(MetricsUnavailableError);
    expect(error.message).toMatch(
      /^every metrics source failed — CloudWatch: cannot reach CloudWatch .*; PostgreSQL: cannot reach PostgreSQL/,
    );
  });
});
