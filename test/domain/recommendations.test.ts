import { describe, expect, it } from 'vitest';
import type { MetricsSnapshot } from '../../src/domain/metrics.js';
import { DEFAULT_PLAN } from '../../src/domain/plan/default-plan.js';
import { review } from '../../src/domain/review.js';

const NOW = new Date('2025-12-01T09:00:00.000Z');
const REDIS = 'Implement Redis caching (conversations 5 min, contacts 1 h, team presence 1 min)';

/** Healthy stage-1 panel; tests change one metric at a time. */
const HEALTHY: MetricsSnapshot = {
  cpuPercent: 50,
  memoryPercent: 50,
  dbConnections: 40,
  dbMaxConnections: 100,
  responseTimeP95Ms: 300,
  errorRatePercent: 0.1,
  dbSizeMb: 200,
  conversationsPerMonth: 300,
};
/** Healthy stage-2 panel (3,000 conversations, 2 GB). */
const STAGE2: MetricsSnapshot = { ...HEALTHY, conversationsPerMonth: 3000, dbSizeMb: 2048 };

describe('review: recommendations from indicators', () => {
  it('acts on an over indicator with the first playbook action that answers it', () => {
    const result = review({ ...HEALTHY, cpuPercent: 80 }, DEFAULT_PLAN, { now: NOW });

    expect(result.recommendations).toEqual([
      {
        key: 'cpu:redis-caching',
        severity: 'act',
        indicator: 'cpu',
        action: 'redis-caching',
        text: REDIS,
        impact: '50-80% reduction in database queries',
        monthlyCostChange: { min: 0, max: 10 },
        reason: 'Server CPU 80% is over 75%',
      },
    ]);
    expect(result.headline).toBe(`Scale: ${REDIS}`);
  });

  it('watches an approaching indicator and says so in the headline', () => {
    const result = review({ ...HEALTHY, memoryPercent: 77 }, DEFAULT_PLAN, { now: NOW });

    expect(result.recommendations.map((r) => [r.key, r.severity])).toEqual([
      ['memory:right-size', 'watch'],
    ]);
    expect(result.headline).toBe('Monitor: Memory approaching 80%, no action needed yet');
  });

  it('skips playbook actions that start at a later stage', () => {
    const stage1 = review({ ...HEALTHY, errorRatePercent: 2 }, DEFAULT_PLAN, { now: NOW });
    const stage3 = review(
      { ...HEALTHY, errorRatePercent: 2, conversationsPerMonth: 8000 },
      DEFAULT_PLAN,
      {
        now: NOW,
      },
    );

    expect(stage1.recommendations.map((r) => r.key)).toEqual(['errorRate:investigate']);
    expect(stage3.recommendations.map((r) => r.key)).toEqual(['errorRate:horizontal-scaling']);
    expect(stage3.recommendations[0]?.monthlyCostChange).toEqual({ min: 30, max: 60 });
  });

  it('orders act before watch, then by indicator, and counts the other acts in the headline', () => {
    const snapshot = { ...HEALTHY, memoryPercent: 78, dbConnections: 95, responseTimeP95Ms: 600 };

    const result = review(snapshot, DEFAULT_PLAN, { now: NOW });

    expect(result.recommendations.map((r) => [r.key, r.severity])).toEqual([
      ['dbConnections:redis-caching', 'act'],
      ['responseTimeP95:redis-caching', 'act'],
      ['memory:right-size', 'watch'],
    ]);
    expect(result.headline).toBe(`Scale: ${REDIS} (+1 more)`);
  });

  it('plans the stage upgrade when conversations approach a stage limit without a trigger', () => {
    const result = review({ ...STAGE2, conversationsPerMonth: 4500 }, DEFAULT_PLAN, { now: NOW });

    expect(result.recommendations).toEqual([
      expect.objectContaining({
        key: 'conversations:stage-upgrade',
        severity: 'watch',
        text: 'Plan ahead: Move to stage 3 (Medium Team): Add load balancer',
        monthlyCostChange: { min: 143, max: null },
      }),
    ]);
  });

  it('leaves snoozed recommendations out of the headline but keeps them listed', () => {
    const result = review({ ...HEALTHY, cpuPercent: 80 }, DEFAULT_PLAN, {
      now: NOW,
      snoozedKeys: ['cpu:redis-caching'],
    });

    expect(result.recommendations.map((r) => r.key)).toEqual(['cpu:redis-caching']);
    expect(result.headline).toBe('Monitor, no action needed yet');
  });
});

