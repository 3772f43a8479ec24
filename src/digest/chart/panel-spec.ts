import type { TopLevelSpec } from 'vega-lite';
import { CHART_COLORS, CHART_LAYOUT } from './chart-theme.js';

/** A vega-lite view that can sit in a concat (unit, layer or concat spec). */
export type ChartPanelSpec = Extract<TopLevelSpec, { hconcat: unknown }>['hconcat'][number];

export interface PanelTitle {
  text: string;
  subtitle: string;
  /** Cut with an ellipsis rather than widening the grid cell. */
  limit: number;
}

/** A view inside a layer. */
export type ChartLayerSpec = Extract<ChartPanelSpec, { layer: unknown }>['layer'][number];

type TextEncoding = NonNullable<Extract<ChartLayerSpec, { mark: unknown }>['encoding']>;

export interface LabelMark {
  color: string;
  align: 'left' | 'right';
  dx: number;
}

/**
 * A bold 11px label just above a rule, drawn twice: a white halo first, then the text, so it
 * stays readable where it crosses a line.
 */
export function haloLabelLayers(label: LabelMark, encoding: TextEncoding): ChartLayerSpec[] {
  const mark = {
    type: 'text',
    align: label.align,
    baseline: 'bottom',
    dx: label.dx,
    dy: -3,
    fontSize: 11,
    fontWeight: 'bold',
  } as const;
  return [
    {
      mark: {
        ...mark,
        color: CHART_COLORS.halo,
        stroke: CHART_COLORS.halo,
        strokeWidth: 3,
        strokeJoin: 'round',
      },
      encoding,
    },
    { mark: { ...mark, color: label.color }, encoding },
  ];
}

/** A panel's title: the metric and a one-line summary under it, no wider than the panel. */
export function panelTitle(text: string, subtitle: string, width: number): PanelTitle {
  return { text, subtitle, limit: width + CHART_LAYOUT.yAxisExtent };
}

/**
 * An axis that shows nothing. Its labels are drawn fully transparent rather than left out, so they
 * take the same room as a data panel's labels and the panel titles line up.
 */
const HIDDEN_AXIS = {
  title: null,
  labelOpacity: 0,
  ticks: false,
  domain: false,
  grid: false,
} as const;

/**
 * An explicit "no data" panel: a grey box with a message, never a flat zero line. Its hidden axes
 * keep the panel the same size as a panel with data.
 */
export function noDataPanel(
  title: PanelTitle,
  message: string,
  size: { width: number; height: number },
): ChartPanelSpec {
  const position = { type: 'quantitative' as const, scale: { domain: [0, 1] }, axis: HIDDEN_AXIS };
  return {
    title,
    width: size.width,
    height: size.height,
    data: { values: [{ x: 0, y: 0, x2: 1, y2: 1, cx: 0.5, cy: 0.5 }] },
    layer: [
      {
        mark: { type: 'rect', color: CHART_COLORS.noDataFill },
        encoding: {
          x: { field: 'x', ...position },
          x2: { field: 'x2' },
          y: { field: 'y', ...position },
          y2: { field: 'y2' },
        },
      },
      {
        mark: { type: 'text', text: message, fontSize: 16, color: CHART_COLORS.noDataText },
        encoding: { x: { field: 'cx', ...position }, y: { field: 'cy', ...position } },
      },
    ],
  };
}
