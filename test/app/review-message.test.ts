import { describe, expect, it } from 'vitest';
import { messageOf } from '../../src/app/review-message.js';
import type { ReviewRecord } from '../../src/store/ports.js';
import { fullView, reviewRecord, T0 } from '../store/fixtures.js';

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
});
