import { afterEach, describe, expect, it } from 'vitest';
import { decide } from '../../src/app/decisions.js';
import { upgradeStoredReview } from '../../src/domain/legacy-review.js';
import type { Recommendation, Review } from '../../src/domain/review-types.js';
import { type DigestHarness, digestHarness } from '../digest/digest-harness.js';
import { sampleReview } from '../store/fixtures.js';

let h: DigestHarness | null = null;

afterEach(async () => {
  await h?.close();
  h = null;
});

function legacy(
  key: string,
  indicator: Recommendation['indicator'],
  reason: string,
): Recommendation {
  return {
    key,
    severity: 'act',
    basis: 'evidence',
    indicator,
    action: key.split(':')[1] ?? key,
    text: 'Implement Redis caching',
    impact: '50-80% fewer database queries',
    monthlyCostChange: { min: 0, max: 10 },
    reason,
    reasons: [],
  };
}

/** A review as the version before action keys stored it: one recommendation per indicator. */
function legacyReview(): Review {
  return {
    ...sampleReview(),
    recommendations: [
      legacy('cpu:redis-caching', 'cpu', 'Server CPU 80% is over 75%'),
      legacy('dbConnections:redis-caching', 'dbConnections', 'Database Connections 92 is over 90'),
      legacy('trigger:stage2-cpu', 'cpu', 'stage 2 trigger: CPU >70% consistently (80%)'),
    ],
  };
}

describe('reviews stored before recommendations were keyed by action', () => {
  it('read as one action per key, with every reason', () => {
    const upgraded = upgradeStoredReview(legacyReview());
    expect(upgraded.recommendations.map((r) => [r.key, r.reasons.map((x) => x.text)])).toEqual([
      ['redis-caching', ['Server CPU 80% is over 75%', 'Database Connections 92 is over 90']],
      ['stage-upgrade:3', ['stage 2 trigger: CPU >70% consistently (80%)']],
    ]);
  });

  it('stay clickable: a click with an old key records the decision on the action', async () => {
    // Arrange: an old message's record and its button's old key
    h = digestHarness({ now: '2026-11-30T09:00:00Z' });
    const reviewId = await h.store.reviews.save({
      teamId: 'T1',
      channelId: 'C1',
      source: { requestedBy: 'slack', metricsFrom: 'cloudwatch' },
      createdAt: new Date('2026-11-23T09:00:00Z'),
      review: legacyReview(),
    });
    // Act
    const result = await decide(h.deps, {
      teamId: 'T1',
      userId: 'U1',
      ref: { reviewId, recommendationKey: 'dbConnections:redis-caching' },
      request: { kind: 'ack' },
      deliveryKey: '1700000000.000100:U1',
    });
    // Assert
    expect(result.outcome).toBe('recorded');
    expect(result.decision?.recommendationKey).toBe('redis-caching');
    expect(result.view.review.recommendations.map((r) => r.key)).toEqual([
      'redis-caching',
      'stage-upgrade:3',
    ]);
    expect(result.view.decisions['redis-caching']).toMatchObject({ kind: 'ack', userId: 'U1' });
  });
});
