import type { MetricKey, MetricQuality } from '../../domain/metrics.js';
import type {
  CloudWatchConfig,
  RatioQueryOverride,
  StatQueryOverride,
  WindowStatistic,
} from '../config.js';
import { CONVERSATIONS_DAYS, DAY_SECONDS } from './window.js';

/**
 * What to ask CloudWatch for each snapshot key (pure): the documented defaults merged with the
 * `queries:` overrides of scale-review.yml. A default query whose resource (ASG, DB instance,
 * load balancer, allocated storage) is not configured is not sent; the key gets a `noData` fact
 * saying what to set.
 */

export type CloudWatchMetricKey = Exclude<MetricKey, 'dbMaxConnections'>;

export interface Dimension {
  Name: string;
  Value: string;
}

export interface MetricRef {
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
}

interface SpecBase {
  key: CloudWatchMetricKey;
  /** Series period; null means the window plan's period. */
  periodSeconds: number | null;
  /** The window the statistic covers: the review window, or 30 days for conversations. */
  lookbackDays: number;
  windowStatistic: WindowStatistic;
  staleAfterMinutes: number | null;
  minCoverage: number;
  /** Human name of the source for quality details ("AWS/EC2 CPUUtilization (AutoScalingGroupName=web)"). */
  label: string;
}

/** value = offset + scale × (CloudWatch statistic). */
export interface StatSpec extends SpecBase {
  kind: 'stat';
  metric: MetricRef;
  stat: string;
  scale: number;
  offset: number;
}

/** value = scale × FILL(numerator, 0) / denominator, both `Sum` (metric math, inputs not returned). */
export interface RatioSpec extends SpecBase {
  kind: 'ratio';
  numerator: MetricRef;
  denominator: MetricRef;
  scale: number;
}

export type MetricSpec = StatSpec | RatioSpec;

export interface ResolvedSpecs {
  specs: MetricSpec[];
  /** Keys not queried because a resource is missing from the config. */
  notQueried: MetricQuality[];
}

const BYTES_PER_MB = 1_048_576;

function toDimensions(record: Record<string, string>): Dimension[] {
  return Object.entries(record)
    .map(([Name, Value]) => ({ Name, Value }))
    .sort((a, b) => a.Name.localeCompare(b.Name));
}

export function describeMetric(ref: MetricRef): string {
  const dims = ref.dimensions.map((d) => `${d.Name}=${d.Value}`).join(', ');
  return dims === ''
    ? `${ref.namespace} ${ref.metricName}`
    : `${ref.namespace} ${ref.metricName} (${dims})`;
}

