import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import { inject } from 'vitest';
import { planWindow } from '../../../src/metrics/cloudwatch/window.js';
import { type MetricsConfig, parseMetricsConfig } from '../../../src/metrics/config.js';
import { DAY_MS, HOUR_MS, hourly, seed } from './moto.js';

/** The seeded review week shared by the moto tests of the CloudWatch adapter. */

export const endpoint = inject('cloudwatchEndpoint');
export const REGION = 'eu-west-1';
export const NOW = new Date('2026-03-02T09:17:42Z'); // a Monday
export const plan = planWindow({ now: NOW, windowDays: 7, periodSeconds: 3600 });
export const WINDOW_START = plan.windowStart;
const GIB = 1_073_741_824;

export const ASG = [{ Name: 'AutoScalingGroupName', Value: 'support-web' }];
const DB = [{ Name: 'DBInstanceIdentifier', Value: 'support-db' }];
const ALB = [{ Name: 'LoadBalancer', Value: 'app/support-alb/50dc6c495c0c9188' }];

export function metricsConfig(overrides: Record<string, unknown> = {}): MetricsConfig {
  return parseMetricsConfig({
    cacheTtlSeconds: 0,
    cloudwatch: {
      dimensions: {
        autoScalingGroupName: 'support-web',
        dbInstanceIdentifier: 'support-db',
        loadBalancer: 'app/support-alb/50dc6c495c0c9188',
        dbInstanceClass: 'db.t3.small',
        dbAllocatedStorageGb: 20,
      },
      // moto cannot compute p95 (HTTP 500); Maximum keeps the rest of the path real.
      queries: { responseTimeP95Ms: { stat: 'Maximum' } },
      ...overrides,
    },
  });
}

export type Part = 'cpu' | 'memory' | 'db' | 'alb' | 'conversations' | 'group';

/** A week that exercises every default query: ramps, one peak hour, a shrinking free space. */
export async function seedWeek(account: string, parts: readonly Part[]): Promise<void> {
  const ec2: MetricDatum[] = [];
  if (parts.includes('cpu')) {
    ec2.push(
      // A ramping average, with one instance stuck at 97% (the group's Maximum) all week.
      ...hourly(WINDOW_START, 168, { MetricName: 'CPUUtilization', Dimensions: ASG }, (h) => ({
        average: 30 + (40 * h) / 167,
        maximum: 97,
      })),
    );
  }
  if (ec2.length > 0) await seed(endpoint, account, REGION, 'AWS/EC2', ec2);
  if (parts.includes('memory')) {
    const memory = hourly(
      WINDOW_START,
      168,
      { MetricName: 'mem_used_percent', Dimensions: ASG },
      () => ({ average: 61 }),
    );
    await seed(endpoint, account, REGION, 'CWAgent', memory);
  }
  if (parts.includes('db')) {
    await seed(endpoint, account, REGION, 'AWS/RDS', [
      ...hourly(WINDOW_START, 168, { MetricName: 'DatabaseConnections', Dimensions: DB }, (h) => ({
        average: 20,
        maximum: h === 90 ? 95 : 30,
      })),
      ...hourly(WINDOW_START, 168, { MetricName: 'FreeStorageSpace', Dimensions: DB }, (h) => ({
        average: (16 - h / 167) * GIB,
        minimum: (16 - h / 167) * GIB,
      })),
    ]);
  }
  if (parts.includes('alb')) {
    await seed(endpoint, account, REGION, 'AWS/ApplicationELB', [
      ...hourly(WINDOW_START, 168, { MetricName: 'TargetResponseTime', Dimensions: ALB }, (h) => ({
        average: 0.2,
        maximum: h === 40 ? 0.45 : 0.3,
      })),
      ...hourly(WINDOW_START, 168, { MetricName: 'RequestCount', Dimensions: ALB }, () => ({
        average: 50,
        samples: 60,
      })),
      ...hourly(
        WINDOW_START,
        168,
        { MetricName: 'HTTPCode_Target_5XX_Count', Dimensions: ALB },
        () => ({ average: 1 }),
      ),
      // The load balancer's own 502/503/504: half as many again as the targets'.
      ...hourly(
        WINDOW_START,
        168,
        { MetricName: 'HTTPCode_ELB_5XX_Count', Dimensions: ALB },
        () => ({
          average: 1,
          samples: 6,
        }),
      ),
    ]);
  }
  if (parts.includes('conversations')) {
    const end = plan.end.getTime();
    // 30 days of 120 conversations, plus an older day that must not count.
    const days = Array.from({ length: 31 }, (_, d) => ({
      MetricName: 'ConversationsCreated',
      Timestamp: new Date(end - d * DAY_MS - 12 * HOUR_MS),
      StatisticValues:
        d < 30
          ? { SampleCount: 24, Sum: 120, Minimum: 0, Maximum: 12 }
          : { SampleCount: 1, Sum: 9999, Minimum: 9999, Maximum: 9999 },
    }));
    await seed(endpoint, account, REGION, 'SupportInbox', days);
  }
  if (parts.includes('group')) {
    // Group metrics collection enabled: 3 instances in service, 4 in the last hour.
    const group = hourly(
      WINDOW_START,
      168,
      { MetricName: 'GroupInServiceInstances', Dimensions: ASG },
      (h) => ({ average: h === 167 ? 4 : 3, samples: 60 }),
    );
    await seed(endpoint, account, REGION, 'AWS/AutoScaling', group);
  }
}

export const ALL: Part[] = ['cpu', 'memory', 'db', 'alb', 'conversations', 'group'];
