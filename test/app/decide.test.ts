import { afterEach, describe, expect, it } from 'vitest';
import { computeStatus } from '../../src/app/compute-status.js';
import { type DecideInput, decide } from '../../src/app/decisions.js';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { type DigestHarness, digestHarness } from '../digest/digest-harness.js';

let h: DigestHarness;

afterEach(async () => {
  await h.close();
});

/** A status message whose first recommendation (CPU at 90%) is clicked by U1 of team T1. */
async function statusToClick() {
  h = digestHarness({
    now: '2026-11-30T09:00:00Z',
    snapshot: { cpuPercent: 90, memoryPercent: 50, dbConnections: 10, dbMaxConnections: 100 },
  });
  const { view } = await computeStatus(h.deps, {
    teamId: 'T1',
    channelId: 'C1',
    requestedBy: 'slack',
  });
  const key = view.review.recommendations[0]?.key ?? '';
  const click = (deliveryKey: string, request: DecideInput['request'] = { kind: 'ack' }) =>
    decide(h.deps, {
      teamId: 'T1',
      userId: 'U1',
      ref: { reviewId: view.reviewId, recommendationKey: key },
      request,
      deliveryKey,
    });
  return { view, key, click };
}

describe('decide', () => {
  it('lets the retry of a click through when the first attempt could not be recorded', async () => {
    // Arrange: a review with a recommendation, and a store that fails the first record
    const { key, click } = await statusToClick();
    const realRecord = h.store.decisions.record.bind(h.store.decisions);
    let failures = 1;
    h.store.decisions.record = async (decision) => {
      if (failures-- > 0) throw new StoreUnavailableError('decisions.record', { cause: 'down' });
      return realRecord(decision);
    };
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
    const { view, click } = await statusToClick();
    // The second click waits for the first one's decision: one event-loop turn per poll
    h.deps.sleep = () => new Promise((resolve) => setImmediate(resolve));
    const outcomes = await Promise.all([click('a:U1'), click('b:U1')]);
    const later = await click('c:U1');
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['duplicate', 'recorded']);
    expect(later.outcome).toBe('duplicate');
    expect(await h.store.decisions.listForReviews([view.reviewId])).toHaveLength(1);
  });

  it('a click whose key outlived its failed decision (the store was down) is taken over', async () => {
    // Arrange: the decision fails and the key cannot be forgotten
    const { view, click } = await statusToClick();
    const realRecord = h.store.decisions.record.bind(h.store.decisions);
    const realForget = h.store.idempotency.forget.bind(h.store.idempotency);
    let down = true;
    h.store.decisions.record = async (decision) => {
      if (down) throw new StoreUnavailableError('decisions.record', { cause: 'down' });
      return realRecord(decision);
    };
    h.store.idempotency.forget = async (...args) => {
      if (down) throw new StoreUnavailableError('idempotency.forget', { cause: 'down' });
      return realForget(...args);
    };
    const waits: number[] = [];
    h.deps.sleep = async (ms) => {
      waits.push(ms);
    };
    const failed = await click('1700000000.000100:U1').catch((e: unknown) => e);
    down = false;
    // Act: the click again, 15 s later
    h.clock.now = new Date('2026-11-30T09:00:15Z');
    const again = await click('1700000015.000100:U1');
    // Assert
    expect(failed).toBeInstanceOf(StoreUnavailableError);
    expect(again.outcome).toBe('recorded');
    expect(waits.reduce((a, b) => a + b, 0)).toBe(2_000);
    expect(await h.store.decisions.listForReviews([view.reviewId])).toHaveLength(1);
  });

  it('compares a click with the latest decision: un-snooze, snooze, un-snooze within 30 s all count', async () => {
    const { key, click } = await statusToClick();
    const until = new Date('2026-12-07T09:00:00Z');
    const requests: DecideInput['request'][] = [
      { kind: 'snooze', until },
      { kind: 'unsnooze' },
      { kind: 'snooze', until },
      { kind: 'unsnooze' },
    ];
    const outcomes = [];
    for (const [i, request] of requests.entries()) {
      h.clock.now = new Date(Date.parse('2026-11-30T09:00:00Z') + i * 5_000);
      outcomes.push((await click(`t${i}:U1`, request)).outcome);
    }
    expect(outcomes).toEqual(['recorded', 'recorded', 'recorded', 'recorded']);
    expect(await h.store.decisions.active('T1', key, h.clock.now)).toBeNull();
  });

  it('reads the clicked review once and computes its message once', async () => {
    // Arrange: a store that counts the reads of a review and of its message's view
    const { key, click } = await statusToClick();
    const counts = { reads: 0, views: 0 };
    const get = h.store.reviews.get.bind(h.store.reviews);
    h.store.reviews.get = async (id) => {
      counts.reads += 1;
      const record = await get(id);
      if (record === null) return null;
      // Computing a record's message reads its `view` once: count them.
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
    const result = await click('1700000000.000100:U1');
    // Assert
    expect(result.outcome).toBe('recorded');
    expect(result.view.decisions[key]).toMatchObject({ kind: 'ack', userId: 'U1' });
    expect(counts).toEqual({ reads: 1, views: 1 });
  });
});
