import { ChartRenderError } from './chart-errors.js';
import { formatNumber, tidy } from './chart-format.js';
import type { ChartProjection } from './chart-model.js';
import { CHART_COLORS, CHART_LAYOUT } from './chart-theme.js';
import { type ChartPanelSpec, haloLabelLayers, noDataPanel, panelTitle } from './panel-spec.js';

const TITLE = 'Conversations / month (projected)';
/** Show point markers while months are few enough to tell apart. */
const MAX_MONTHS_WITH_POINTS = 24;

function checkedRows(projection: ChartProjection): ChartProjection['rows'] {
  for (const row of projection.rows) {
    if (!Number.isFinite(row.month) || !Number.isFinite(row.volume)) {
      throw new ChartRenderError(
        'spec',
        `chart projection row has a non-finite month or volume (month ${row.month})`,
      );
    }
  }
  return [...projection.rows].sort((a, b) => a.month - b.month);
}

/**
 * The boundaries worth drawing: every one up to the projected peak, plus the next one above it,
 * so the reader sees how far the next stage is without flattening the curve.
 */
function visibleBoundaries(
  boundaries: ChartProjection['stageBoundaries'],
  peak: number,
): ChartProjection['stageBoundaries'] {
  const sorted = [...boundaries].sort((a, b) => a.atConversations - b.atConversations);
  const next = sorted.find((b) => b.atConversations > peak);
  return sorted.filter((b) => b.atConversations <= peak || b === next);
}

/** Month-by-month projected volume, with the plan's stage boundaries as dashed purple rules. */
export function projectionPanel(projection: ChartProjection | undefined): ChartPanelSpec {
  // As tall as the 2×2 grid beside it: two plots, the gap, and the second row's title and axis.
  const height = CHART_LAYOUT.panelHeight * 2 + CHART_LAYOUT.spacing + 64;
  const rows = projection === undefined ? [] : checkedRows(projection);
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (projection === undefined || first === undefined || last === undefined) {
    return noDataPanel(
      panelTitle(TITLE, 'no projection this week', CHART_LAYOUT.projectionWidth),
      'No projection',
      { width: CHART_LAYOUT.projectionWidth, height },
    );
  }
  const peak = Math.max(...rows.map((r) => r.volume));
  const boundaries = visibleBoundaries(projection.stageBoundaries, peak).map((b) => ({
    at: b.atConversations,
    label: `Stage ${b.stage} from ${formatNumber(b.atConversations, 0)}`,
  }));
  const top = tidy(Math.max(peak, ...boundaries.map((b) => b.at)) * 1.1) || 1;
  const y = {
    type: 'quantitative' as const,
    scale: { domain: [0, top], nice: true },
    axis: { title: null, format: '~s' },
  };
  const months = last.month - first.month;
  return {
    title: panelTitle(
      TITLE,
      `${formatNumber(first.volume, 0)} now → ${formatNumber(last.volume, 0)} in ${months} ${months === 1 ? 'month' : 'months'}`,
      CHART_LAYOUT.projectionWidth,
    ),
    width: CHART_LAYOUT.projectionWidth,
    height,
    layer: [
      {
        data: { values: rows },
        mark: {
          type: 'area',
          clip: true,
          color: CHART_COLORS.projectionFill,
          line: { color: CHART_COLORS.projection, strokeWidth: 2 },
          point: rows.length <= MAX_MONTHS_WITH_POINTS ? { color: CHART_COLORS.projection } : false,
        },
        encoding: {
          x: {
            field: 'month',
            type: 'quantitative',
            scale: { domain: [first.month, last.month], nice: false },
            axis: {
              title: null,
              tickMinStep: 1,
              format: 'd',
              labelExpr: "datum.value === 0 ? 'now' : '+' + datum.label + ' mo'",
              labelFlush: true,
            },
          },
          y: { field: 'volume', ...y },
        },
      },
      {
        data: { values: boundaries },
        layer: [
          {
            mark: {
              type: 'rule',
              clip: true,
              color: CHART_COLORS.stageBoundary,
              strokeWidth: 2,
              strokeDash: [6, 4],
            },
            encoding: { y: { field: 'at', ...y } },
          },
          ...haloLabelLayers(
            { color: CHART_COLORS.stageBoundary, align: 'left', dx: 4 },
            { x: { value: 0 }, y: { field: 'at', ...y }, text: { field: 'label' } },
          ),
        ],
      },
    ],
  };
}
