import { describe, expect, it } from 'vitest';
import { buildScalingIndicators } from '../../blocks/scaling-indicators.js';
import { trendChart } from '../../blocks/trend-chart.js';
import {
  type IndicatorSpec,
  METRIC_CATALOG,
  type MetricCatalog,
  type MetricKey,
  type PanelIndicatorKey,
} from '../../src/domain/catalog/catalog.js';
import { NON_NEGATIVE_BOUNDS } from '../../src/domain/catalog/shape.js';
import { UnsupportedIndicatorError } from '../../src/domain/engine/indicators.js';
import type { MetricsSnapshot } from '../../src/domain/metrics.js';
import { DEFAULT_PLAN } from '../../src/domain/plan/default-plan.js';
import { type Plan, planSchema } from '../../src/domain/plan/schema.js';
import { review } from '../../src/domain/review.js';
import { sectionTexts } from '../blocks/helpers.js';
import { SEED_PANEL } from '../support/seed-panel.js';

/**
 * A key the real catalog does not have. The key types are today's keys, so that a real new
 * indicator makes the compiler ask for its plan entries and its sources' lines; a fixture standing
 * for a future indicator names its keys as today's, here and only here.
 */
function futureKey<K extends string>(key: string): K {
  return key as K;
}

const QUEUE_WAIT = futureKey<PanelIndicatorKey>('queueWait');
const QUEUE_WAIT_METRIC = futureKey<MetricKey>('queueWaitP95Ms');

/** A panel indicator that is not in the catalog: the P95 wait of the support app's job queue. */
const QUEUE_WAIT_SPEC: IndicatorSpec = {
  key: QUEUE_WAIT,
  kind: 'panel',
  label: 'Queue Wait P95',
  unit: 'ms',
  worse: 'up',
  role: 'symptom',
  value: { key: QUEUE_WAIT_METRIC, shortLabel: 'queue wait', bounds: NON_NEGATIVE_BOUNDS },
  limit: null,
  peak: null,
};

const REAL: MetricCatalog = METRIC_CATALOG;

/** The real catalog with the queue wait after the error rate: nothing else is touched. */
const CATALOG: MetricCatalog = {
  ...REAL,
  indicators: REAL.indicators.toSpliced(5, 0, QUEUE_WAIT_SPEC),
};

/** The plan's data for it: its thresholds and responses (the schema is the real catalog's). */
function planWithQueueWait(): Plan {
  const base = planSchema.parse(DEFAULT_PLAN);
  const thresholds = {
    ...base.thresholds,
    [QUEUE_WAIT]: {
      label: 'Queue Wait P95',
      approaching: 800,
      over: 1000,
      critical: 5000,
      wording: 'target',
    },
  };
  const responses = {
    ...base.responses,
    [QUEUE_WAIT]: { approaching: [], over: ['horizontal-scaling'], critical: [] },
  };
  return { ...base, thresholds, responses };
}

const NOW = new Date('2025-12-01T09:00:00.000Z');
const QUEUE_READING = { [QUEUE_WAIT_METRIC]: 1200 };
const SNAPSHOT: MetricsSnapshot = { ...SEED_PANEL, ...QUEUE_READING };

describe('an indicator added to the catalog (a fixture) reaches every view', () => {
  it('is built by the review, in the catalog order, judged on its plan thresholds', () => {
    // Arrange
    const plan = planWithQueueWait();

    // Act
    const result = review(SNAPSHOT, plan, { now: NOW, catalog: CATALOG });

    // Assert
    expect(result.indicators.map((i) => i.key)).toEqual([
      'cpu',
      'memory',
      'dbConnections',
      'responseTimeP95',
      'errorRate',
      'queueWait',
      'dbStorage',
      'conversations',
    ]);
    expect(result.indicators.find((i) => i.key === QUEUE_WAIT)).toMatchObject({
      label: 'Queue Wait P95',
      value: 1200,
      unit: 'ms',
      threshold: 1000,
      status: 'over',
      text: 'Queue Wait P95: 1,200ms (target <1,000ms)',
    });
    expect(result.recommendations[0]?.reasons).toEqual([
      expect.objectContaining({
        indicator: QUEUE_WAIT,
        text: 'Queue Wait P95 1,200ms is over 1,000ms (not confirmed: no history)',
      }),
    ]);
  });

  it('is unknown, never ok, without a reading', () => {
    const result = review(SEED_PANEL, planWithQueueWait(), { now: NOW, catalog: CATALOG });

    expect(result.indicators.find((i) => i.key === QUEUE_WAIT)?.text).toBe(
      'Queue Wait P95: unknown (no datapoints)',
    );
    expect(result.dataQuality.missing).toEqual([QUEUE_WAIT]);
  });

  it('has its line on the panel of the Slack message', () => {
    // Arrange
    const result = review(SNAPSHOT, planWithQueueWait(), { now: NOW, catalog: CATALOG });

    // Act
    const { blocks, plain = [] } = buildScalingIndicators({
      reviewId: 'r1',
      review: result,
      weekLabel: 'Week 49, 2025',
      conversationsThisMonth: 300,
      sourceLine: 'metrics file',
      decisions: {},
    });

    // Assert: a row of the table, a line of the chart, and a line of the mrkdwn fallback
    const table = blocks.find((b) => b.type === 'table');
    expect(table?.type === 'table' && table.rows).toContainEqual(
      ['Queue Wait P95', '1,200ms', '1,000ms', '🔴 Over', '—'].map((text) => ({
        type: 'raw_text',
        text,
      })),
    );
    const chart = blocks.find((b) => b.type === 'data_visualization');
    expect(chart?.type === 'data_visualization' && chart.chart.type === 'line').toBe(true);
    expect(JSON.stringify(chart)).toContain(
      '{"name":"Queue Wait P95","data":[{"label":"1 Dec","value":120}]}',
    );
    expect(sectionTexts(plain).join('\n')).toContain(
      ':red_circle: Queue Wait P95: 1,200ms (target &lt;1,000ms)',
    );
  });

  it('has its line on the trend chart, week by week, as a share of its threshold', () => {
    // Arrange: last week's 900 ms, this week's 1,200 ms, against the plan's 1,000 ms
    const lastWeek = {
      periodStart: new Date('2025-11-24T00:00:00.000Z'),
      at: new Date('2025-11-24T09:00:00.000Z'),
      snapshot: { ...SEED_PANEL, [QUEUE_WAIT_METRIC]: 900 },
      quality: [],
    };
    const result = review(SNAPSHOT, planWithQueueWait(), {
      now: NOW,
      catalog: CATALOG,
      history: [lastWeek],
    });

    // Act
    const chart = trendChart(result);

    // Assert
    expect(result.trend?.at(-1)?.readings).toContainEqual({
      indicator: QUEUE_WAIT,
      value: 1200,
      threshold: 1000,
    });
    expect(chart?.lines).toContain('Queue Wait P95: 90% → 120%');
  });

  it('is refused when it gets worse going down, which the engine does not judge yet', () => {
    // Arrange
    const falling: MetricCatalog = {
      ...CATALOG,
      indicators: CATALOG.indicators.map((spec) =>
        spec.key === QUEUE_WAIT ? { ...QUEUE_WAIT_SPEC, worse: 'down' } : spec,
      ),
    };

    // Act
    const run = () => review(SNAPSHOT, planWithQueueWait(), { now: NOW, catalog: falling });

    // Assert
    expect(run).toThrow(UnsupportedIndicatorError);
  });
});
