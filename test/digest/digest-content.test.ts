import { describe, expect, it } from 'vitest';
import { carriedForward } from '../../src/digest/digest-content.js';
import { DEFAULT_PLAN } from '../../src/domain/plan/default-plan.js';
import { review } from '../../src/domain/review.js';
import type { DecisionRecord } from '../../src/store/ports.js';
import { BUSY_WEEK } from '../support/bot-harness-fakes.js';

const NOW = new Date('2026-12-07T09:00:00Z');

function ackOf(key: string, cpuPercent: number): DecisionRecord {
  return {
    id: 'd1',
    teamId: 'T1',
    reviewId: 'r1',
    recommendationKey: key,
    kind: 'ack',
    userId: 'U1ANA',
    at: new Date('2026-12-01T10:00:00Z'),
    snoozeUntil: null,
    metricsAtDecision: { ...BUSY_WEEK, cpuPercent },
  };
}

describe('decisions carried forward into a digest', () => {
  it.each([
    [88, 'now 88%, no change'],
    [80, 'now 88%, +8 pts'],
  ])('at %i%% then, say "%s" of CPU', (then, expected) => {
    // Arrange: a week with CPU at 88%, and a decision on its CPU recommendation
    const reviewed = review(BUSY_WEEK, DEFAULT_PLAN, { now: NOW });
    const rec = reviewed.recommendations.find((r) => r.indicator === 'cpu');
    if (!rec) throw new Error('test setup: no CPU recommendation');
    const decisions = new Map([[rec.key, ackOf(rec.key, then)]]);
    // Act
    const lines = carriedForward(reviewed, decisions, new Map(), new Map());
    // Assert
    expect(lines.map((l) => l.current)).toEqual([expected]);
  });
});
