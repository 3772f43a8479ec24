import { describe, expect, it } from 'vitest';
import { forecastLines } from '../../blocks/forecasts.js';
import { recommendationBlocks } from '../../blocks/recommendations.js';
import { buildScalingIndicators } from '../../blocks/scaling-indicators.js';
import { DEFAULT_PLAN } from '../../src/domain/plan/default-plan.js';
import { review as reviewOf } from '../../src/domain/review.js';
import type { Forecast, Recommendation } from '../../src/domain/review-types.js';
import { SEED_PANEL } from '../support/seed-panel.js';
import { cpu, review } from './fixtures.js';
import { contextTexts, md, sectionTexts } from './helpers.js';

const addServer: Recommendation = {
  key: 'horizontal-scaling',
  severity: 'critical',
  basis: 'evidence',
  indicator: 'cpu',
  action: 'horizontal-scaling',
  text: 'Add 1 server (2 → 3)',
  impact: 'Server CPU 93% on 2 servers is about 62% on 3',
  monthlyCostChange: { min: 30, max: 60 },
  costNote: '$30-60 per additional server; configured',
  reasons: [
    {
      indicator: 'cpu',
      trigger: null,
      level: 'critical',
      confirmation: null,
      text: 'Server CPU 93% is over its critical 90%',
    },
    {
      indicator: 'responseTimeP95',
      trigger: null,
      level: 'critical',
      confirmation: null,
      text: 'Response Time P95 1,200ms is over its critical 1,000ms',
    },
  ],
  alternatives: ['Use spot instances for non-critical workloads'],
};

function forecast(overrides: Partial<Forecast>): Forecast {
  return {
    indicator: 'cpu',
    status: 'insufficient',
    method: 'theil-sen',
    observations: 1,
    spanWeeks: 0,
    rate: null,
    intervalPercent: 80,
    crossings: [],
    text: 'Server CPU: not enough history for a forecast (1 of 3 observations)',
    ...overrides,
  };
}

