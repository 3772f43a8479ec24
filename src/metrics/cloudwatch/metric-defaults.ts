import type { CloudWatchConfig, StatQueryOverride, WindowStatistic } from '../config.js';
import type { StatMetricKey } from './supply.js';
import { CONVERSATIONS_DAYS, DAY_SECONDS } from './window.js';

/**
 * The default query of each CloudWatch key read as a statistic (pure), as documented in
 * docs/metrics.md: namespace, metric, dimensions (or the config key to set), statistic, conversion
 * and window statistic. A `stat` metric of supply.ts without its default here is a type error.
 */

const BYTES_PER_MB = 1_048_576;

export interface StatDefault {
  namespace: string;
  metricName: string;
  /** Default dimensions, or the config key to set when the resource is not configured. */
  dimensions: Record<string, string> | string;
  /** A config key the default query needs besides its dimensions (null when satisfied). */
  requires: string | null;
  stat: string;
  scale: number;
  offset: number;
  periodSeconds: number | null;
  lookbackDays: number;
  windowStatistic: WindowStatistic;
  staleAfterMinutes: number | null;
  minCoverage: number;
}

export /** `{ Name: value }`, or the config key to set when `value` is missing. */
function dimension(
  name: string,
  configKey: string,
  value: string | undefined,
): Record<string, string> | string {
  return value === undefined ? configKey : { [name]: value };
}

/**
 * The allocated storage in MB; `allocatedStorageGb` is what DescribeDBInstances gave for
 * `dbAllocatedStorageGb: auto` (undefined: not known yet).
 */
function allocatedMbOf(
  cw: CloudWatchConfig,
  allocatedStorageGb: number | undefined,
): number | undefined {
  const configured = cw.dimensions.dbAllocatedStorageGb;
  if (configured === undefined) return undefined;
  // `auto` before DescribeDBInstances answered: the queries are the same, only the offset waits.
  const gb = configured === 'auto' ? (allocatedStorageGb ?? 0) : configured;
  return gb * 1024;
}

export function defaults(
  cw: CloudWatchConfig,
  allocatedStorageGb: number | undefined,
): Record<StatMetricKey, StatDefault> {
  const d = cw.dimensions;
  const host = {
    periodSeconds: null,
    lookbackDays: cw.windowDays,
    staleAfterMinutes: cw.staleAfterMinutes,
    minCoverage: cw.minCoverage,
    scale: 1,
    offset: 0,
    requires: null,
  };
  // ALB metrics exist only while requests flow: quiet hours are gaps, so no staleness or coverage check.
  const alb = { ...host, staleAfterMinutes: null, minCoverage: 0 };
  const allocatedMb = allocatedMbOf(cw, allocatedStorageGb);
  const asg = dimension('AutoScalingGroupName', 'autoScalingGroupName', d.autoScalingGroupName);
  return {
    cpuPercent: {
      ...host,
      namespace: 'AWS/EC2',
      metricName: 'CPUUtilization',
      dimensions: dimension('AutoScalingGroupName', 'autoScalingGroupName', d.autoScalingGroupName),
      stat: 'Average',
      windowStatistic: 'p90',
    },
    // The busiest instance: an ASG's Maximum is the highest sample of any instance in the period
    // (its Average hides a hot or stuck instance, and target tracking holds the average down).
    cpuMaxPercent: {
      ...host,
      namespace: 'AWS/EC2',
      metricName: 'CPUUtilization',
      dimensions: asg,
      stat: 'Maximum',
      windowStatistic: 'p90',
    },
    // Needs the group's metrics collection enabled (EnableMetricsCollection); else no datapoints.
    serverCount: {
      ...host,
      namespace: 'AWS/AutoScaling',
      metricName: 'GroupInServiceInstances',
      dimensions: asg,
      stat: 'Maximum',
      windowStatistic: 'latest',
    },
    memoryPercent: {
      ...host,
      namespace: 'CWAgent',
      metricName: 'mem_used_percent',
      dimensions: dimension('AutoScalingGroupName', 'autoScalingGroupName', d.autoScalingGroupName),
      stat: 'Average',
      windowStatistic: 'p90',
    },
    dbConnections: {
      ...host,
      namespace: 'AWS/RDS',
      metricName: 'DatabaseConnections',
      dimensions: dimension('DBInstanceIdentifier', 'dbInstanceIdentifier', d.dbInstanceIdentifier),
      stat: 'Maximum',
      windowStatistic: 'maximum',
    },
    responseTimeP95Ms: {
      ...alb,
      namespace: 'AWS/ApplicationELB',
      metricName: 'TargetResponseTime',
      dimensions: dimension('LoadBalancer', 'loadBalancer', d.loadBalancer),
      stat: 'p95',
      scale: 1000,
      windowStatistic: 'window',
    },
    dbSizeMb: dbSizeDefault(cw.queries.dbSizeMb, {
      ...host,
      namespace: 'AWS/RDS',
      metricName: 'FreeStorageSpace',
      // Used MB = allocated MB - free bytes / 2^20; without the allocated size it is not queried.
      dimensions: dimension('DBInstanceIdentifier', 'dbInstanceIdentifier', d.dbInstanceIdentifier),
      requires: allocatedMb === undefined ? 'dbAllocatedStorageGb' : null,
      stat: 'Minimum',
      scale: -1 / BYTES_PER_MB,
      offset: allocatedMb ?? 0,
      windowStatistic: 'latest',
    }),
    conversationsPerMonth: {
      ...host,
      namespace: cw.conversations.namespace,
      metricName: cw.conversations.metricName,
      dimensions: cw.conversations.dimensions,
      stat: 'Sum',
      periodSeconds: DAY_SECONDS,
      lookbackDays: CONVERSATIONS_DAYS,
      windowStatistic: 'sum',
    },
  };
}

/** A custom DB-size metric (anything but FreeStorageSpace) starts from scale 1, offset 0, Maximum. */
function dbSizeDefault(override: StatQueryOverride | undefined, base: StatDefault): StatDefault {
  const custom = override?.metricName !== undefined && override.metricName !== 'FreeStorageSpace';
  if (!custom) return base;
  return { ...base, dimensions: {}, requires: null, stat: 'Maximum', scale: 1, offset: 0 };
}
