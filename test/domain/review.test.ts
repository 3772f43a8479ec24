import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN } from '../../src/domain/plan/default-plan.js';
import type { IndicatorKey } from '../../src/domain/plan/schema.js';
import { review } from '../../src/domain/review.js';
import type { Indicator, Review } from '../../src/domain/review-types.js';
import { SEED_PANEL } from '../support/seed-panel.js';

const NOW = new Date('2025-12-01T09:00:00.000Z');
const weeksAgo = (n: number) => new Date(NOW.getTime() - n * 7 * 86_400_000);

function indicator(result: Review, key: IndicatorKey): Indicator {
  const found = result.indicators.find((i) => i.key === key);
  if (!found) throw new Error(`test setup: no indicator ${key}`);
  return found;
}

describe('review: the seed panel', () => {
  it('prints the five panel lines exactly as the seed', () => {
    // Act
    const result = review(SEED_PANEL, DEFAULT_PLAN, { now: NOW });

    // Assert
    expect(result.indicators.slice(0, 5).map((i) => i.text)).toEqual([
      'Server CPU: 72% (consider scaling at >75%)',
      'Memory: 68% (consider scaling at >80%)',
      'Database Connections: 78/100 (OK)',
      'Response Time P95: 450ms (target <500ms)',
      'Error Rate: 0.1% (target <1%)',
    ]);
  });

  it('rates every indicator ok, recommends nothing and reviews again in 7 days', () => {
    const result = review(SEED_PANEL, DEFAULT_PLAN, { now: NOW });

    expect(result.indicators.map((i) => [i.key, i.status])).toEqual([
      ['cpu', 'ok'],
      ['memory', 'ok'],
      ['dbConnections', 'ok'],
      ['responseTimeP95', 'ok'],
      ['errorRate', 'ok'],
      ['dbStorage', 'ok'],
      ['conversations', 'ok'],
    ]);
    expect(result.recommendations).toEqual([]);
    expect(result.triggersFired).toEqual([]);
    expect(result.headline).toBe('Monitor, no action needed yet');
    expect(result.generatedAt).toBe('2025-12-01T09:00:00.000Z');
    expect(result.nextReviewAt).toBe('2025-12-08T09:00:00.000Z');
  });

  it('gives the five panel indicators ok even without conversations and DB size, and counts the unknowns', () => {
    const { dbSizeMb: _db, conversationsPerMonth: _c, ...panelOnly } = SEED_PANEL;

    const result = review(panelOnly, DEFAULT_PLAN, { now: NOW });

    expect(result.indicators.slice(0, 5).every((i) => i.status === 'ok')).toBe(true);
    expect(result.headline).toBe('Monitor, no action needed yet (2 metrics unknown)');
    expect(result.stage).toMatchObject({ number: 1, basis: 'default' });
    expect(result.dataQuality.missing).toEqual(['dbStorage', 'conversations']);
    expect(result.dataQuality.notes).toContain(
      'conversations/month and database size unknown: stage 1 assumed; set infrastructure.stage, or mark a stage move Done',
    );
  });

  it('reports values, units and thresholds (DB connections as counts of the pool maximum)', () => {
    const result = review(SEED_PANEL, DEFAULT_PLAN, { now: NOW });

    expect(indicator(result, 'cpu')).toMatchObject({
      value: 72,
      unit: '%',
      threshold: 75,
      approachingAt: 73,
    });
    expect(indicator(result, 'dbConnections')).toMatchObject({
      value: 78,
      unit: 'connections',
      threshold: 90,
      approachingAt: 80,
    });
    expect(indicator(result, 'dbStorage')).toMatchObject({
      value: 200,
      unit: 'MB',
      threshold: 400,
      approachingAt: 320,
    });
    expect(indicator(result, 'conversations')).toMatchObject({
      value: 300,
      unit: 'conversations/month',
      threshold: 500,
      approachingAt: 400,
    });
    expect(indicator(result, 'dbStorage').text).toBe(
      'Database Storage: 200 MB (consider scaling at >400 MB)',
    );
    expect(indicator(result, 'conversations').text).toBe(
      'Conversations: 300/month (consider scaling at >500/month)',
    );
  });
});

