import type { ChartMetric } from '../../domain/catalog/catalog.js';
import type { ChartSpec, IndicatorUnit } from '../../domain/catalog/shape.js';
import { ChartRenderError } from './chart-errors.js';
import { formatAuto, tidy } from './chart-format.js';
import type { ChartSeries } from './chart-model.js';
import { CHART_COLORS, CHART_LAYOUT } from './chart-theme.js';
import { wallClockAsUtc } from './chart-time.js';
import { type ChartPanelSpec, haloLabelLayers, noDataPanel, panelTitle } from './panel-spec.js';

export interface MetricPanelInfo {
  metric: ChartMetric;
  /** "Response time P95 (ms)". */
  title: string;
  /** Written after a value: "75%", "500 ms". */
  unit: string;
  /** Percent metrics never get a y axis above 100 unless a value or the threshold is above it. */
  percent: boolean;
}

/** A charted indicator's panel: its catalog title with the indicator's unit. */
export function panelInfo(chart: ChartSpec<ChartMetric>, unit: IndicatorUnit): MetricPanelInfo {
  const percent = unit === '%';
  return {
    metric: chart.id,
    title: `${chart.title} (${unit})`,
    unit: percent ? '%' : ` ${unit}`,
    percent,
  };
}

export interface ChartPoint {
  /** Wall-clock time in the chart's zone, written as UTC. */
  t: string;
  v: number;
}

/** The series as points; values that are not finite numbers are gaps, not zeros. */
function seriesPoints(metric: ChartMetric, series: ChartSeries, zone: string): ChartPoint[] {
  if (series.timestamps.length !== series.values.length) {
    throw new ChartRenderError(
      'spec',
      `chart series ${metric} has ${series.timestamps.length} timestamps but ${series.values.length} values`,
    );
  }
  return series.timestamps.flatMap((timestamp, i) => {
    const value = series.values[i];
    if (value === undefined || !Number.isFinite(value)) return [];
    return [{ t: wallClockAsUtc(timestamp, zone, `chart series ${metric} timestamp`), v: value }];
  });
}

/** Top of the y axis: room above the threshold and the peak, capped at 100 for percents. */
function yAxisTop(peak: number, threshold: number, percent: boolean): number {
  const roomy = Math.max(threshold * 1.2, peak * 1.1);
  const top = percent ? Math.max(Math.min(roomy, 100), peak, threshold) : roomy;
  return top > 0 ? tidy(top) : 1;
}

const DAY_MS = 86_400_000;

/** Weekday and day ("Tue 25") over two days or more, else hours ("14:00"). */
function timeFormat(points: readonly ChartPoint[]): string {
  const times = points.map((p) => Date.parse(p.t));
  return Math.max(...times) - Math.min(...times) >= 2 * DAY_MS ? '%a %-d' : '%H:%M';
}

const withUnit = (value: number, unit: string): string => `${formatAuto(value)}${unit}`;

/** One small multiple: the week's line, the threshold as a dashed red rule, and its label. */
export function metricPanel(
  info: MetricPanelInfo,
  series: ChartSeries | undefined,
  threshold: number,
  zone: string,
): ChartPanelSpec {
  const limit = `threshold ${withUnit(threshold, info.unit)}`;
  const points = series === undefined ? [] : seriesPoints(info.metric, series, zone);
  const last = points[points.length - 1];
  if (last === undefined) {
    return noDataPanel(
      panelTitle(info.title, `no data this week · ${limit}`, CHART_LAYOUT.panelWidth),
      'No data this week',
      { width: CHART_LAYOUT.panelWidth, height: CHART_LAYOUT.panelHeight },
    );
  }
  const peak = Math.max(...points.map((p) => p.v));
  const y = {
    type: 'quantitative' as const,
    scale: { domain: [0, yAxisTop(peak, threshold, info.percent)], nice: true },
    axis: { title: null },
  };
  return {
    title: panelTitle(
      info.title,
      `latest ${withUnit(last.v, info.unit)} · peak ${withUnit(peak, info.unit)} · ${limit}`,
      CHART_LAYOUT.panelWidth,
    ),
    width: CHART_LAYOUT.panelWidth,
    height: CHART_LAYOUT.panelHeight,
    layer: [
      {
        data: { values: points },
        mark: {
          type: 'line',
          clip: true,
          color: CHART_COLORS.series,
          strokeWidth: 2,
          point: points.length === 1,
        },
        encoding: {
          x: {
            field: 't',
            type: 'temporal',
            scale: { type: 'utc' },
            axis: { title: null, format: timeFormat(points), labelFlush: true, labelOverlap: true },
          },
          y: { field: 'v', ...y },
        },
      },
      {
        data: { values: [{ threshold, label: withUnit(threshold, info.unit) }] },
        layer: [
          {
            mark: {
              type: 'rule',
              clip: true,
              color: CHART_COLORS.threshold,
              strokeWidth: 2,
              strokeDash: [6, 4],
            },
            encoding: { y: { field: 'threshold', ...y } },
          },
          ...haloLabelLayers(
            { color: CHART_COLORS.threshold, align: 'right', dx: -2 },
            {
              x: { value: CHART_LAYOUT.panelWidth },
              y: { field: 'threshold', ...y },
              text: { field: 'label' },
            },
          ),
        ],
      },
    ],
  };
}
