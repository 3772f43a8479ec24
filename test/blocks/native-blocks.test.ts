import { describe, expect, it } from 'vitest';
import { indicatorTable } from '../../blocks/indicator-table.js';
import { projectionChart, sampleIndexes } from '../../blocks/projection-chart.js';
import { buildScalingIndicators } from '../../blocks/scaling-indicators.js';
import { trendChart } from '../../blocks/trend-chart.js';
import { validateBlocks } from '../../blocks/validate.js';
import type { IndicatorKey } from '../../src/domain/plan/schema.js';
import type { Indicator, TrendPeriod } from '../../src/domain/review-types.js';
import { cpu, p95, review } from './fixtures.js';
import { ctx, md } from './helpers.js';

const memory: Indicator = {
  ...cpu,
  key: 'memory',
  label: 'Memory',
  value: 85,
  threshold: 80,
  status: 'over',
  delta: null,
  text: 'Memory: 85% (consider scaling at >80%)',
  note: 'partial window',
};

const DAY = 86_400_000;
const W49 = Date.parse('2025-12-01T00:00:00.000Z');

/** Period `n` weeks before 2025-W49, with these readings (value, threshold). */
function period(n: number, readings: Partial<Record<IndicatorKey, [number, number]>>): TrendPeriod {
  const start = new Date(W49 - n * 7 * DAY);
  return {
    key: `2025-W${49 - n}`,
    start: start.toISOString(),
    readings: Object.entries(readings).map(([indicator, [value, threshold]]) => ({
      indicator: indicator as IndicatorKey,
      value,
      threshold,
    })),
  };
}

const raw = (...texts: string[]) => texts.map((text) => ({ type: 'raw_text', text }));
const line = (name: string, categories: string[], values: number[]) => ({
  name,
  data: categories.map((label, i) => ({ label, value: values[i] })),
});

describe('the indicators table', () => {
  it('has a row per indicator: value, threshold, status and change, in their units', () => {
    expect(indicatorTable([cpu, memory, p95])).toEqual({
      type: 'table',
      column_settings: [
        { is_wrapped: true },
        { align: 'right' },
        { align: 'right' },
        { align: 'left' },
        { align: 'right' },
      ],
      rows: [
        raw('Indicator', 'Value', 'Threshold', 'Status', 'Change'),
        raw('Server CPU', '72%', '75%', '🟡 Approaching', '+6 pts'),
        raw('Memory', '85%', '80%', '🔴 Over', '—'),
        raw('Response time (P95)', 'no data', '500ms', '⚪ Unknown', '—'),
      ],
    });
  });
});

