import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCloudWatchSource } from '../../src/metrics/cloudwatch/cloudwatch-source.js';
import { createMetricsSource } from '../../src/metrics/create-source.js';
import {
  type CallLog,
  HOUR_MS,
  hourly,
  newCallLog,
  newMotoAccount,
  seed,
  testClientFactory,
} from './support/moto.js';
import { silentLogger } from './support/silent-logger.js';
import {
  ALL,
  ASG,
  endpoint,
  metricsConfig,
  NOW,
  plan,
  REGION,
  seedWeek,
  WINDOW_START,
} from './support/week.js';

/**
 * The CloudWatch adapter against moto's real server (started by test/setup/moto.ts).
 *
 * What moto 5.2.5 cannot do, and how it is covered instead:
 * - percentiles (p95): moto answers HTTP 500 for any extended statistic, so these tests override
 *   the latency query to `Maximum`; the default p95 request is asserted in query-builder.test.ts.
 * - metric math beyond a bare query id: moto returns an empty series for
 *   `100 * FILL(errors_ns, 0) / errors_ds`, so the adapter reports the error rate as `noTraffic`
 *   here; the ratio itself is covered by reduce.test.ts with CloudWatch-shaped answers.
 */

function adapter(account: string, calls: CallLog, logger = silentLogger()) {
  const config = metricsConfig();
  return createCloudWatchSource({
    config: config.cloudwatch,
    timeoutMs: config.timeoutMs,
    region: REGION,
    logger,
    createClient: testClientFactory({ endpoint, account, calls }),
  });
}

