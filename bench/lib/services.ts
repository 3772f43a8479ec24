import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import { DAY_MS, HOUR_MS, hourly, seed } from '../../test/metrics/support/moto.js';
import { ensureFerretDb, startFerretDb } from '../../test/setup/ferretdb.js';
import { startMoto } from '../../test/setup/moto.js';

/**
 * The emulators the benchmarks run against, found or built exactly as the test setup does
 * (test/setup/moto.ts, test/setup/ferretdb.ts): moto as CloudWatch, FerretDB as MongoDB.
 */

export const REGION = 'eu-west-1';
/** moto's default account: what an unmodified SDK client (the bot's own) reads and writes. */
export const MOTO_DEFAULT_ACCOUNT = '123456789012';
export const FAKE_AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_REGION: REGION,
  // The SDK warns once per process that Node 20 support ends in 2027: nothing to act on here.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
} as const;

export interface Emulators {
  /** moto, seeded once with a busy week ending at start-up (seedBusyWeek). */
  motoUrl: string;
  mongodbUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts moto and FerretDB. `cpus`: pin them there (taskset), off the core of the server under test:
 * in production CloudWatch and MongoDB run elsewhere.
 */
export async function startEmulators(cpus?: string): Promise<Emulators> {
  const moto = await startMoto();
  const binary = ensureFerretDb();
  const dataDir = mkdtempSync(join(tmpdir(), 'scale-review-bench-ferretdb-'));
  const ferret = await startFerretDb({ binary, dataDir });
  for (const pid of [moto.pid, ferret.pid]) {
    if (cpus !== undefined && pid !== undefined)
      spawnSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
  }
  await seedBusyWeek(moto.url, MOTO_DEFAULT_ACCOUNT, new Date());
  return {
    motoUrl: moto.url,
    mongodbUrl: ferret.url,
    stop: async () => {
      await Promise.all([moto.stop(), ferret.stop('SIGTERM')]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const ASG = [{ Name: 'AutoScalingGroupName', Value: 'support-web' }];
const DB = [{ Name: 'DBInstanceIdentifier', Value: 'support-db' }];
const ALB = [{ Name: 'LoadBalancer', Value: 'app/support-alb/50dc6c495c0c9188' }];
const GIB = 1_073_741_824;

/** The `metrics:` section the benchmarked bots use: CloudWatch with the seeded resources. */
export const METRICS_YAML = [
  'metrics:',
  '  source: cloudwatch',
  '  cloudwatch:',
  `    region: ${REGION}`,
  '    dimensions:',
  '      autoScalingGroupName: support-web',
  '      dbInstanceIdentifier: support-db',
  '      loadBalancer: app/support-alb/50dc6c495c0c9188',
  '      dbInstanceClass: db.t3.small',
  '      dbAllocatedStorageGb: 20',
  '    queries:',
  '      # moto cannot compute p95 (HTTP 500), as in test/metrics: Maximum keeps the path real.',
  '      responseTimeP95Ms:',
  '        stat: Maximum',
  '',
].join('\n');

/**
 * A busy week ending now (hourly datapoints from 8 days ago to an hour ahead, so the window may
 * move during the run) and 31 days of conversations, as test/metrics/support/week.ts seeds it.
 */
export async function seedBusyWeek(endpoint: string, account: string, now: Date): Promise<void> {
  const hours = 8 * 24 + 1;
  const from = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - 8 * DAY_MS);
  const series = (name: string, dims: typeof ASG, stats: Parameters<typeof hourly>[3]) =>
    hourly(from, hours + 1, { MetricName: name, Dimensions: dims }, stats);
  await seed(endpoint, account, REGION, 'AWS/EC2', [
    ...series('CPUUtilization', ASG, (h) => ({ average: 55 + (30 * h) / hours })),
  ]);
  await seed(endpoint, account, REGION, 'CWAgent', [
    ...series('mem_used_percent', ASG, () => ({ average: 64 })),
  ]);
  await seed(endpoint, account, REGION, 'AWS/RDS', [
    ...series('DatabaseConnections', DB, (h) => ({
      average: 40,
      maximum: h % 24 === 14 ? 160 : 70,
    })),
    ...series('FreeStorageSpace', DB, (h) => ({ average: (12 - h / hours) * GIB })),
  ]);
  await seed(endpoint, account, REGION, 'AWS/ApplicationELB', [
    ...series('TargetResponseTime', ALB, (h) => ({ average: 0.2, maximum: h === 40 ? 0.6 : 0.35 })),
    ...series('RequestCount', ALB, () => ({ average: 50, samples: 60 })),
    ...series('HTTPCode_Target_5XX_Count', ALB, () => ({ average: 1 })),
  ]);
  const days: MetricDatum[] = Array.from({ length: 31 }, (_, d) => ({
    MetricName: 'ConversationsCreated',
    Timestamp: new Date(now.getTime() - d * DAY_MS - 12 * HOUR_MS),
    StatisticValues: { SampleCount: 24, Sum: 160, Minimum: 0, Maximum: 15 },
  }));
  await seed(endpoint, account, REGION, 'SupportInbox', days);
}