describe('the digest with native blocks', () => {
  const trend = [
    period(2, { cpu: [60, 75], memory: [60, 80] }),
    period(1, { cpu: [66, 75], memory: [72, 80] }),
    period(0, { cpu: [72, 75], memory: [85, 80] }),
  ];
  const weeks = ['17 Nov', '24 Nov', '1 Dec'];
  const digest = buildScalingIndicators({
    reviewId: 'rev1',
    review: review({ indicators: [cpu, memory], recommendations: [], trend }),
    weekLabel: 'Week 49, 2025',
    conversationsThisMonth: 2340,
    sourceLine: 'CloudWatch',
    decisions: {},
    projection: {
      monthlyGrowthPercent: 30,
      growthSource: 'observed',
      horizonMonths: 2,
      nextStage: { number: 3, name: 'Scaling', inMonths: 2, monthlyCost: { min: 150, max: 250 } },
      chart: {
        rows: [
          { month: 0, volume: 3000 },
          { month: 1, volume: 3900 },
          { month: 2, volume: 5070 },
        ],
        boundaries: [
          { stage: 2, atConversations: 1000 },
          { stage: 3, atConversations: 5000 },
          { stage: 4, atConversations: 20000 },
        ],
      },
    },
  });

  it('shows the table, the trend chart with its reading, and the projection chart', () => {
    expect(digest.blocks.slice(2)).toEqual([
      md('*CPU approaching its limit: upgrade the server*'),
      indicatorTable([cpu, memory]),
      ctx('Memory: _partial window_'),
      {
        type: 'data_visualization',
        title: 'Indicators vs thresholds, last 3 weeks',
        chart: {
          type: 'line',
          series: [
            line('Server CPU', weeks, [80, 88, 96]),
            line('Memory', weeks, [75, 90, 106.3]),
            line('Threshold (100%)', weeks, [100, 100, 100]),
          ],
          axis_config: {
            categories: weeks,
            x_label: 'Week starting',
            y_label: '% of threshold',
          },
        },
      },
      ctx(
        'Each indicator as a share of its threshold; 100% is the line to watch. Closest now: Memory at 106.3% of its threshold.',
      ),
      { type: 'divider' },
      md('*Recommendations*\nNo open recommendations. :tada:'),
      ctx(
        ':crystal_ball: At 30%/month, the growth observed in past reviews, Stage 3 · Scaling is reached in about 2 months ($150-250/month).',
      ),
      {
        type: 'data_visualization',
        title: 'Conversations per month, next 2 months',
        chart: {
          type: 'line',
          series: [
            line('Conversations/month', ['Now', '+1 mo', '+2 mo'], [3000, 3900, 5070]),
            line('Stage 2 from 1K', ['Now', '+1 mo', '+2 mo'], [1000, 1000, 1000]),
            line('Stage 3 from 5K', ['Now', '+1 mo', '+2 mo'], [5000, 5000, 5000]),
            line('Stage 4 from 20K', ['Now', '+1 mo', '+2 mo'], [20000, 20000, 20000]),
          ],
          axis_config: {
            categories: ['Now', '+1 mo', '+2 mo'],
            x_label: 'Months from now',
            y_label: 'Conversations per month',
          },
        },
      },
      ctx('Next review: <!date^1765184400^{date_long_pretty}|Mon 8 Dec 2025> · Review `rev1`'),
    ]);
  });

  it('says the same in mrkdwn when the native blocks are refused: the lines and the chart in words', () => {
    expect(digest.plain?.slice(2, 5)).toEqual([
      md('*CPU approaching its limit: upgrade the server*'),
      md(
        ':large_yellow_circle: Server CPU: 72% (consider scaling at &gt;75%) · +6 pts vs last review\n' +
          ':red_circle: Memory: 85% (consider scaling at &gt;80%) _(partial window)_',
      ),
      ctx(
        '*Indicators vs thresholds* (% of each threshold; 17 Nov, 24 Nov, 1 Dec)\n' +
          'Server CPU: 80% → 88% → 96%\nMemory: 75% → 90% → 106.3%',
      ),
    ]);
    expect(JSON.stringify(digest.plain)).not.toMatch(/"type":"(table|data_visualization)"/);
    expect(() => validateBlocks(digest.plain ?? [], 'message')).not.toThrow();
  });

  it('sends the mrkdwn lines alone when native blocks are off', () => {
    const model = {
      reviewId: 'rev1',
      review: review({ trend }),
      weekLabel: 'Week 49, 2025',
      conversationsThisMonth: null,
      sourceLine: 'CloudWatch',
      decisions: {},
    };
    const off = buildScalingIndicators(model, { native: false });
    expect(off).toEqual({ text: off.text, blocks: buildScalingIndicators(model).plain });
  });
});

