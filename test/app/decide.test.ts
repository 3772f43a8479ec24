import { afterEach, describe, expect, it } from 'vitest';
import { decide } from '../../src/app/decisions.js';
import { runStatus } from '../../src/app/status.js';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { type DigestHarness, digestHarness } from '../digest/digest-harness.js';

let h: DigestHarness;

afterEach(async () => {
  await h.close();
});

describe('decide', () => {
  it('lets the retry of a click through when the first attempt could not be recorded', async () => {
    // Arrange: a review with a recommendation, and a store that fails the first record
    h = digestHarness({
      now: '2026-11-30T09:00:00Z',
      snapshot: { cpuPercent: 90, memoryPercent: 50, dbConnections: 10, dbMaxConnections: 100 },
    });
    const view = await runStatus(h.deps, { teamId: 'T1', channelId: 'C1' });
    const key = view.review.recommendations[0]?.key ?? '';
    const realRecord = h.store.decisions.record.bind(h.store.decisions);
    let failures = 1;
    h.store.decisions.record = async (decision) => {
      if (failures-- > 0) throw new StoreUnavailableError('decisions.record', { cause: 'down' });
      return realRecord(decision);
    };
    const click = (deliveryKey: string) =>
      decide(h.deps, {
        teamId: 'T1',
        userId: 'U1',
        ref: { reviewId: view.reviewId, recommendationKey: key },
        request: { kind: 'ack' },
        deliveryKey,
      });
    // Act
    const first = click('1700000000.000100:U1').catch((e: unknown) => e);
    const firstError = await first;
    const retry = await click('1700000003.000200:U1');
    // Assert
    expect(firstError).toBeInstanceOf(StoreUnavailableError);
    expect(retry.outcome).toBe('recorded');
    expect(retry.view.decisions[key]).toMatchObject({ kind: 'ack', userId: 'U1' });
  });

  it('records one decision for a double click', async () => {
    h = digestHarness({
      now: '2026-11-30T09:00:00Z',
      snapshot: { cpuPercent: 90, memoryPercent: 50, dbConnections: 10, dbMaxConnections: 100 },
    });
    const view = await runStatus(h.deps, { teamId: 'T1', channelId: 'C1' });
    const key = view.review.recommendations[0]?.key ?? '';
    const click = (deliveryKey: string) =>
      decide(h.deps, {
        teamId: 'T1',
        userId: 'U1',
        ref: { reviewId: view.reviewId, recommendationKey: key },
        request: { kind: 'ack' },
        deliveryKey,
      });
    const outcomes = await Promise.all([click('a:U1'), click('b:U1')]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['duplicate', 'recorded']);
    expect(await h.store.decisions.listForReviews([view.reviewId])).toHaveLength(1);
  });
});
