import { afterEach, describe, expect, it } from 'vitest';
import { StatusAnswers, watchDecisions } from '../../src/app/status-answers.js';
import { createCachedSource } from '../../src/metrics/cached-source.js';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { type DigestHarness, digestHarness } from '../digest/digest-harness.js';

let h: DigestHarness;

afterEach(async () => {
  await h.close();
});

const BUSY = { cpuPercent: 90, memoryPercent: 50, dbConnections: 10, dbMaxConnections: 100 };
const TEAM = { teamId: 'T1', channelId: 'C1' };

/** StatusAnswers over the harness, with the metrics behind a 60 s cache on the harness clock. */
function setUp(options: { maxTeams?: number } = {}) {
  h = digestHarness({ now: '2026-11-30T09:00:00Z', snapshot: BUSY });
  h.deps.metrics = createCachedSource(h.metrics, {
    ttlSeconds: 60,
    maxStaleSeconds: 300,
    clock: () => h.clock.now.getTime(),
  });
  const answers = new StatusAnswers(h.deps, { ttlMs: 60_000, ...options });
  h.deps.store = watchDecisions(h.store, (teamId) => answers.invalidate(teamId));
  return answers;
}

const later = (ms: number) => {
  h.clock.now = new Date(h.clock.now.getTime() + ms);
};

describe('StatusAnswers', () => {
  it('has nothing to peek before the first answer, then the same answer without any fetch', async () => {
    const answers = setUp();
    const before = answers.peek('T1');

    const cold = await answers.get(TEAM);
    const fetches = h.metrics.calls;
    const warm = answers.peek('T1');

    expect(before).toBeNull();
    expect(warm).toEqual({ view: cold.view, message: cold.message, refreshDue: false });
    expect(h.metrics.calls).toBe(fetches);
    expect(answers.computed).toBe(1);
  });

  it('coalesces concurrent cold requests of one team into one computation', async () => {
    const answers = setUp();

    const all = await Promise.all(Array.from({ length: 10 }, () => answers.get(TEAM)));

    expect(answers.computed).toBe(1);
    expect(new Set(all.map((a) => a.message)).size).toBe(1);
  });

  it('keeps teams apart', async () => {
    const answers = setUp();
    await answers.get(TEAM);

    expect(answers.peek('T2')).toBeNull();
  });

  it('says a refresh is due past 75% of the TTL, and stops serving at the TTL', async () => {
    const answers = setUp();
    await answers.get(TEAM);

    later(44_000);
    const early = answers.peek('T1');
    later(1_000);
    const due = answers.peek('T1');
    const refreshed = await answers.refresh(TEAM);
    later(59_999);
    const beforeExpiry = answers.peek('T1');
    later(1);

    expect(early?.refreshDue).toBe(false);
    expect(due?.refreshDue).toBe(true);
    expect(beforeExpiry?.message).toBe(refreshed.message);
    expect(answers.peek('T1')).toBeNull();
    expect(answers.computed).toBe(2);
  });

  it('lets one refresh per team be claimed until it has run', async () => {
    const answers = setUp();
    await answers.get(TEAM);
    later(45_000);

    const first = answers.claimRefresh('T1');
    const second = answers.claimRefresh('T1');
    const whileQueued = answers.peek('T1');
    await answers.refresh(TEAM);
    later(45_000);
    const again = answers.claimRefresh('T1');

    expect([first, second]).toEqual([true, false]);
    expect(whileQueued?.refreshDue).toBe(false);
    expect(again).toBe(true);
  });

  it('is invalidated by a decision recorded through the watched store, even a failed one', async () => {
    // Arrange
    const answers = setUp();
    const first = await answers.get(TEAM);
    const key = first.view.review.recommendations[0]?.key ?? '';
    const decision = {
      teamId: 'T1',
      reviewId: first.view.reviewId,
      recommendationKey: key,
      kind: 'ack' as const,
      userId: 'U1',
      at: h.clock.now,
      snoozeUntil: null,
      metricsAtDecision: {},
    };
    // Act
    await h.deps.store.decisions.record(decision);
    const afterAck = answers.peek('T1');
    const second = await answers.get(TEAM);
    h.store.decisions.record = async () => {
      throw new StoreUnavailableError('decisions.record', { cause: 'down' });
    };
    await expect(h.deps.store.decisions.record(decision)).rejects.toThrow(StoreUnavailableError);
    // Assert
    expect(afterAck).toBeNull();
    expect(second.view.decisions[key]?.kind).toBe('ack');
    expect(answers.peek('T1')).toBeNull();
  });

  it('ends with the first snooze it shows', async () => {
    // Arrange
    const answers = setUp();
    const first = await answers.get(TEAM);
    const key = first.view.review.recommendations[0]?.key ?? '';
    await h.deps.store.decisions.record({
      teamId: 'T1',
      reviewId: first.view.reviewId,
      recommendationKey: key,
      kind: 'snooze',
      userId: 'U1',
      at: h.clock.now,
      snoozeUntil: new Date(h.clock.now.getTime() + 30_000),
      metricsAtDecision: {},
    });
    const snoozed = await answers.get(TEAM);
    // Act
    later(29_999);
    const during = answers.peek('T1');
    later(1);
    // Assert
    expect(snoozed.view.decisions[key]?.kind).toBe('snooze');
    expect(during?.message).toBe(snoozed.message);
    expect(answers.peek('T1')).toBeNull();
  });

  it('ends with the review period', async () => {
    const answers = setUp();
    h.clock.now = new Date('2026-12-06T23:59:30Z');
    await answers.get(TEAM);

    later(29_000);
    const sunday = answers.peek('T1');
    later(1_000);

    expect(sunday).not.toBeNull();
    expect(answers.peek('T1')).toBeNull();
  });

  it('is not kept when the metrics are not cached (no version)', async () => {
    const answers = setUp();
    h.deps.metrics = h.metrics;

    await answers.get(TEAM);

    expect(answers.peek('T1')).toBeNull();
  });

  it('keeps at most maxTeams answers, dropping the least recently computed', async () => {
    const answers = setUp({ maxTeams: 2 });

    for (const teamId of ['T1', 'T2', 'T3']) await answers.get({ teamId, channelId: 'C1' });

    expect(answers.peek('T1')).toBeNull();
    expect(answers.peek('T2')).not.toBeNull();
    expect(answers.peek('T3')).not.toBeNull();
  });
});
