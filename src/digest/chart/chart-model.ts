import {
  type ChartMetric,
  METRIC_CATALOG,
  type MetricCatalog,
} from '../../domain/catalog/catalog.js';
import { chartedIndicators, keyedBy } from '../../domain/catalog/derive.js';
import type { Plan } from '../../domain/plan/schema.js';
import type { Projection } from '../../domain/projection-types.js';
import type { MetricsResult } from '../../metrics/port.js';

/** One time series: ISO timestamps and the values at those times (same length). */
export interface ChartSeries {
  timestamps: string[];
  values: number[];
}

export interface ChartProjection {
  /** Month 0 is now; volume in conversations per month. */
  rows: { month: number; volume: number }[];
  /** Conversations per month at which a stage starts (stage 2 starts at stage 1's max, ...). */
  stageBoundaries: { stage: number; atConversations: number }[];
}

/** Everything the digest chart draws, as plain data. */
export interface ChartViewModel {
  title: string;
  /** ISO date-time of the review; shown in the subtitle. */
  generatedAt: string;
  /** IANA zone for the time axes and the subtitle (the channel's zone); default UTC. */
  timeZone?: string;
  /** A missing metric is drawn as an explicit "no data" panel. */
  series: Partial<Record<ChartMetric, ChartSeries>>;
  /** The value above which each indicator is `over` (the plan's `over` threshold). */
  thresholds: Record<ChartMetric, number>;
  /** Missing: the projection panel says "no projection". */
  projection?: ChartProjection;
}

export interface ChartModelInput {
  title: string;
  generatedAt: string;
  timeZone?: string;
  series: MetricsResult['series'];
  plan: Plan;
  projection?: Projection;
  /** Which indicators are charted (default: the metric catalog's). */
  catalog?: MetricCatalog;
}

/** Stage boundaries of the plan: stage N (N >= 2) starts above stage N-1's maximum volume. */
export function stageBoundaries(plan: Plan): ChartProjection['stageBoundaries'] {
  return plan.stages.slice(1).map((stage) => ({
    stage: stage.number,
    atConversations: stage.conversationsPerMonth.min,
  }));
}

/**
 * Builds the chart's view model from a metrics result, the plan and the review's projection: each
 * charted indicator's series (its value metric) and the plan's `over` threshold.
 */
export function toChartViewModel(input: ChartModelInput): ChartViewModel {
  const { series, plan } = input;
  const charted = chartedIndicators(input.catalog ?? METRIC_CATALOG).map(({ spec, chart }) => ({
    key: chart.id,
    series: series[spec.value.key],
    threshold: plan.thresholds[spec.key].over,
  }));
  const model: ChartViewModel = {
    title: input.title,
    generatedAt: input.generatedAt,
    series: keyedBy(
      charted.filter((c) => c.series !== undefined),
      (c) => c.series,
    ) satisfies ChartViewModel['series'],
    thresholds: keyedBy(charted, (c) => c.threshold),
  };
  if (input.timeZone !== undefined) model.timeZone = input.timeZone;
  if (input.projection !== undefined) {
    model.projection = {
      rows: input.projection.rows.map((row) => ({ month: row.month, volume: row.volume })),
      stageBoundaries: stageBoundaries(plan),
    };
  }
  return model;
}