interface StatDefault {
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

function statSpec(
  key: CloudWatchMetricKey,
  base: StatDefault,
  override: StatQueryOverride | undefined,
): StatSpec | MetricQuality {
  const o = override ?? {};
  const dimensions = o.dimensions ?? base.dimensions;
  if (typeof dimensions === 'string') {
    return notQueried(
      key,
      `set metrics.cloudwatch.dimensions.${dimensions} (or metrics.cloudwatch.queries.${key}.dimensions)`,
    );
  }
  if (base.requires !== null) {
    return notQueried(key, `set metrics.cloudwatch.dimensions.${base.requires}`);
  }
  const metric = {
    namespace: o.namespace ?? base.namespace,
    metricName: o.metricName ?? base.metricName,
    dimensions: toDimensions(dimensions),
  };
  return {
    kind: 'stat',
    key,
    metric,
    stat: o.stat ?? base.stat,
    scale: o.scale ?? base.scale,
    offset: o.offset ?? base.offset,
    periodSeconds: o.periodSeconds ?? base.periodSeconds,
    lookbackDays: base.lookbackDays,
    windowStatistic: o.windowStatistic ?? base.windowStatistic,
    staleAfterMinutes:
      o.staleAfterMinutes === undefined ? base.staleAfterMinutes : o.staleAfterMinutes,
    minCoverage: o.minCoverage ?? base.minCoverage,
    label: describeMetric(metric),
  };
}

function notQueried(key: CloudWatchMetricKey, fix: string): MetricQuality {
  return { metric: key, issue: 'noData', detail: `not queried: ${fix}` };
}

/** `{ Name: value }`, or the config key to set when `value` is missing. */
function dimension(
  name: string,
  configKey: string,
  value: string | undefined,
): Record<string, string> | string {
  return value === undefined ? configKey : { [name]: value };
}

function ratioSpec(cw: CloudWatchConfig, o: RatioQueryOverride = {}): RatioSpec | MetricQuality {
  const key = 'errorRatePercent';
  let dimensions = o.dimensions;
  if (dimensions === undefined) {
    const lb = cw.dimensions.loadBalancer;
    if (lb === undefined) {
      return notQueried(
        key,
        `set metrics.cloudwatch.dimensions.loadBalancer (or metrics.cloudwatch.queries.${key}.dimensions)`,
      );
    }
    dimensions = { LoadBalancer: lb };
  }
  const namespace = o.namespace ?? 'AWS/ApplicationELB';
  const dims = toDimensions(dimensions);
  const numerator = {
    namespace,
    metricName: o.numeratorMetricName ?? 'HTTPCode_Target_5XX_Count',
    dimensions: dims,
  };
  const denominator = {
    namespace,
    metricName: o.denominatorMetricName ?? 'RequestCount',
    dimensions: dims,
  };
  return {
    kind: 'ratio',
    key,
    numerator,
    denominator,
    scale: o.scale ?? 100,
    periodSeconds: o.periodSeconds ?? null,
    lookbackDays: cw.windowDays,
    windowStatistic: o.windowStatistic ?? 'window',
    staleAfterMinutes: o.staleAfterMinutes === undefined ? null : o.staleAfterMinutes,
    minCoverage: o.minCoverage ?? 0,
    label: `${describeMetric(numerator)} / ${denominator.metricName}`,
  };
}

function defaults(
  cw: CloudWatchConfig,
): Record<Exclude<CloudWatchMetricKey, 'errorRatePercent'>, StatDefault> {
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
  const allocatedMb =
    d.dbAllocatedStorageGb === undefined ? undefined : d.dbAllocatedStorageGb * 1024;
  return {
    cpuPercent: {
      ...host,
      namespace: 'AWS/EC2',
      metricName: 'CPUUtilization',
      dimensions: dimension('AutoScalingGroupName', 'autoScalingGroupName', d.autoScalingGroupName),
      stat: 'Average',
      windowStatistic: 'p90',
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
    dbSizeMb: {
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
    },
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
function dbSizeDefault(base: StatDefault, override: StatQueryOverride | undefined): StatDefault {
  const custom = override?.metricName !== undefined && override.metricName !== 'FreeStorageSpace';
  if (!custom) return base;
  return { ...base, dimensions: {}, requires: null, stat: 'Maximum', scale: 1, offset: 0 };
}

export function resolveMetricSpecs(cw: CloudWatchConfig): ResolvedSpecs {
  const base = defaults(cw);
  const q = cw.queries;
  const candidates: (MetricSpec | MetricQuality)[] = [
    statSpec('cpuPercent', base.cpuPercent, q.cpuPercent),
    statSpec('memoryPercent', base.memoryPercent, q.memoryPercent),
    statSpec('dbConnections', base.dbConnections, q.dbConnections),
    statSpec('responseTimeP95Ms', base.responseTimeP95Ms, q.responseTimeP95Ms),
    ratioSpec(cw, q.errorRatePercent),
    statSpec('dbSizeMb', dbSizeDefault(base.dbSizeMb, q.dbSizeMb), q.dbSizeMb),
    statSpec('conversationsPerMonth', base.conversationsPerMonth, q.conversationsPerMonth),
  ];
  const specs: MetricSpec[] = [];
  const notQueried: MetricQuality[] = [];
  for (const candidate of candidates) {
    if ('kind' in candidate) specs.push(candidate);
    else notQueried.push(candidate);
  }
  return { specs, notQueried };
}
