import { describe, expect, it } from 'vitest';
import { METRIC_CATALOG } from '../../src/domain/catalog/catalog.js';
import {
  INDICATOR_KEYS,
  PANEL_INDICATOR_KEYS,
  SNAPSHOT_METRIC_KEYS,
  snapshotMetrics,
} from '../../src/domain/catalog/derive.js';
import { metricsSnapshotSchema } from '../../src/domain/metrics.js';
import { DEFAULT_PLAN } from '../../src/domain/plan/default-plan.js';
import { planSchema } from '../../src/domain/plan/schema.js';
import { review } from '../../src/domain/review.js';
import type { Review } from '../../src/domain/review-types.js';
import { SEED_PANEL } from '../support/seed-panel.js';

const NOW = new Date('2025-12-01T09:00:00.000Z');

const textOf = (result: Review, key: string) => result.indicators.find((i) => i.key === key)?.text;

describe('the metric catalog', () => {
  it('is what the review builds: every entry, in its order, named and measured as it says', () => {
    // Arrange: the seed panel has a value for every indicator metric.
    const snapshot = SEED_PANEL;

    // Act
    const result = review(snapshot, DEFAULT_PLAN, { now: NOW });

    // Assert
    expect(result.indicators.map((i) => [i.key, i.label, i.unit, i.value])).toEqual(
      METRIC_CATALOG.indicators.map((spec) => [
        spec.key,
        spec.label,
        spec.unit,
        snapshot[spec.value.key],
      ]),
    );
    expect(result.indicators.filter((i) => i.status === 'unknown')).toEqual([]);
  });

  it('gives the plan its keys: thresholds for the panel indicators, responses for every one', () => {
    // Act
    const shape = planSchema.shape;

    // Assert
    expect(Object.keys(shape.thresholds.shape)).toEqual(PANEL_INDICATOR_KEYS);
    expect(Object.keys(shape.responses.shape)).toEqual(INDICATOR_KEYS);
    expect(PANEL_INDICATOR_KEYS).toEqual([
      'cpu',
      'memory',
      'dbConnections',
      'responseTimeP95',
      'errorRate',
    ]);
    expect(Object.keys(DEFAULT_PLAN.thresholds)).toEqual(PANEL_INDICATOR_KEYS);
    expect(Object.keys(DEFAULT_PLAN.responses)).toEqual(INDICATOR_KEYS);
  });

  it('gives the snapshot its keys: the indicators’ metrics, then the supplementary ones', () => {
    expect(Object.keys(metricsSnapshotSchema.shape)).toEqual([
      ...SNAPSHOT_METRIC_KEYS,
      'capturedAt',
    ]);
    expect(SNAPSHOT_METRIC_KEYS).toEqual([
      'cpuPercent',
      'memoryPercent',
      'dbConnections',
      'dbMaxConnections',
      'responseTimeP95Ms',
      'errorRatePercent',
      'dbSizeMb',
      'conversationsPerMonth',
      'cpuMaxPercent',
      'serverCount',
    ]);
  });

  it('names each indicator and metric once, and every peak is a supplementary metric', () => {
    // Arrange
    const metricKeys = snapshotMetrics().map((m) => m.key);
    const supplementary = METRIC_CATALOG.supplementary.map((m) => m.key);

    // Assert
    expect(new Set(INDICATOR_KEYS).size).toBe(INDICATOR_KEYS.length);
    expect(new Set(metricKeys).size).toBe(metricKeys.length);
    for (const spec of METRIC_CATALOG.indicators) {
      if (spec.peak !== null) expect(supplementary).toContain(spec.peak);
    }
  });
});

describe('the catalog bounds a reading', () => {
  it.each([
    ['cpuPercent', 100.5, 'cpuPercent must be at most 100'],
    ['dbSizeMb', -1, 'dbSizeMb must not be negative'],
    ['dbMaxConnections', 0, 'dbMaxConnections must be greater than 0'],
    ['serverCount', 0, 'serverCount must be at least 1'],
    ['serverCount', 2.5, 'serverCount must be a whole number'],
  ])('in the snapshot schema: %s %d is refused', (key, value, message) => {
    // Act
    const parsed = metricsSnapshotSchema.safeParse({ [key]: value });

    // Assert
    expect(parsed.error?.issues.map((i) => i.message)).toEqual([message]);
  });

  it('in the engine: a pool maximum of 0 leaves DB connections unknown, saying why', () => {
    // Act
    const result = review({ ...SEED_PANEL, dbMaxConnections: 0 }, DEFAULT_PLAN, { now: NOW });

    // Assert
    expect(textOf(result, 'dbConnections')).toBe(
      'Database Connections: unknown (pool maximum invalid value (0: the pool maximum must be > 0))',
    );
  });

  it('in the engine: the busiest instance shows beside the CPU average only when it is possible', () => {
    // Act
    const shown = review({ ...SEED_PANEL, cpuMaxPercent: 97 }, DEFAULT_PLAN, { now: NOW });
    const impossible = review({ ...SEED_PANEL, cpuMaxPercent: 140 }, DEFAULT_PLAN, { now: NOW });

    // Assert
    expect(textOf(shown, 'cpu')).toBe(
      // The busiest instance is the value judged (issue 20, class 8); the average sizes servers.
      'Server CPU: 97% busiest instance, fleet average 72% (critical: over 90%; consider scaling at >75%)',
    );
    expect(textOf(impossible, 'cpu')).toBe('Server CPU: 72% (consider scaling at >75%)');
  });
});
