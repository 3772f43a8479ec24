import type { TableBlock } from '@slack/types';
import { BlockLimitError, SLACK_LIMITS, type Surface } from './limits.js';
import {
  type ChartDataPoint,
  cellText,
  type DataVisualizationBlock,
  MESSAGE_ONLY_BLOCKS,
  type SlackBlock,
  tableTextLength,
  type XYChart,
} from './native-types.js';

/**
 * Slack's limits on the native blocks, the chart (data visualization) and the table, for
 * validate.ts: what the builders must never produce, so that a payload Slack would refuse with
 * `invalid_blocks` fails in our tests instead (limits and sources in limits.ts).
 */

function text(what: string, value: string, max: number): void {
  if (value.length === 0) throw new BlockLimitError(`${what} is empty`);
  if (value.length > max) {
    throw new BlockLimitError(`${what} is ${value.length} characters; Slack allows ${max}`);
  }
}

function count(what: string, n: number, max: number): void {
  if (n < 1 || n > max) throw new BlockLimitError(`${what}: ${n}; Slack allows 1-${max}`);
}

function points(where: string, data: readonly ChartDataPoint[], positive: boolean): void {
  for (const [i, p] of data.entries()) {
    text(`${where} point ${i} label`, p.label, SLACK_LIMITS.chartLabel);
    if (!Number.isFinite(p.value) || (positive && !(p.value > 0))) {
      throw new BlockLimitError(`${where} point ${i} value ${p.value} is not allowed`);
    }
  }
}

function unique(what: string, values: readonly string[]): void {
  if (new Set(values).size !== values.length) throw new BlockLimitError(`${what} repeat`);
}

function xyChart(chart: XYChart, where: string): void {
  const { categories } = chart.axis_config;
  count(`${where} categories`, categories.length, SLACK_LIMITS.chartCategories);
  for (const [i, c] of categories.entries())
    text(`${where} category ${i}`, c, SLACK_LIMITS.chartLabel);
  unique(`${where} categories`, categories);
  const { x_label: x, y_label: y } = chart.axis_config;
  if (x !== undefined) text(`${where} x_label`, x, SLACK_LIMITS.chartAxisLabel);
  if (y !== undefined) text(`${where} y_label`, y, SLACK_LIMITS.chartAxisLabel);
  count(`${where} series`, chart.series.length, SLACK_LIMITS.chartSeries);
  unique(
    `${where} series names`,
    chart.series.map((s) => s.name),
  );
  for (const [i, s] of chart.series.entries()) {
    text(`${where} series ${i} name`, s.name, SLACK_LIMITS.chartLabel);
    points(`${where} series ${i}`, s.data, false);
    const labels = s.data.map((p) => p.label);
    if (labels.length !== categories.length || labels.some((l, k) => l !== categories[k])) {
      throw new BlockLimitError(`${where} series ${i}: one point per category, in their order`);
    }
  }
}

function chartBlock(block: DataVisualizationBlock, where: string): void {
  text(`${where} title`, block.title, SLACK_LIMITS.chartTitle);
  const { chart } = block;
  if (chart.type === 'pie') {
    count(`${where} segments`, chart.segments.length, SLACK_LIMITS.chartSeries);
    points(`${where}`, chart.segments, true);
    return;
  }
  xyChart(chart, where);
}

function tableBlock(block: TableBlock, where: string): void {
  count(`${where} rows`, block.rows.length, SLACK_LIMITS.tableRows);
  for (const [i, row] of block.rows.entries()) {
    count(`${where} row ${i} cells`, row.length, SLACK_LIMITS.tableCells);
    for (const [k, cell] of row.entries()) {
      if (cellText(cell).length === 0)
        throw new BlockLimitError(`${where} cell ${i},${k} is empty`);
    }
  }
  const settings = block.column_settings?.length ?? 0;
  if (settings > SLACK_LIMITS.tableColumnSettings) {
    throw new BlockLimitError(`${where}: ${settings} column settings; Slack allows 20`);
  }
  const chars = tableTextLength(block);
  if (chars > SLACK_LIMITS.tableText) {
    throw new BlockLimitError(`${where}: ${chars} characters in cells; Slack allows 10000`);
  }
}

/** The native blocks of a payload: where they may go, how many, and each one's limits. */
export function validateNativeBlocks(blocks: readonly SlackBlock[], surface: Surface): void {
  let charts = 0;
  let tables = 0;
  for (const [index, block] of blocks.entries()) {
    const where = `block ${index} (${block.type})`;
    if (MESSAGE_ONLY_BLOCKS.has(block.type) && surface !== 'message') {
      throw new BlockLimitError(`${where}: Slack shows it in messages only, not in a ${surface}`);
    }
    if (block.type === 'data_visualization') {
      charts += 1;
      chartBlock(block, where);
    } else if (block.type === 'table') {
      tables += 1;
      tableBlock(block, where);
    }
  }
  if (charts > SLACK_LIMITS.chartsPerMessage) {
    throw new BlockLimitError(
      `${charts} charts; a message allows ${SLACK_LIMITS.chartsPerMessage}`,
    );
  }
  if (tables > SLACK_LIMITS.tablesPerMessage) {
    throw new BlockLimitError(
      `${tables} tables; a message allows ${SLACK_LIMITS.tablesPerMessage}`,
    );
  }
}
