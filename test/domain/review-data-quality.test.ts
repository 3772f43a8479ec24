import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN } from '../../src/domain/plan/default-plan.js';
import type { IndicatorKey } from '../../src/domain/plan/schema.js';
import { review } from '../../src/domain/review.js';
import type { Indicator, Review } from '../../src/domain/review-types.js';
import { SEED_PANEL } from '../support/seed-panel.js';

const NOW = new Date('2025-12-01T09:00:00.000Z');

function indicator(result: Review, key: IndicatorKey): Indicator {
  const found = result.indicators.find((i) => i.key === key);
  if (!found) throw new Error(`test setup: no indicator ${key}`);
  return found;
}

describe('review: missing, invalid, stale and no-traffic metrics are unknown, never ok', () => {
  it('rates a missing metric unknown with "no datapoints"', () => {
    const { cpuPercent: _cpu, ...rest } = SEED_PANEL;

    const result = review(rest, DEFAULT_PLAN, { now: NOW });

    expect(indicator(result, 'cpu')).toMatchObject({
      status: 'unknown',
      value: null,
      note: 'no datapoints',
    });
    expect(indicator(result, 'cpu').text).toBe('Server CPU: unknown (no datapoints)');
    expect(result.dataQuality.missing).toEqual(['cpu']);
    expect(result.headline).toBe('Monitor, no action needed yet (1 metric unknown)');
  });

  it('rates an invalid value (NaN, negative, over 100%) unknown', () => {
    const snapshot = {
      ...SEED_PANEL,
      cpuPercent: Number.NaN,
      memoryPercent: 140,
      responseTimeP95Ms: -1,
    };

    const result = review(snapshot, DEFAULT_PLAN, { now: NOW });

    expect(
      (['cpu', 'memory', 'responseTimeP95'] as const).map((k) => indicator(result, k).status),
    ).toEqual(['unknown', 'unknown', 'unknown']);
    expect(indicator(result, 'memory').note).toBe('invalid value (140: above 100%)');
  });

  it('rates DB connections unknown when the pool maximum is missing', () => {
    const { dbMaxConnections: _max, ...rest } = SEED_PANEL;

    const result = review(rest, DEFAULT_PLAN, { now: NOW });

    expect(indicator(result, 'dbConnections')).toMatchObject({
      status: 'unknown',
      threshold: null,
    });
    expect(indicator(result, 'dbConnections').text).toBe(
      'Database Connections: unknown (pool maximum unknown)',
    );
  });

  it('rates a stale metric unknown and lists it as stale', () => {
    const result = review(SEED_PANEL, DEFAULT_PLAN, {
      now: NOW,
      quality: [{ metric: 'memoryPercent', issue: 'stale', detail: 'newest datapoint is 3 h old' }],
    });

    expect(indicator(result, 'memory')).toMatchObject({
      status: 'unknown',
      value: null,
      note: 'stale: newest datapoint is 3 h old',
    });
    expect(result.dataQuality.stale).toEqual(['memory']);
    expect(result.dataQuality.missing).toEqual([]);
  });

  it('rates the error rate unknown when the load balancer saw no traffic', () => {
    const result = review(SEED_PANEL, DEFAULT_PLAN, {
      now: NOW,
      quality: [{ metric: 'errorRatePercent', issue: 'noTraffic', detail: '' }],
    });

    expect(indicator(result, 'errorRate')).toMatchObject({
      status: 'unknown',
      note: 'no traffic: the load balancer published no requests',
    });
    expect(indicator(result, 'errorRate').text).toBe(
      'Error Rate: unknown (no traffic: the load balancer published no requests)',
    );
  });

  it('keeps the status of a partial-window metric and adds a note', () => {
    const result = review(SEED_PANEL, DEFAULT_PLAN, {
      now: NOW,
      quality: [{ metric: 'cpuPercent', issue: 'partial', detail: '5 of 7 days' }],
    });

    expect(indicator(result, 'cpu')).toMatchObject({
      status: 'ok',
      value: 72,
      note: 'partial window: 5 of 7 days',
    });
    expect(result.dataQuality.notes).toContain('Server CPU: partial window: 5 of 7 days');
  });

  it('says "Data unavailable" when every metric is unknown', () => {
    const result = review({}, DEFAULT_PLAN, { now: NOW });

    expect(result.indicators.every((i) => i.status === 'unknown')).toBe(true);
    expect(result.headline).toBe('Data unavailable: no metrics to review');
    expect(result.recommendations).toEqual([]);
  });

  it('never fires a trigger on an unknown indicator', () => {
    const result = review({ conversationsPerMonth: 3000, cpuPercent: 90 }, DEFAULT_PLAN, {
      now: NOW,
      quality: [{ metric: 'cpuPercent', issue: 'stale', detail: 'old' }],
    });

    expect(result.triggersFired).toEqual([]);
  });
});
