import { describe, expect, it } from 'vitest';
import { forecastLines } from '../../blocks/forecasts.js';
import { recommendationBlocks } from '../../blocks/recommendations.js';
import { buildScalingIndicators } from '../../blocks/scaling-indicators.js';
import type { Forecast, Recommendation } from '../../src/domain/review-types.js';
import { cpu, review } from './fixtures.js';
import { md, sectionTexts } from './helpers.js';

const addServer: Recommendation = {
  key: 'horizontal-scaling',
  severity: 'critical',
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
    method: 'linear',
    observations: 1,
    spanWeeks: 0,
    rate: null,
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
    const texts = sectionTexts(out.blocks);
    const indicators = texts.findIndex((t) => t.startsWith(':large_yellow_circle: Server CPU'));
    expect(texts[indicators + 1]).toBe(
      ':chart_with_upwards_trend: Server CPU crosses 75% in about 1 week (around 10 Dec)',
    );
  });
});