describe('review: boundaries', () => {
  it('rates exactly 75% CPU approaching, not over; 75.1% is over', () => {
    const at = review({ ...SEED_PANEL, cpuPercent: 75 }, DEFAULT_PLAN, { now: NOW });
    const above = review({ ...SEED_PANEL, cpuPercent: 75.1 }, DEFAULT_PLAN, { now: NOW });

    expect(indicator(at, 'cpu').status).toBe('approaching');
    expect(indicator(above, 'cpu').status).toBe('over');
  });

  it('rates the approaching band as inclusive: 73% CPU approaching, 72.9% ok', () => {
    expect(
      indicator(review({ ...SEED_PANEL, cpuPercent: 73 }, DEFAULT_PLAN, { now: NOW }), 'cpu')
        .status,
    ).toBe('approaching');
    expect(
      indicator(review({ ...SEED_PANEL, cpuPercent: 72.9 }, DEFAULT_PLAN, { now: NOW }), 'cpu')
        .status,
    ).toBe('ok');
  });

  it('puts exactly 1,000 conversations in stage 1 and 1,001 in stage 2; 0 in stage 1', () => {
    const stageOf = (conversations: number) =>
      review({ ...SEED_PANEL, conversationsPerMonth: conversations }, DEFAULT_PLAN, { now: NOW })
        .stage.number;

    expect(stageOf(1000)).toBe(1);
    expect(stageOf(1001)).toBe(2);
    expect(stageOf(0)).toBe(1);
    expect(stageOf(20000)).toBe(3);
    expect(stageOf(20001)).toBe(4);
  });

  it('uses DB size for the stage when conversations are unknown', () => {
    const result = review({ dbSizeMb: 600 }, DEFAULT_PLAN, { now: NOW });

    expect(result.stage).toMatchObject({ number: 2, name: 'Growing Team', basis: 'dbStorage' });
    expect(result.dataQuality.notes).toContain(
      'conversations/month unknown: stage 2 assumed from the database size (600 MB); set infrastructure.stage, or mark a stage move Done',
    );
  });

  it('has no conversations limit in stage 4 and rates a known value ok', () => {
    const result = review({ ...SEED_PANEL, conversationsPerMonth: 50000 }, DEFAULT_PLAN, {
      now: NOW,
    });

    expect(indicator(result, 'conversations')).toMatchObject({
      status: 'ok',
      threshold: null,
      approachingAt: null,
    });
    expect(indicator(result, 'conversations').text).toBe(
      'Conversations: 50,000/month (stage 4 has no upper limit)',
    );
  });

  it('words non-ok DB connections with the status and the threshold', () => {
    const approaching = review({ ...SEED_PANEL, dbConnections: 85 }, DEFAULT_PLAN, { now: NOW });
    const over = review({ ...SEED_PANEL, dbConnections: 95 }, DEFAULT_PLAN, { now: NOW });

    expect(indicator(approaching, 'dbConnections').text).toBe(
      'Database Connections: 85/100 (approaching, consider scaling at >90)',
    );
    expect(indicator(over, 'dbConnections').text).toBe(
      'Database Connections: 95/100 (over, consider scaling at >90)',
    );
  });
});

describe('review: deltas', () => {
  it('gives each indicator its change against the latest earlier observation', () => {
    const earlier = [
      {
        periodStart: weeksAgo(2),
        at: weeksAgo(2),
        snapshot: { ...SEED_PANEL, cpuPercent: 50 },
        quality: [],
      },
      {
        periodStart: weeksAgo(1),
        at: weeksAgo(1),
        snapshot: { ...SEED_PANEL, cpuPercent: 68.1, dbSizeMb: 150 },
        quality: [],
      },
    ];

    const result = review(SEED_PANEL, DEFAULT_PLAN, { now: NOW, history: earlier });

    expect(indicator(result, 'cpu').delta).toBe(3.9);
    expect(indicator(result, 'dbStorage').delta).toBe(50);
    expect(indicator(result, 'memory').delta).toBe(0);
    expect(result.comparedWith).toBe(weeksAgo(1).toISOString());
  });

  it('has no delta without an earlier observation or when either value is unknown', () => {
    const { cpuPercent: _cpu, ...noCpu } = SEED_PANEL;
    const earlier = [{ periodStart: weeksAgo(1), at: weeksAgo(1), snapshot: noCpu, quality: [] }];

    const first = review(SEED_PANEL, DEFAULT_PLAN, { now: NOW, history: [] });
    const afterGap = review(SEED_PANEL, DEFAULT_PLAN, { now: NOW, history: earlier });

    expect(first.indicators.every((i) => i.delta === null)).toBe(true);
    expect(first.comparedWith).toBeNull();
    expect(indicator(afterGap, 'cpu').delta).toBeNull();
    expect(indicator(afterGap, 'memory').delta).toBe(0);
  });

  it('ignores an observation of the current period: the snapshot is that observation', () => {
    const sameWeek = [
      { periodStart: NOW, at: NOW, snapshot: { ...SEED_PANEL, cpuPercent: 10 }, quality: [] },
    ];

    const result = review(SEED_PANEL, DEFAULT_PLAN, { now: NOW, history: sameWeek });

    expect(indicator(result, 'cpu').delta).toBeNull();
    expect(result.comparedWith).toBeNull();
  });
});
