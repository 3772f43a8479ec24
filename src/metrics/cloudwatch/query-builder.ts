import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { keyedBy } from '../../domain/catalog/derive.js';
import type { MetricRef, MetricSpec, RatioSpec, StatSpec } from './metric-specs.js';
import { CLOUDWATCH_METRICS, type CloudWatchMetricKey } from './supply.js';
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
  /** The query-id prefix ("errors"): inputs are `<prefix>_n0s`, `<prefix>_ds`... */
  prefix: string;
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

const QUERY_ID_PREFIX: Readonly<Record<CloudWatchMetricKey, string>> = keyedBy(
  CLOUDWATCH_METRICS.filter((m) => m.query !== 'none'),
  (m) => m.idPrefix,
);

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
  numeratorIds: readonly string[],
  denominatorId: string,
): MetricDataQuery {
  const sum = numeratorIds.map((n) => `FILL(${n}, 0)`).join(' + ');
  return {
    Id: id,
    Expression: `${scale} * ${numeratorIds.length > 1 ? `(${sum})` : sum} / ${denominatorId}`,
    ReturnData: true,
  };
}

/** Ids of a ratio's inputs: `<prefix>_n<i><suffix>` per numerator, `<prefix>_d<suffix>`. */
export function ratioInputIds(
  prefix: string,
  numerators: number,
  suffix: 's' | 'w',
): { numerators: string[]; denominator: string } {
  return {
    numerators: Array.from({ length: numerators }, (_, i) => `${prefix}_n${i}${suffix}`),
    denominator: `${prefix}_d${suffix}`,
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
  // The series inputs are returned too: when CloudWatch gives no whole-window bucket (or no
  // expression result), the ratio is computed from their sums (reduce.ts).
  const s = ratioInputIds(prefix, spec.numerators.length, 's');
  const queries = [
    ...spec.numerators.map((ref, i) => metricStat(s.numerators[i] ?? '', ref, period, 'Sum', true)),
    metricStat(s.denominator, spec.denominator, period, 'Sum', true),
    ratioExpression(`${prefix}_s`, spec.scale, s.numerators, s.denominator),
  ];
  if (spec.windowStatistic === 'window') {
    const w = ratioInputIds(prefix, spec.numerators.length, 'w');
    queries.push(
      ...spec.numerators.map((ref, i) =>
        metricStat(w.numerators[i] ?? '', ref, lookback, 'Sum', false),
      ),
      metricStat(w.denominator, spec.denominator, lookback, 'Sum', false),
      ratioExpression(`${prefix}_w`, spec.scale, w.numerators, w.denominator),
    );
  }
  return queries;
}

/** Datapoints of one query: a MetricStat's own period; an expression follows its inputs (the series period). */
function queryDatapoints(query: MetricDataQuery, plan: WindowPlan, seriesPeriod: number): number {
  return datapointsFor(plan, query.MetricStat?.Period ?? seriesPeriod);
}

function buildQueryGroup(spec: MetricSpec, plan: WindowPlan): QueryGroup {
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
    prefix,
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
