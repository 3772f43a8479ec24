import type { Block, KnownBlock, TableBlock } from '@slack/types';

/**
 * The data visualization block (docs.slack.dev/reference/block-kit/blocks/data-visualization-block,
 * changelog 2026-06-16), which @slack/types 3.2.0 does not know yet: a titled line, bar, area or
 * pie chart. Its limits are in limits.ts (`SLACK_LIMITS.chart*`), checked by validate-native.ts.
 */
export interface DataVisualizationBlock extends Block {
  type: 'data_visualization';
  /** Shown above the chart; at most 50 characters. */
  title: string;
  chart: XYChart | PieChart;
}

/** A point of a series: its category's label and its value. */
export interface ChartDataPoint {
  label: string;
  value: number;
}

/** One line (bar group, area) of a chart: a legend name and one point per category, in order. */
export interface ChartSeries {
  name: string;
  data: ChartDataPoint[];
}

export interface ChartAxisConfig {
  /** The x axis: 1-20 labels, each at most 20 characters. */
  categories: string[];
  x_label?: string;
  y_label?: string;
}

export interface XYChart {
  type: 'line' | 'bar' | 'area';
  series: ChartSeries[];
  axis_config: ChartAxisConfig;
}

export interface PieChart {
  type: 'pie';
  segments: ChartDataPoint[];
}

/** Every block a message may carry: @slack/types' blocks and the data visualization block. */
export type SlackBlock = KnownBlock | DataVisualizationBlock;

/** Blocks Slack renders in messages only (the Blocks reference's surfaces), the native ones. */
export const MESSAGE_ONLY_BLOCKS: ReadonlySet<string> = new Set(['table', 'data_visualization']);

/** Whether a payload carries a block that only newer Slack renders: a chart or a table. */
export function hasNativeBlocks(blocks: readonly SlackBlock[]): boolean {
  return blocks.some((b) => MESSAGE_ONLY_BLOCKS.has(b.type));
}

type TableCell = TableBlock['rows'][number][number];

/** The `text` strings anywhere in a rich text value (its text and link elements). */
function textsIn(value: unknown): string {
  if (Array.isArray(value)) return value.map(textsIn).join('');
  if (typeof value !== 'object' || value === null) return '';
  const { text, elements } = value as { text?: unknown; elements?: unknown };
  return (typeof text === 'string' ? text : '') + textsIn(elements);
}

/** A table cell's visible text (rich text: its text and link elements). */
export function cellText(cell: TableCell): string {
  return cell.type === 'rich_text' ? textsIn(cell.elements) : cell.text;
}

/** Characters across a table's cells (Slack's 10,000-character limit counts them). */
export function tableTextLength(table: TableBlock): number {
  return table.rows.reduce(
    (n, row) => n + row.reduce((m, cell) => m + cellText(cell).length, 0),
    0,
  );
}
