import { formatUtcDayMonth } from '../src/domain/format.js';
import type { Indicator, Review, TrendPeriod } from '../src/domain/review-types.js';
import { SLACK_LIMITS, truncate } from './limits.js';
import type { ChartSeries, DataVisualizationBlock } from './native-types.js';
import { escapeMrkdwn } from './text.js';

/**
 * The trend chart of a review: one line chart, the weeks as categories, each panel indicator as a
 * percentage of its own threshold, and the threshold itself as a flat line at 100%. Units differ
 * (%, ms, connections), so one axis in native units would flatten all but one line, and one chart
 * per unit family would need three charts where a message allows two; as a share of its
 * threshold every indicator reads the same way: the line to watch is 100%. The values themselves
 * are in the table beside it. Pure; its limits are SLACK_LIMITS.chart*.
 */

export const THRESHOLD_SERIES = 'Threshold (100%)';

/** One series is the threshold line: the indicators share the rest. */
const MAX_INDICATOR_SERIES = SLACK_LIMITS.chartSeries - 1;

export interface TrendChart {
  block: DataVisualizationBlock;
  /** The chart in words, for the mrkdwn fallback: a title line, then one line per indicator. */
  lines: string[];
  /** The one-line reading of the chart shown under it: the indicator closest to its threshold. */
  caption: string;
}

function percentOf(value: number, threshold: number): number {
  return Math.round((value / threshold) * 1000) / 10;
}

interface Charted {
  indicator: Indicator;
  /** Percent of its threshold, one per category. */
  values: number[];
}

/**
 * The indicators charted: those with a reading this period (a missing one is in the table),
 * the five closest to their thresholds when there are more, in review order.
 */
function chartedIndicators(review: Review, latest: TrendPeriod): Indicator[] {
  const percent = new Map(
    latest.readings.map((r) => [r.indicator, percentOf(r.value, r.threshold)] as const),
  );
  const withReading = review.indicators.filter((i) => percent.has(i.key));
  const keep = new Set(
    withReading
      .toSorted((a, b) => (percent.get(b.key) ?? 0) - (percent.get(a.key) ?? 0))
      .slice(0, MAX_INDICATOR_SERIES)
      .map((i) => i.key),
  );
  return withReading.filter((i) => keep.has(i.key));
}

/**
 * The periods charted: the latest run of periods, up to 20, in which every charted indicator has a
 * reading (Slack wants one point per category), oldest first.
 */
function chartedPeriods(trend: readonly TrendPeriod[], charted: readonly Indicator[]) {
  const periods: TrendPeriod[] = [];
  for (const period of trend.toReversed()) {
    const complete = charted.every((i) => period.readings.some((r) => r.indicator === i.key));
    if (!complete || periods.length === SLACK_LIMITS.chartCategories) break;
    periods.unshift(period);
  }
  return periods;
}

function valuesOf(indicator: Indicator, periods: readonly TrendPeriod[]): number[] {
  return periods.map((p) => {
    const r = p.readings.find((x) => x.indicator === indicator.key);
    return r ? percentOf(r.value, r.threshold) : 0;
  });
}

function formatPercentValue(value: number): string {
  return `${value}%`;
}

/** "16 Nov": the start of each period (unique within 20 periods of a day or more). */
function categoryOf(period: TrendPeriod): string {
  return formatUtcDayMonth(new Date(period.start));
}

function seriesOf(name: string, categories: readonly string[], values: readonly number[]) {
  return {
    name: truncate(name, SLACK_LIMITS.chartLabel),
    data: categories.map((label, i) => ({ label, value: values[i] ?? 0 })),
  } satisfies ChartSeries;
}

function captionOf(charted: readonly Charted[]): string {
  const top = charted.toSorted((a, b) => (b.values.at(-1) ?? 0) - (a.values.at(-1) ?? 0))[0];
  const closest = top
    ? ` Closest now: ${escapeMrkdwn(top.indicator.label)} at ${formatPercentValue(top.values.at(-1) ?? 0)} of its threshold.`
    : '';
  return `Each indicator as a share of its threshold; 100% is the line to watch.${closest}`;
}

/** The trend chart of a review, or null when the review kept no trend (stored before it). */
export function trendChart(review: Review): TrendChart | null {
  const trend = review.trend ?? [];
  const latest = trend.at(-1);
  if (latest === undefined) return null;
  const indicators = chartedIndicators(review, latest);
  if (indicators.length === 0) return null;
  const periods = chartedPeriods(trend, indicators);
  const categories = periods.map(categoryOf);
  const charted = indicators.map((indicator) => ({
    indicator,
    values: valuesOf(indicator, periods),
  }));
  // 7-day periods are ISO weeks ("2026-W49"); other lengths are named periods.
  const unit = /-W\d{2}$/.test(latest.key) ? 'week' : 'period';
  const span = periods.length === 1 ? `this ${unit}` : `last ${periods.length} ${unit}s`;
  const block: DataVisualizationBlock = {
    type: 'data_visualization',
    title: truncate(`Indicators vs thresholds, ${span}`, SLACK_LIMITS.chartTitle),
    chart: {
      type: 'line',
      series: [
        ...charted.map((c) => seriesOf(c.indicator.label, categories, c.values)),
        seriesOf(
          THRESHOLD_SERIES,
          categories,
          categories.map(() => 100),
        ),
      ],
      axis_config: {
        categories,
        x_label: unit === 'week' ? 'Week starting' : 'Period starting',
        y_label: '% of threshold',
      },
    },
  };
  const lines = [
    `*Indicators vs thresholds* (% of each threshold; ${categories.join(', ')})`,
    ...charted.map(
      (c) => `${escapeMrkdwn(c.indicator.label)}: ${c.values.map(formatPercentValue).join(' → ')}`,
    ),
  ];
  return { block, lines, caption: captionOf(charted) };
}
