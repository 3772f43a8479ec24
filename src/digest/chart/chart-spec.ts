import type { TopLevelSpec } from 'vega-lite';
import { METRIC_CATALOG, type MetricCatalog } from '../../domain/catalog/catalog.js';
import { chartedIndicators } from '../../domain/catalog/derive.js';
import type { ChartViewModel } from './chart-model.js';
import { CHART_COLORS, CHART_FONT_FAMILY, CHART_LAYOUT } from './chart-theme.js';
import { chartZone, formatGeneratedAt } from './chart-time.js';
import { metricPanel, panelInfo } from './metric-panel.js';
import { projectionPanel } from './projection-panel.js';

/** Longest title drawn (px); a longer title is cut with an ellipsis instead of widening the image. */
const TITLE_LIMIT = 1100;

const CONFIG = {
  font: CHART_FONT_FAMILY,
  background: CHART_COLORS.background,
  view: { stroke: '#dddddd' },
  title: { fontSize: 15, subtitleFontSize: 12, subtitleColor: '#444444', anchor: 'start' },
  axis: { labelFontSize: 11, labelColor: '#333333', gridColor: '#eeeeee', tickColor: '#999999' },
  axisX: { minExtent: CHART_LAYOUT.xAxisExtent, maxExtent: CHART_LAYOUT.xAxisExtent },
  axisY: { minExtent: CHART_LAYOUT.yAxisExtent, maxExtent: CHART_LAYOUT.yAxisExtent },
  concat: { spacing: CHART_LAYOUT.spacing },
} as const;

/**
 * The digest chart as a vega-lite spec (pure: no I/O, no clock): a grid, two wide, of the week's
 * series of the catalog's charted indicators (CPU, memory, P95 and error rate), each with its
 * threshold, beside the conversations projection with the stage boundaries. Throws
 * ChartRenderError ('spec') on a malformed model.
 */
export function buildChartSpec(
  model: ChartViewModel,
  catalog: MetricCatalog = METRIC_CATALOG,
): TopLevelSpec {
  const zone = chartZone(model.timeZone);
  const metrics = chartedIndicators(catalog).map(({ spec, chart }) =>
    metricPanel(
      panelInfo(chart, spec.unit),
      model.series[chart.id],
      model.thresholds[chart.id],
      zone,
    ),
  );
  return {
    title: {
      text: model.title,
      subtitle: `${formatGeneratedAt(model.generatedAt, zone)} (${zone}) · dashed red: threshold · dashed purple: stage boundary`,
      limit: TITLE_LIMIT,
      fontSize: 20,
      subtitleFontSize: 13,
      offset: 16,
    },
    padding: CHART_LAYOUT.padding,
    config: CONFIG,
    hconcat: [{ concat: metrics, columns: 2 }, projectionPanel(model.projection)],
  } satisfies TopLevelSpec;
}