describe('advice in blocks', () => {
  it('shows one action with every reason, its cost and what else would answer it', () => {
    const [section] = recommendationBlocks('rev1', addServer, undefined);
    expect(section).toEqual(
      md(
        ':fire: *Add 1 server (2 → 3)*\n' +
          'Why: Server CPU 93% is over its critical 90% · Response Time P95 1,200ms is over its critical 1,000ms\n' +
          'Expected impact: Server CPU 93% on 2 servers is about 62% on 3 · Cost: +$30-60/month ($30-60 per additional server; configured)\n' +
          'Also consider: Use spot instances for non-critical workloads',
      ),
    );
  });

  it('lists dated forecasts and sums up the rest on one line', () => {
    const lines = forecastLines(
      [
        forecast({
          status: 'rising',
          text: 'Server CPU crosses 75% in about 1 week (around 10 Dec): +4 pts a week over the last 3 weeks',
        }),
        forecast({ indicator: 'memory', status: 'flat', text: 'Memory: flat' }),
        forecast({ indicator: 'responseTimeP95', status: 'insufficient' }),
        forecast({ indicator: 'errorRate', status: 'flat', text: 'Error Rate: flat' }),
      ],
      [
        cpu,
        { ...cpu, key: 'memory', label: 'Memory' },
        { ...cpu, key: 'errorRate', label: 'Error Rate' },
      ],
    );
    expect(lines).toEqual([
      ':chart_with_upwards_trend: Server CPU crosses 75% in about 1 week (around 10 Dec): +4 pts a week over the last 3 weeks',
      ':chart_with_upwards_trend: No forecast date: Memory, Error Rate (flat); responseTimeP95 (not enough history yet)',
    ]);
  });

  it('says when forecasts start, in one line, when no indicator has history enough', () => {
    // Arrange: a first review: every indicator has one observation of the three a trend needs
    const young = ['cpu', 'memory', 'errorRate'].map((indicator) =>
      forecast({ indicator: indicator as Forecast['indicator'], observations: 1 }),
    );
    // Act
    const first = forecastLines(young, [cpu], 3);
    const second = forecastLines(
      young.map((f) => ({ ...f, observations: 2 })),
      [cpu],
      3,
    );
    const unknown = forecastLines(young, [cpu]);
    // Assert
    expect(first).toEqual([
      ':chart_with_upwards_trend: Forecasts start after 3 weekly reviews (this is the first).',
    ]);
    expect(second).toEqual([
      ':chart_with_upwards_trend: Forecasts start after 3 weekly reviews (2 so far).',
    ]);
    expect(unknown).toEqual([
      ':chart_with_upwards_trend: Forecasts start after a few weekly reviews (this is the first).',
    ]);
  });

  it('gives a level shift its own line, and sums up a stored "too noisy" with the undated', () => {
    const lines = forecastLines(
      [
        forecast({
          status: 'shift',
          text: 'Server CPU: level shift in week 48 (+15 pts); no trend since',
        }),
        forecast({ indicator: 'memory', status: 'noisy', text: 'Memory: too noisy' }),
      ],
      [cpu, { ...cpu, key: 'memory', label: 'Memory' }],
    );
    expect(lines).toEqual([
      ':chart_with_upwards_trend: Server CPU: level shift in week 48 (+15 pts); no trend since',
      ':chart_with_upwards_trend: No forecast date: Memory (too noisy for a trend)',
    ]);
  });

  it('puts the forecasts under the indicators of the message', () => {
    const out = buildScalingIndicators({
      reviewId: 'rev1',
      review: review({
        forecasts: [
          forecast({
            status: 'rising',
            text: 'Server CPU crosses 75% in about 1 week (around 10 Dec)',
          }),
        ],
      }),
      weekLabel: 'Week 49, 2025',
      conversationsThisMonth: 2340,
      sourceLine: 'CloudWatch',
      decisions: {},
    });
    const texts = sectionTexts(out.plain ?? []);
    const indicators = texts.findIndex((t) => t.startsWith(':large_yellow_circle: Server CPU'));
    expect(texts[indicators + 1]).toBe(
      ':chart_with_upwards_trend: Server CPU crosses 75% in about 1 week (around 10 Dec)',
    );
    const table = out.blocks.findIndex((b) => b.type === 'table');
    expect(out.blocks.slice(table + 1).find((b) => b.type === 'section')).toEqual(
      md(':chart_with_upwards_trend: Server CPU crosses 75% in about 1 week (around 10 Dec)'),
    );
  });

  it('says why an unknown indicator is unknown once: not again in italics or in the data-quality line', () => {
    // Arrange: a real review of a week whose CPU metric had no datapoints
    const { cpuPercent: _noCpu, ...withoutCpu } = SEED_PANEL;
    const reviewed = reviewOf(withoutCpu, DEFAULT_PLAN, {
      now: new Date('2025-12-01T09:00:00.000Z'),
    });
    // Act
    const out = buildScalingIndicators({
      reviewId: 'rev1',
      review: reviewed,
      weekLabel: 'Week 49, 2025',
      conversationsThisMonth: 300,
      sourceLine: 'CloudWatch',
      decisions: {},
    });
    // Assert: in the mrkdwn lines, and beside the table
    const plain = JSON.stringify(out.plain);
    expect(plain.match(/no datapoints/g)).toHaveLength(1);
    expect(sectionTexts(out.plain ?? []).join('\n')).toContain(
      ':white_circle: Server CPU: unknown (no datapoints)\n',
    );
    expect(plain).toContain(':mag: Data quality: no data for Server CPU');
    const native = JSON.stringify(out.blocks);
    expect(native.match(/no datapoints/g)).toHaveLength(1);
    expect(contextTexts(out.blocks)).toContain('Server CPU: _no datapoints_');
    expect(native).toContain(':mag: Data quality: no data for Server CPU');
  });
});