describe('the trend chart, at the edges', () => {
  it('charts at most the 20 latest weeks, oldest first', () => {
    const trend = Array.from({ length: 25 }, (_, i) => period(24 - i, { cpu: [50 + i, 100] }));
    const chart = trendChart(review({ indicators: [cpu], trend }));
    const { chart: c } = chart?.block ?? {};
    expect(c?.type === 'line' && c.axis_config.categories).toHaveLength(20);
    expect(c?.type === 'line' && c.series[0]?.data.at(0)).toEqual({ label: '21 Jul', value: 55 });
    expect(chart?.block.title).toBe('Indicators vs thresholds, last 20 weeks');
  });

  it('stops at the first week a charted indicator has no reading: one point per category', () => {
    const trend = [
      period(3, { cpu: [50, 100], memory: [50, 100] }),
      period(2, { cpu: [60, 100] }),
      period(1, { cpu: [70, 100], memory: [70, 100] }),
      period(0, { cpu: [80, 100], memory: [90, 100] }),
    ];
    const chart = trendChart(review({ indicators: [cpu, memory], trend }));
    expect(chart?.lines).toEqual([
      '*Indicators vs thresholds* (% of each threshold; 24 Nov, 1 Dec)',
      'Server CPU: 70% → 80%',
      'Memory: 70% → 90%',
    ]);
  });

  it('leaves out an indicator without a reading this week, and keeps the five closest to their thresholds', () => {
    const keys: IndicatorKey[] = [
      'cpu',
      'memory',
      'dbConnections',
      'responseTimeP95',
      'errorRate',
      'dbStorage',
    ];
    const indicators = keys.map((key, i) => ({
      ...cpu,
      key,
      label: `${key} ${'x'.repeat(20)}`,
      value: i,
    }));
    const readings = Object.fromEntries(keys.map((k, i) => [k, [10 + i, 100]])) as Record<
      IndicatorKey,
      [number, number]
    >;
    const chart = trendChart(
      review({
        indicators: [...indicators, { ...p95, key: 'conversations' }],
        trend: [period(0, readings)],
      }),
    );
    const { chart: c } = chart?.block ?? {};
    expect(c?.type === 'line' && c.series.map((s) => s.name)).toEqual([
      'memory xxxxxxxxxxxx…',
      'dbConnections xxxxx…',
      'responseTimeP95 xxx…',
      'errorRate xxxxxxxxx…',
      'dbStorage xxxxxxxxx…',
      'Threshold (100%)',
    ]);
    expect(chart?.block.title).toBe('Indicators vs thresholds, this week');
    expect(() => validateBlocks(chart ? [chart.block] : [], 'message')).not.toThrow();
  });

  it('draws nothing for a review stored before the trend was kept', () => {
    expect(trendChart(review())).toBeNull();
  });
});

describe('the projection chart, at the edges', () => {
  it('samples a long projection down to 20 months, the first and the last kept', () => {
    expect(sampleIndexes(3, 20)).toEqual([0, 1, 2]);
    expect(sampleIndexes(37, 20)).toEqual([
      0, 2, 4, 6, 8, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 28, 30, 32, 34, 36,
    ]);
    const rows = Array.from({ length: 37 }, (_, month) => ({ month, volume: 100 * 1.1 ** month }));
    const block = projectionChart({ rows, boundaries: [] });
    const c = block?.chart;
    expect(c?.type === 'line' && c.axis_config.categories.at(-1)).toBe('+36 mo');
    expect(() => validateBlocks(block ? [block] : [], 'message')).not.toThrow();
  });

  it('draws the boundaries up to the peak and the next above it, at most five', () => {
    const boundaries = [1, 2, 3, 4, 5, 6, 7, 8].map((stage) => ({
      stage,
      atConversations: stage * 1000,
    }));
    const rows = [
      { month: 0, volume: 100 },
      { month: 1, volume: 5500 },
    ];
    const c = projectionChart({ rows, boundaries })?.chart;
    expect(c?.type === 'line' && c.series.map((s) => s.name)).toEqual([
      'Conversations/month',
      'Stage 2 from 2K',
      'Stage 3 from 3K',
      'Stage 4 from 4K',
      'Stage 5 from 5K',
      'Stage 6 from 6K',
    ]);
  });
});