describe('review: stage triggers', () => {
  it('fires "CPU >70% consistently" in stage 2 and recommends moving to stage 3', () => {
    const result = review({ ...STAGE2, cpuPercent: 72 }, DEFAULT_PLAN, { now: NOW });

    expect(result.triggersFired).toEqual([
      { stage: 2, key: 'stage2-cpu', text: 'CPU >70% consistently' },
    ]);
    expect(result.recommendations).toEqual([
      {
        key: 'trigger:stage2-cpu',
        severity: 'act',
        indicator: 'cpu',
        action: 'stage-upgrade',
        text: 'Move to stage 3 (Medium Team): Add load balancer',
        impact: 'Stage 3 handles 5K-20K conversations/month and 8-20 agents',
        monthlyCostChange: { min: 143, max: null },
        reason: 'stage 2 trigger: CPU >70% consistently (72%)',
      },
    ]);
    expect(result.headline).toBe('Scale: Move to stage 3 (Medium Team): Add load balancer');
  });

  it('does not evaluate the stage-2 CPU trigger in stage 1 (the panel keeps its 75%)', () => {
    const result = review({ ...HEALTHY, cpuPercent: 72 }, DEFAULT_PLAN, { now: NOW });

    expect(result.triggersFired).toEqual([]);
    expect(result.headline).toBe('Monitor, no action needed yet');
  });

  it('fires at strictly above: 70% CPU in stage 2 does not fire', () => {
    const result = review({ ...STAGE2, cpuPercent: 70 }, DEFAULT_PLAN, { now: NOW });

    expect(result.triggersFired).toEqual([]);
  });

  it('fires both stage-1 triggers and recommends stage 2 once per trigger, without a duplicate', () => {
    const result = review({ ...HEALTHY, conversationsPerMonth: 600, dbSizeMb: 450 }, DEFAULT_PLAN, {
      now: NOW,
    });

    expect(result.triggersFired.map((t) => t.key)).toEqual([
      'stage1-db-size',
      'stage1-conversations',
    ]);
    expect(result.recommendations.map((r) => [r.key, r.severity, r.monthlyCostChange])).toEqual([
      ['trigger:stage1-db-size', 'act', { min: 50, max: 55 }],
      ['dbStorage:archive-old-data', 'act', null],
      ['trigger:stage1-conversations', 'act', { min: 50, max: 55 }],
    ]);
    expect(result.recommendations[0]?.text).toBe(
      'Move to stage 2 (Growing Team): Upgrade to stage 2: Supabase Pro, SendGrid Essentials and Redis',
    );
  });

  it('never fires the manual "Multiple servers needed" trigger and notes it as not measurable', () => {
    const result = review({ ...HEALTHY, conversationsPerMonth: 8000 }, DEFAULT_PLAN, { now: NOW });

    expect(result.triggersFired).toEqual([]);
    expect(result.dataQuality.notes).toContain(
      'not measurable, check by hand: "Multiple servers needed" (stage 3 trigger)',
    );
  });
});

describe('review: hysteresis (2 of the last 3 reviews)', () => {
  const over = review({ ...HEALTHY, cpuPercent: 80 }, DEFAULT_PLAN, { now: NOW });
  const ok = review(HEALTHY, DEFAULT_PLAN, { now: NOW });

  it('holds a first breach at watch', () => {
    const result = review({ ...HEALTHY, cpuPercent: 80 }, DEFAULT_PLAN, {
      now: NOW,
      history: [ok, ok],
    });

    expect(result.recommendations).toEqual([
      expect.objectContaining({
        key: 'cpu:redis-caching',
        severity: 'watch',
        text: `${REDIS} (first breach: watch)`,
        breaches: { counted: 1, required: 2, ofLast: 3 },
      }),
    ]);
    expect(result.headline).toBe(
      'Monitor: Server CPU over 75% (first breach), no action needed yet',
    );
  });

  it('acts when the previous review was also over', () => {
    const result = review({ ...HEALTHY, cpuPercent: 80 }, DEFAULT_PLAN, {
      now: NOW,
      history: [over],
    });

    expect(result.recommendations.map((r) => [r.severity, r.text])).toEqual([['act', REDIS]]);
  });

  it('acts when the review before the previous one was over', () => {
    const result = review({ ...HEALTHY, cpuPercent: 80 }, DEFAULT_PLAN, {
      now: NOW,
      history: [ok, over],
    });

    expect(result.recommendations[0]?.severity).toBe('act');
  });

  it('ignores breaches older than the window', () => {
    const result = review({ ...HEALTHY, cpuPercent: 80 }, DEFAULT_PLAN, {
      now: NOW,
      history: [ok, ok, over],
    });

    expect(result.recommendations[0]?.severity).toBe('watch');
  });

  it('is off when no history is given', () => {
    const result = review({ ...HEALTHY, cpuPercent: 80 }, DEFAULT_PLAN, { now: NOW });

    expect(result.recommendations[0]?.severity).toBe('act');
    expect(result.recommendations[0]?.breaches).toBeUndefined();
  });

  it('also holds a first stage-trigger firing at watch', () => {
    const fired = review({ ...STAGE2, cpuPercent: 72 }, DEFAULT_PLAN, { now: NOW });

    const first = review({ ...STAGE2, cpuPercent: 72 }, DEFAULT_PLAN, { now: NOW, history: [] });
    const second = review({ ...STAGE2, cpuPercent: 72 }, DEFAULT_PLAN, {
      now: NOW,
      history: [fired],
    });

    expect(first.recommendations.map((r) => [r.key, r.severity])).toEqual([
      ['trigger:stage2-cpu', 'watch'],
    ]);
    expect(first.headline).toBe(
      'Monitor: CPU >70% consistently (first breach), no action needed yet',
    );
    expect(second.recommendations.map((r) => [r.key, r.severity])).toEqual([
      ['trigger:stage2-cpu', 'act'],
    ]);
  });

  it('honours a configured 3-of-3 window', () => {
    const plan = { ...DEFAULT_PLAN, hysteresis: { breaches: 3, ofLast: 3 } };

    const two = review({ ...HEALTHY, cpuPercent: 80 }, plan, { now: NOW, history: [over, ok] });
    const three = review({ ...HEALTHY, cpuPercent: 80 }, plan, { now: NOW, history: [over, over] });

    expect(two.recommendations[0]?.text).toBe(`${REDIS} (2 of 3 breaches: watch)`);
    expect(three.recommendations[0]?.severity).toBe('act');
  });
});
