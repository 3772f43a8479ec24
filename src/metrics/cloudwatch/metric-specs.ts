import { isIndicatorMetric } from '../../domain/catalog/derive.js';
import type { MetricQuality } from '../../domain/metrics.js';
import type {
  CloudWatchConfig,
  RatioQueryOverride,
  StatQueryOverride,
  WindowStatistic,
} from '../config.js';
import type { SnapshotMetricKey } from '../port.js';
import { defaults, type StatDefault } from './metric-defaults.js';
import { CLOUDWATCH_METRICS, type CloudWatchMetricKey } from './supply.js';

/**
 * What to ask CloudWatch for each snapshot key (pure): the documented defaults merged with the
 * `queries:` overrides of scale-review.yml. A default query whose resource (ASG, DB instance,
 * load balancer, allocated storage) is not configured is not sent; the key gets a `noData` fact
 * saying what to set.
 */

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

/** value = scale × (FILL(n1, 0) + …) / denominator, all `Sum` (metric math; inputs returned too). */
export interface RatioSpec extends SpecBase {
  kind: 'ratio';
  numerators: MetricRef[];
  denominator: MetricRef;
  scale: number;
}

export type MetricSpec = StatSpec | RatioSpec;

export interface ResolvedSpecs {
  specs: MetricSpec[];
  /** Keys not queried because a resource is missing from the config. */
  notQueried: MetricQuality[];
}

export interface ResolveOptions {
  /** With several sources: only these keys are queried. */
  only?: readonly SnapshotMetricKey[];
  /** `dbAllocatedStorageGb: auto`: the size DescribeDBInstances gave (undefined: not known yet). */
  allocatedStorageGb?: number;
}

/** The ELB's own 5xx (502/503/504 an overloaded target causes) count as errors with the targets'. */
const DEFAULT_ERROR_NUMERATORS = ['HTTPCode_Target_5XX_Count', 'HTTPCode_ELB_5XX_Count'];

function toDimensions(record: Record<string, string>): Dimension[] {
  return Object.entries(record)
    .map(([Name, Value]) => ({ Name, Value }))
    .sort((a, b) => a.Name.localeCompare(b.Name));
}

function describeMetric(ref: MetricRef): string {
  const dims = ref.dimensions.map((d) => `${d.Name}=${d.Value}`).join(', ');
  return dims === ''
    ? `${ref.namespace} ${ref.metricName}`
    : `${ref.namespace} ${ref.metricName} (${dims})`;
}

function statSpec(
  key: CloudWatchMetricKey,
  base: StatDefault,
  override: StatQueryOverride | undefined,
): StatSpec | NotQueried {
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

/** A key that is not queried; it becomes a `noData` fact when it feeds an indicator. */
interface NotQueried {
  metric: CloudWatchMetricKey;
  issue: 'noData';
  detail: string;
}

function notQueried(key: CloudWatchMetricKey, fix: string): NotQueried {
  return { metric: key, issue: 'noData', detail: `not queried: ${fix}` };
}

function ratioSpec(cw: CloudWatchConfig, o: RatioQueryOverride = {}): RatioSpec | NotQueried {
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
  const names =
    o.numeratorMetricNames ??
    (o.numeratorMetricName === undefined ? DEFAULT_ERROR_NUMERATORS : [o.numeratorMetricName]);
  const numerators = names.map((metricName) => ({ namespace, metricName, dimensions: dims }));
  const denominator = {
    namespace,
    metricName: o.denominatorMetricName ?? 'RequestCount',
    dimensions: dims,
  };
  return {
    kind: 'ratio',
    key,
    numerators,
    denominator,
    scale: o.scale ?? 100,
    periodSeconds: o.periodSeconds ?? null,
    lookbackDays: cw.windowDays,
    windowStatistic: o.windowStatistic ?? 'window',
    staleAfterMinutes: o.staleAfterMinutes === undefined ? null : o.staleAfterMinutes,
    minCoverage: o.minCoverage ?? 0,
    label: `${numerators.map(describeMetric).join(' + ')} / ${denominator.metricName}`,
  };
}

/** What to ask for each metric CloudWatch supplies, in request order (supply.ts). */
export function resolveMetricSpecs(
  cw: CloudWatchConfig,
  options: ResolveOptions = {},
): ResolvedSpecs {
  const base = defaults(cw, options.allocatedStorageGb);
  const q = cw.queries;
  const all = CLOUDWATCH_METRICS.flatMap((m): (MetricSpec | NotQueried)[] => {
    if (m.query === 'stat') return [statSpec(m.key, base[m.key], q[m.key])];
    if (m.query === 'ratio') return [ratioSpec(cw, q[m.key])];
    return [];
  });
  const wanted = (key: SnapshotMetricKey) =>
    options.only === undefined || options.only.includes(key);
  const candidates = all.filter((c) => wanted('kind' in c ? c.key : c.metric));
  const specs: MetricSpec[] = [];
  const notQueried: MetricQuality[] = [];
  for (const candidate of candidates) {
    if ('kind' in candidate) specs.push(candidate);
    // A supplementary metric that is not configured is no gap in the review: no fact for it.
    else if (isIndicatorMetric(candidate.metric))
      notQueried.push({ ...candidate, metric: candidate.metric });
  }
  return { specs, notQueried };
}
