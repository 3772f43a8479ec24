import type { TableBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { BlockLimitError, SLACK_LIMITS } from '../../blocks/limits.js';
import type { DataVisualizationBlock, SlackBlock } from '../../blocks/native-types.js';
import { validateBlocks } from '../../blocks/validate.js';

/** Each documented limit of the chart and the table, at the edge and one past it. */

const labels = (n: number, width = 3) =>
  Array.from({ length: n }, (_, i) => `c${String(i).padStart(width - 1, '0')}`);

function chart(
  options: { categories?: string[]; series?: number; name?: string; title?: string } = {},
): DataVisualizationBlock {
  const categories = options.categories ?? ['a', 'b'];
  return {
    type: 'data_visualization',
    title: options.title ?? 'Trend',
    chart: {
      type: 'line',
      series: Array.from({ length: options.series ?? 1 }, (_, i) => ({
        name: i === 0 && options.name !== undefined ? options.name : `s${i}`,
        data: categories.map((label, k) => ({ label, value: k })),
      })),
      axis_config: { categories },
    },
  };
}

function table(rows: number, cells: number, text = 'x'): TableBlock {
  return {
    type: 'table',
    rows: Array.from({ length: rows }, () =>
      Array.from({ length: cells }, () => ({ type: 'raw_text' as const, text })),
    ),
  };
}

const ok = (...blocks: SlackBlock[]) =>
  expect(() => validateBlocks(blocks, 'message')).not.toThrow();
const refused = (message: string, ...blocks: SlackBlock[]) =>
  expect(() => validateBlocks(blocks, 'message')).toThrow(message);

describe('the data visualization block, at its limits', () => {
  it('takes a title of 50 characters, not 51, and not an empty one', () => {
    ok(chart({ title: 't'.repeat(SLACK_LIMITS.chartTitle) }));
    refused('title is 51 characters; Slack allows 50', chart({ title: 't'.repeat(51) }));
    refused('title is empty', chart({ title: '' }));
  });

  it('takes 1 to 20 categories, each label up to 20 characters', () => {
    ok(chart({ categories: labels(1) }));
    ok(chart({ categories: labels(SLACK_LIMITS.chartCategories) }));
    refused('categories: 21; Slack allows 1-20', chart({ categories: labels(21) }));
    refused('categories: 0; Slack allows 1-20', chart({ categories: [] }));
    ok(chart({ categories: ['x'.repeat(SLACK_LIMITS.chartLabel)] }));
    refused(
      'category 0 is 21 characters; Slack allows 20',
      chart({ categories: ['x'.repeat(21)] }),
    );
    refused('categories repeat', chart({ categories: ['a', 'a'] }));
  });

  it('takes 1 to 6 series (the stricter copy of the reference), named up to 20 characters', () => {
    ok(chart({ series: SLACK_LIMITS.chartSeries }));
    refused('series: 7; Slack allows 1-6', chart({ series: 7 }));
    refused('series: 0; Slack allows 1-6', chart({ series: 0 }));
    ok(chart({ name: 'n'.repeat(20) }));
    refused('series 0 name is 21 characters; Slack allows 20', chart({ name: 'n'.repeat(21) }));
  });

  it('wants one point per category, in their order, with finite values', () => {
    const missing = chart();
    if (missing.chart.type !== 'pie') missing.chart.series[0]?.data.pop();
    refused('one point per category, in their order', missing);
    const swapped = chart();
    if (swapped.chart.type !== 'pie') swapped.chart.series[0]?.data.reverse();
    refused('one point per category, in their order', swapped);
    const nan = chart();
    if (nan.chart.type !== 'pie')
      nan.chart.series[0]?.data.splice(0, 1, { label: 'a', value: NaN });
    refused('point 0 value NaN is not allowed', nan);
  });

  it('takes axis titles of 50 characters, not 51', () => {
    const titled = (x: string): DataVisualizationBlock => {
      const c = chart();
      return c.chart.type === 'pie'
        ? c
        : { ...c, chart: { ...c.chart, axis_config: { ...c.chart.axis_config, x_label: x } } };
    };
    ok(titled('x'.repeat(SLACK_LIMITS.chartAxisLabel)));
    refused('x_label is 51 characters; Slack allows 50', titled('x'.repeat(51)));
  });

  it('takes pie segments with labels up to 20 characters and values above 0', () => {
    const pie = (value: number, n = 1): DataVisualizationBlock => ({
      type: 'data_visualization',
      title: 'Share',
      chart: {
        type: 'pie',
        segments: Array.from({ length: n }, (_, i) => ({ label: `s${i}`, value })),
      },
    });
    ok(pie(1, 6));
    refused('segments: 7; Slack allows 1-6', pie(1, 7));
    refused('point 0 value 0 is not allowed', pie(0));
  });

  it('allows 2 charts in a message, not 3', () => {
    ok(chart(), chart());
    refused('3 charts; a message allows 2', chart(), chart(), chart());
  });

  it('is refused outside messages (the App Home)', () => {
    expect(() => validateBlocks([chart()], 'home')).toThrow(
      'Slack shows it in messages only, not in a home',
    );
  });
});

describe('the table block, at its limits', () => {
  it('takes 1 to 100 rows of 1 to 20 cells', () => {
    ok(table(SLACK_LIMITS.tableRows, 1));
    refused('rows: 101; Slack allows 1-100', table(101, 1));
    refused('rows: 0; Slack allows 1-100', table(0, 1));
    ok(table(1, SLACK_LIMITS.tableCells));
    refused('row 0 cells: 21; Slack allows 1-20', table(1, 21));
  });

  it('takes 10,000 characters across its cells, not 10,001, and no empty cell', () => {
    ok(table(100, 1, 'x'.repeat(100)));
    const over = table(100, 1, 'x'.repeat(100));
    over.rows[0]?.splice(0, 1, { type: 'raw_text', text: 'x'.repeat(101) });
    refused('10001 characters in cells; Slack allows 10000', over);
    refused('cell 0,0 is empty', table(1, 1, ''));
  });

  it('takes 20 column settings, not 21', () => {
    ok({ ...table(1, 1), column_settings: Array.from({ length: 20 }, () => ({})) });
    refused('21 column settings; Slack allows 20', {
      ...table(1, 1),
      column_settings: Array.from({ length: 21 }, () => ({})),
    });
  });

  it('allows one table in a message, not two, and none in the App Home', () => {
    refused('2 tables; a message allows 1', table(1, 1), table(1, 1));
    expect(() => validateBlocks([table(1, 1)], 'home')).toThrow(BlockLimitError);
  });

  it('counts its cells in the message text budget', () => {
    const cells = table(100, 1, 'x'.repeat(100));
    const long = {
      type: 'section' as const,
      text: { type: 'mrkdwn' as const, text: 'y'.repeat(2001) },
    };
    ok(cells, { type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(2000) } });
    refused('12001 characters of text; the message budget is 12000', cells, long);
  });
});
