import {
  CreateDBInstanceCommand,
  ModifyDBInstanceCommand,
  RDSClient,
  type RDSClientConfig,
} from '@aws-sdk/client-rds';
import { describe, expect, it } from 'vitest';
import { createCloudWatchSource } from '../../src/metrics/cloudwatch/cloudwatch-source.js';
import type { SnapshotMetricKey } from '../../src/metrics/port.js';
import {
  FAKE_CREDENTIALS,
  hourly,
  newCallLog,
  newMotoAccount,
  seed,
  testClientFactory,
} from './support/moto.js';
import { silentLogger } from './support/silent-logger.js';
import {
  ASG,
  endpoint,
  metricsConfig,
  NOW,
  REGION,
  seedWeek,
  WINDOW_START,
} from './support/week.js';

/**
 * CloudWatch numbers that mean what AWS means, against moto (test/setup/moto.ts): the RDS size
 * after storage autoscaling (DescribeDBInstances), the CloudWatch agent's per-instance memory
 * (ListMetrics), and a source that queries only the metrics assigned to it.
 */

/** An RDS client on moto, in the test's own moto account. */
function rdsFactory(account: string) {
  return (config: RDSClientConfig) => {
    const client = new RDSClient({ ...config, endpoint, credentials: FAKE_CREDENTIALS });
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers?: Record<string, string> };
        if (request.headers !== undefined) request.headers['x-moto-account-id'] = account;
        return next(args);
      },
      { step: 'build', name: 'motoAccountHeader' },
    );
    return client;
  };
}

function source(
  account: string,
  cloudwatch: Record<string, unknown> = {},
  only?: SnapshotMetricKey[],
) {
  const config = metricsConfig(cloudwatch);
  const calls = newCallLog();
  const logger = silentLogger();
  const created = createCloudWatchSource({
    config: config.cloudwatch,
    timeoutMs: config.timeoutMs,
    region: REGION,
    logger,
    createClient: testClientFactory({ endpoint, account, calls }),
    createRdsClient: rdsFactory(account),
    ...(only === undefined ? {} : { onlyMetrics: only }),
  });
  return { source: created, calls, logger };
}

async function createDb(account: string, allocatedGb: number): Promise<void> {
  const rds = rdsFactory(account)({ region: REGION });
  await rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: 'support-db',
      DBInstanceClass: 'db.t3.small',
      Engine: 'postgres',
      AllocatedStorage: allocatedGb,
      MasterUsername: 'admin',
      MasterUserPassword: 'not-a-secret-1',
    }),
  );
  rds.destroy();
}

const autoStorage = {
  dimensions: {
    autoScalingGroupName: 'support-web',
    dbInstanceIdentifier: 'support-db',
    dbInstanceClass: 'db.t3.small',
    dbAllocatedStorageGb: 'auto',
  },
};

describe('dbAllocatedStorageGb: auto', () => {
  it('reads the allocated size from DescribeDBInstances, and follows storage autoscaling', async () => {
    const account = newMotoAccount();
    await seedWeek(account, ['db']); // free space 16 GiB falling to 15 GiB
    await createDb(account, 20);

    const before = await source(account, autoStorage).source.fetch({ now: NOW });
    const rds = rdsFactory(account)({ region: REGION });
    await rds.send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: 'support-db',
        AllocatedStorage: 30,
        ApplyImmediately: true,
      }),
    );
    rds.destroy();
    const after = await source(account, autoStorage).source.fetch({ now: NOW });

    expect(before.snapshot.dbSizeMb).toBeCloseTo(20 * 1024 - 15 * 1024);
    expect(after.snapshot.dbSizeMb).toBeCloseTo(30 * 1024 - 15 * 1024);
    expect(after.notes).toContain(
      'dbSizeMb: allocated storage minus FreeStorageSpace, so "used" counts WAL, logs and temporary files besides the data; allocated 30 GiB read with DescribeDBInstances (dbAllocatedStorageGb: auto)',
    );
  });

  it('leaves the DB size unknown, with the fix, when the instance is not found', async () => {
    const account = newMotoAccount();
    await seedWeek(account, ['db']);

    const result = await source(account, autoStorage).source.fetch({ now: NOW });

    expect(result.snapshot.dbSizeMb).toBeUndefined();
    expect(result.quality).toContainEqual({
      metric: 'dbSizeMb',
      issue: 'noData',
      detail:
        'no RDS instance support-db in this region: check metrics.cloudwatch.dimensions.dbInstanceIdentifier',
    });
    expect(result.snapshot.dbConnections).toBe(95); // the rest of the answer still counts
  });
});

describe('memory from the CloudWatch agent', () => {
  it('names the agent setting when memory is published only per instance', async () => {
    const account = newMotoAccount();
    await seedWeek(account, ['cpu']);
    const perInstance = [
      ...ASG,
      { Name: 'ImageId', Value: 'ami-0abc' },
      { Name: 'InstanceId', Value: 'i-0123' },
      { Name: 'InstanceType', Value: 't3.large' },
    ];
    await seed(
      endpoint,
      account,
      REGION,
      'CWAgent',
      hourly(
        WINDOW_START,
        168,
        { MetricName: 'mem_used_percent', Dimensions: perInstance },
        () => ({
          average: 70,
        }),
      ),
    );

    const result = await source(account).source.fetch({ now: NOW });

    expect(result.snapshot.memoryPercent).toBeUndefined();
    const fact = result.quality.find((q) => q.metric === 'memoryPercent');
    expect(fact?.issue).toBe('noData');
    expect(fact?.detail).toContain(
      'the CloudWatch agent publishes CWAgent mem_used_percent only with ImageId, InstanceId, InstanceType added (its append_dimensions), never by AutoScalingGroupName alone: add "aggregation_dimensions": [["AutoScalingGroupName"]] to the "metrics" section',
    );
  });

  it('adds nothing when memory is simply not published', async () => {
    const account = newMotoAccount();
    await seedWeek(account, ['cpu']);

    const result = await source(account).source.fetch({ now: NOW });

    const fact = result.quality.find((q) => q.metric === 'memoryPercent');
    expect(fact?.detail).not.toContain('aggregation_dimensions');
  });
});

describe('a CloudWatch source that supplies only some metrics', () => {
  it('queries only its metrics (and pays only for them)', async () => {
    const account = newMotoAccount();
    await seedWeek(account, ['cpu', 'db']);

    const { source: only, calls } = source(account, {}, ['cpuPercent', 'cpuMaxPercent']);
    const result = await only.fetch({ now: NOW });

    const ids = (calls.inputs[0] as { MetricDataQueries: { Id: string }[] }).MetricDataQueries.map(
      (q) => q.Id,
    );
    expect(ids).toEqual(['cpu_s', 'cpumax_s']);
    expect(result.source.metricsRequested).toBe(2);
    expect(result.snapshot.dbConnections).toBeUndefined();
    expect(result.snapshot.dbMaxConnections).toBeUndefined();
    expect(result.quality).toEqual([]);
  });
});
