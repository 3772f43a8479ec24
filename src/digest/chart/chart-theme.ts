/** Font family drawn by resvg; the renderer loads it from the bundled `dejavu-fonts-ttf` package. */
export const CHART_FONT_FAMILY = 'DejaVu Sans';

export const CHART_COLORS = {
  series: '#1f77b4',
  threshold: '#d62728',
  projection: '#2ca02c',
  projectionFill: '#d9f0d3',
  stageBoundary: '#9467bd',
  noDataFill: '#f2f2f2',
  noDataText: '#666666',
  background: '#ffffff',
  halo: '#ffffff',
} as const;

/**
 * Fixed sizes (px). Axis extents are fixed (min = max) so the image size does not depend on the
 * data or on which panels have data: a panel with no data reserves the same axis space.
 */
export const CHART_LAYOUT = {
  panelWidth: 300,
  panelHeight: 270,
  projectionWidth: 380,
  yAxisExtent: 48,
  xAxisExtent: 24,
  spacing: 36,
  padding: 16,
} as const;
