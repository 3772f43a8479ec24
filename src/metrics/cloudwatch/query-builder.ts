import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type {
  CloudWatchMetricKey,
  MetricRef,
  MetricSpec,
  RatioSpec,
  StatSpec,
} from './metric-specs.js';
import { ceilToMultiple, DAY_SECONDS, datapointsFor, type WindowPlan } from './window.js';

/**
 * GetMetricData queries per snapshot key (pure). Each key is a group that must travel in one
 * call, because metric-math expressions may only reference queries of the same request.
 *
 * - `<id>_s`: the series (one datapoint per period over the fetched window), returned.
 * - `<id>_w`: with windowStatistic 'window', the same statistic with Period = the indicator
 *   window, so the last bucket is CloudWatch's own value over exactly that window (a true p95,
 *   or the error ratio of the window's sums).
 * - Error rate: inputs `<id>_ns`/`<id>_ds` (and `_nw`/`_dw`) carry ReturnData:false; only the
 *   expression `100 * FILL(numerator, 0) / denominator` is returned. FILL makes a period with
 *   requests but no 5xx a 0% period, while a period without requests stays a gap.
 */

export interface QueryGroup {
  key: CloudWatchMetricKey;
  spec: MetricSpec;
  seriesId: string;
  windowId: string | null;
  /** Effective series period (a multiple of the retention minimum). */
  periodSeconds: number;
  lookbackSeconds: number;
  queries: MetricDataQuery[];
  /** Upper bound of datapoints these queries return over the fetched window. */
  datapoints: number;
  /** MetricStat queries (GetMetricData is billed per metric requested). */
  metrics: number;
}

const QUERY_ID_PREFIX: Record<CloudWatchMetricKey, string> = {
  cpuPercent: 'cpu',
  memoryPercent: 'mem',
  dbConnections: 'dbconn',
  responseTimeP95Ms: 'latency',
  errorRatePercent: 'errors',
  dbSizeMb: 'dbsize',
  conversationsPerMonth: 'conv',
};

function metricStat(
  id: string,
  ref: MetricRef,
  period: number,
  stat: string,
  returnData: boolean,
): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: ref.namespace,
        MetricName: ref.metricName,
        Dimensions: ref.dimensions.map((d) => ({ Name: d.Name, Value: d.Value })),
      },
      Period: period,
      Stat: stat,
    },
    ReturnData: returnData,
  };
}

function ratioExpression(
  id: string,
  scale: number,
  numeratorId: string,
  denominatorId: string,
): MetricDataQuery {
  return {
    Id: id,
    Expression: `${scale} * FILL(${numeratorId}, 0) / ${denominatorId}`,
    ReturnData: true,
  };
}

function statQueries(
  spec: StatSpec,
  prefix: string,
  period: number,
  lookback: number,
): MetricDataQuery[] {
  const queries = [metricStat(`${prefix}_s`, spec.metric, period, spec.stat, true)];
  if (spec.windowStatistic === 'window') {
    queries.push(metricStat(`${prefix}_w`, spec.metric, lookback, spec.stat, true));
  }
  return queries;
}

function ratioQueries(
  spec: RatioSpec,
  prefix: string,
  period: number,
  lookback: number,
): MetricDataQuery[] {
  const queries = [
    metricStat(`${prefix}_ns`, spec.numerator, period, 'Sum', false),
    metricStat(`${prefix}_ds`, spec.denominator, period, 'Sum', false),
    ratioExpression(`${prefix}_s`, spec.scale, `${prefix}_ns`, `${prefix}_ds`),
  ];
  if (spec.windowStatistic === 'window') {
    queries.push(
      metricStat(`${prefix}_nw`, spec.numerator, lookback, 'Sum', false),
      metricStat(`${prefix}_dw`, spec.denominator, lookback, 'Sum', false),
      ratioExpression(`${prefix}_w`, spec.scale, `${prefix}_nw`, `${prefix}_dw`),
    );
  }
  return queries;
}

/** Datapoints of one query: a MetricStat's own period; an expression follows its inputs (the series period). */
function queryDatapoints(query: MetricDataQuery, plan: WindowPlan, seriesPeriod: number): number {
  return datapointsFor(plan, query.MetricStat?.Period ?? seriesPeriod);
}

export function buildQueryGroup(spec: MetricSpec, plan: WindowPlan): QueryGroup {
  const prefix = QUERY_ID_PREFIX[spec.key];
  const wanted = spec.periodSeconds ?? plan.periodSeconds;
  const periodSeconds = ceilToMultiple(
    Math.max(wanted, plan.minPeriodSeconds),
    plan.minPeriodSeconds,
  );
  const lookbackSeconds = spec.lookbackDays * DAY_SECONDS;
  const queries =
    spec.kind === 'stat'
      ? statQueries(spec, prefix, periodSeconds, lookbackSeconds)
      : ratioQueries(spec, prefix, periodSeconds, lookbackSeconds);
  return {
    key: spec.key,
    spec,
    seriesId: `${prefix}_s`,
    windowId: spec.windowStatistic === 'window' ? `${prefix}_w` : null,
    periodSeconds,
    lookbackSeconds,
    queries,
    datapoints: queries.reduce((sum, q) => sum + queryDatapoints(q, plan, periodSeconds), 0),
    metrics: queries.filter((q) => q.MetricStat !== undefined).length,
  };
}

export function buildQueryGroups(specs: readonly MetricSpec[], plan: WindowPlan): QueryGroup[] {
  return specs.map((spec) => buildQueryGroup(spec, plan));
}
