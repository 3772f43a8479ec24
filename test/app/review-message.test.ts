import { afterEach, describe, expect, it } from 'vitest';
import { decide } from '../../src/app/decisions.js';
import { messageOf } from '../../src/app/review-message.js';
import { runStatus } from '../../src/app/status.js';
import type { ReviewRecord } from '../../src/store/ports.js';
import { type DigestHarness, digestHarness } from '../digest/digest-harness.js';
import { fullView, reviewRecord, T0 } from '../store/fixtures.js';

let h: DigestHarness | null = null;

afterEach(async () => {
  await h?.close();
  h = null;
});

function stored(overrides: Partial<ReviewRecord> = {}): ReviewRecord {
  return { ...reviewRecord('T1', T0), id: 'r1', ...overrides };
}

describe('a review record as its message shows it', () => {
  it('a record written before views existed reads as a status message', () => {
    // Arrange
    const record = stored();
    // Act
    const message = messageOf(record);
    // Assert
    expect(message).toMatchObject({
      reviewId: 'r1',
      weekLabel: 'Week 49, 2025',
      sourceLine: 'AWS/EC2 eu-west-1',
      decisions: {},
    });
    expect(message.carriedForward).toBeUndefined();
  });

  it("a digest's record keeps every line it was posted with, under the decision state given", () => {
    // Arrange
    const view = fullView();
    const ack = { kind: 'ack' as const, userId: 'U1', at: T0 };
    // Act
    const message = messageOf(stored({ view }), { 'redis-caching': ack });
    // Assert
    expect(message).toMatchObject({
      weekLabel: view.weekLabel,
      sourceLine: view.sourceLine,
      carriedForward: view.carriedForward,
      projection: view.projection,
      delayed: view.delayed,
      degraded: view.degraded,
      decisions: { 'redis-caching': ack },
    });
  });

  it('a click reads its review once and computes its message once', async () => {
    // Arrange: a status message, and a store that counts the reads of the record and its view
    h = digestHarness({
      now: '2026-11-30T09:00:00Z',
      snapshot: { cpuPercent: 90, memoryPercent: 50, dbConnections: 10, dbMaxConnections: 100 },
    });
    const status = await runStatus(h.deps, { teamId: 'T1', channelId: 'C1' });
    const key = status.review.recommendations[0]?.key ?? '';
    const counts = { reads: 0, views: 0 };
    const get = h.store.reviews.get.bind(h.store.reviews);
    h.store.reviews.get = async (id) => {
      counts.reads += 1;
      const record = await get(id);
      if (record === null) return null;
      // Every rendering of a record reads its `view` once: count them.
      const { view, ...rest } = record;
      return Object.defineProperty({ ...rest }, 'view', {
        enumerable: true,
        get: () => {
          counts.views += 1;
          return view;
        },
      });
    };
    // Act
    const result = await decide(h.deps, {
      teamId: 'T1',
      userId: 'U1',
      ref: { reviewId: status.reviewId, recommendationKey: key },
      request: { kind: 'ack' },
      deliveryKey: '1700000000.000100:U1',
    });
    // Assert
    expect(result.outcome).toBe('recorded');
    expect(result.view.decisions[key]).toMatchObject({ kind: 'ack', userId: 'U1' });
    expect(counts).toEqual({ reads: 1, views: 1 });
  });
});