describe('CloudWatch adapter against moto', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('reads every seeded metric in one GetMetricData call', async () => {
    const account = newMotoAccount();
    await seedWeek(account, ALL);
    const calls = newCallLog();
    const logger = silentLogger();

    const result = await adapter(account, calls, logger).fetch({ now: NOW });

    expect(calls.getMetricData).toBe(1);
    expect(logger.entries).toContainEqual(
      expect.objectContaining({
        level: 'debug',
        meta: expect.objectContaining({
          apiCalls: 1,
          metricsRequested: 15,
          costUsd: expect.closeTo(0.00015, 12),
        }),
      }),
    );
    expect(result.source).toEqual({
      kind: 'cloudwatch',
      description: 'CloudWatch, eu-west-1, 7 days to Mon 09:00 UTC',
      apiCalls: 1,
      metricsRequested: 15,
      window: {
        start: '2026-02-23T09:00:00.000Z',
        end: '2026-03-02T09:00:00.000Z',
        periodSeconds: 3600,
      },
    });
    expect(result.snapshot.cpuPercent).toBeCloseTo(30 + 40 * 0.9); // p90 of the hourly ramp 30..70
    expect(result.snapshot.memoryPercent).toBeCloseTo(61);
    expect(result.snapshot.dbConnections).toBe(95);
    expect(result.snapshot.dbMaxConnections).toBe(193);
    expect(result.snapshot.responseTimeP95Ms).toBeCloseTo(450);
    expect(result.snapshot.dbSizeMb).toBeCloseTo(20 * 1024 - 15 * 1024);
    expect(result.snapshot.conversationsPerMonth).toBe(3600);
    expect(result.snapshot.capturedAt).toBe('2026-03-02T09:00:00.000Z');
    expect(result.series.cpuPercent?.values).toHaveLength(168);
    expect(result.series.conversationsPerMonth?.values).toHaveLength(30);
    expect(result.notes).toContainEqual(expect.stringContaining('estimated for db.t3.small'));
    // The busiest instance beside the fleet average, and the servers in service (latest hour).
    expect(result.snapshot.cpuMaxPercent).toBe(97);
    expect(result.snapshot.serverCount).toBe(4);
    // Target 5xx (12/h) and load-balancer 5xx (6/h) over 3,000 requests/h. moto evaluates no
    // metric math, so this is the adapter's own ratio of the returned hourly sums, and it says so.
    expect(result.snapshot.errorRatePercent).toBeCloseTo(0.6, 9);
    expect(result.notes).toContain(
      'errorRatePercent: CloudWatch gave no whole-window (7 days) bucket; computed from the sums of the hourly series (exact)',
    );
    expect(result.quality).toEqual([]);
  });

  it('sends the request the adapter planned: aligned window, one page of 17 queries', async () => {
    const account = newMotoAccount();
    const calls = newCallLog();

    await adapter(account, calls).fetch({ now: NOW });

    expect(calls.inputs[0]).toMatchObject({
      StartTime: new Date('2026-01-26T09:00:00Z'),
      EndTime: new Date('2026-03-02T09:00:00Z'),
      MaxDatapoints: 100_800,
      ScanBy: 'TimestampAscending',
    });
    const queries = (
      calls.inputs[0] as { MetricDataQueries: { Id: string; ReturnData: boolean }[] }
    ).MetricDataQueries;
    expect(queries).toHaveLength(17);
    expect(queries.find((q) => q.Id === 'errors_n1w')?.ReturnData).toBe(false);
  });

  it('converts units: TargetResponseTime seconds become milliseconds', async () => {
    const account = newMotoAccount();
    await seedWeek(account, ['alb']);

    const result = await adapter(account, newCallLog()).fetch({ now: NOW });

    expect(result.snapshot.responseTimeP95Ms).toBeCloseTo(450);
    expect(
      result.series.responseTimeP95Ms?.values.every((v) => v >= 300 - 1e-9 && v <= 450 + 1e-9),
    ).toBe(true);
  });

  it('leaves one missing metric unknown and keeps all the others', async () => {
    const account = newMotoAccount();
    await seedWeek(account, ['cpu', 'db', 'alb', 'conversations']);

    const result = await adapter(account, newCallLog()).fetch({ now: NOW });

    expect(result.snapshot.memoryPercent).toBeUndefined();
    expect(result.quality).toContainEqual(
      expect.objectContaining({ metric: 'memoryPercent', issue: 'noData' }),
    );
    expect(result.snapshot.cpuPercent).toBeDefined();
    expect(result.snapshot.dbConnections).toBe(95);
    expect(result.snapshot.conversationsPerMonth).toBe(3600);
  });

  it('reports no traffic when the load balancer published nothing', async () => {
    const account = newMotoAccount();
    await seedWeek(account, ['cpu', 'memory', 'db', 'conversations']);

    const result = await adapter(account, newCallLog()).fetch({ now: NOW });

    expect(result.snapshot.errorRatePercent).toBeUndefined();
    expect(result.snapshot.responseTimeP95Ms).toBeUndefined();
    expect(result.quality).toContainEqual(
      expect.objectContaining({ metric: 'errorRatePercent', issue: 'noTraffic' }),
    );
    expect(result.quality).toContainEqual(
      expect.objectContaining({ metric: 'responseTimeP95Ms', issue: 'noData' }),
    );
  });

  it('flags partial and stale series instead of passing them off as complete', async () => {
    const account = newMotoAccount();
    const recent = new Date(plan.end.getTime() - 48 * HOUR_MS);
    await seed(
      endpoint,
      account,
      REGION,
      'AWS/EC2',
      hourly(recent, 48, { MetricName: 'CPUUtilization', Dimensions: ASG }, () => ({
        average: 50,
      })),
    );
    await seed(
      endpoint,
      account,
      REGION,
      'CWAgent',
      hourly(WINDOW_START, 100, { MetricName: 'mem_used_percent', Dimensions: ASG }, () => ({
        average: 70,
      })),
    );

    const result = await adapter(account, newCallLog()).fetch({ now: NOW });

    expect(result.snapshot.cpuPercent).toBe(50);
    expect(result.quality).toContainEqual({
      metric: 'cpuPercent',
      issue: 'partial',
      detail: 'datapoints in 48 of 168 hourly periods (29%)',
    });
    expect(result.quality).toContainEqual(
      expect.objectContaining({ metric: 'memoryPercent', issue: 'stale' }),
    );
  });

  it('serves a repeated request from the cache without an API call, until the TTL passes', async () => {
    const account = newMotoAccount();
    await seedWeek(account, ['cpu']);
    const calls = newCallLog();
    let clock = new Date('2026-03-02T09:17:42Z');
    const cached = createMetricsSource(
      { ...metricsConfig(), cacheTtlSeconds: 60 },
      {
        logger: silentLogger(),
        region: REGION,
        now: () => clock,
        createCloudWatchClient: testClientFactory({ endpoint, account, calls }),
      },
    );

    const first = await cached.fetch({ now: NOW });
    const second = await cached.fetch({ now: new Date(NOW.getTime() + 30_000) });
    clock = new Date(clock.getTime() + 61_000);
    await cached.fetch({ now: NOW });

    expect(first.source.apiCalls).toBe(1);
    expect(second.source).toMatchObject({ apiCalls: 0, metricsRequested: 0, cached: true });
    expect(second.snapshot).toEqual(first.snapshot);
    expect(calls.getMetricData).toBe(2);
  });

  it('honours the SDK endpoint variable AWS_ENDPOINT_URL_CLOUDWATCH when no endpoint is configured', async () => {
    const account = newMotoAccount();
    await seedWeek(account, ['cpu']);
    vi.stubEnv('AWS_ENDPOINT_URL_CLOUDWATCH', endpoint);
    const config = metricsConfig();
    const source = createCloudWatchSource({
      config: config.cloudwatch,
      timeoutMs: config.timeoutMs,
      region: REGION,
      logger: silentLogger(),
      createClient: testClientFactory({ account }),
    });

    const result = await source.fetch({ now: NOW });

    expect(result.snapshot.cpuPercent).toBeCloseTo(66);
  });
});
