import { afterEach, describe, expect, it } from 'vitest';
import { subscribe } from '../../src/app/subscriptions.js';
import { SlackTransientError } from '../../src/digest/poster.js';
import { runDigestTick } from '../../src/digest/run-digest.js';
import type { Store } from '../../src/store/ports.js';
import { type DigestHarness, digestHarness } from './digest-harness.js';

const TEAM = 'T1';
let h: DigestHarness;

afterEach(async () => {
  await h.close();
});

/** Counts the review records read by id (`reviews.get`) from now on. */
function countReviewReads(store: Store): { reads: number } {
  const counter = { reads: 0 };
  const get = store.reviews.get.bind(store.reviews);
  store.reviews.get = (id) => {
    counter.reads += 1;
    return get(id);
  };
  return counter;
}

/** The channels subscribed on Saturday 28 Nov; the clock then at their Monday 09:00 UTC slot. */
async function subscribeChannels(channelIds: readonly string[]) {
  h.clock.now = new Date('2026-11-28T10:00:00Z');
  for (const channelId of channelIds) {
    const input = { teamId: TEAM, channelId, userId: 'U1', schedule: null, timezone: 'UTC' };
    await subscribe(h.deps, input);
  }
  h.clock.now = new Date('2026-11-30T09:00:30Z');
}

describe('the digest reads what it must from the store, no more', () => {
  it('renders each channel from the record it wrote, without reading it back', async () => {
    // Arrange: three channels of one team due at once, no snooze to look up
    h = digestHarness({ now: '2026-11-28T10:00:00Z' });
    await subscribeChannels(['C1', 'C2', 'C3']);
    const counter = countReviewReads(h.store);
    // Act
    const summary = await runDigestTick(h.deps);
    // Assert: every channel sent, no review record read (one read per channel before)
    expect(summary).toMatchObject({ due: 3, sent: 3, failed: 0 });
    expect(counter.reads).toBe(0);
    // ...and each run still names the record its message shows (the one the channels share)
    const subscriptions = await h.store.subscriptions.list(TEAM);
    const runs = await Promise.all(
      subscriptions.map((sub) => h.store.digestRuns.get(sub.id, '2026-W49')),
    );
    const [reviewId] = runs.map((run) => run?.reviewId);
    expect(reviewId).toEqual(expect.any(String));
    expect(runs.map((run) => run?.reviewId)).toEqual([reviewId, reviewId, reviewId]);
    expect(h.poster.posted.map((post) => post.message.text.includes('Scaling Indicators'))).toEqual(
      [true, true, true],
    );
  });

  it('a rerun reads the record its first attempt showed, once', async () => {
    // Arrange: the first attempt posts, then fails ambiguously (its ts is never recorded)
    h = digestHarness({ now: '2026-11-28T10:00:00Z' });
    await subscribeChannels(['C1']);
    h.poster.failAfterPosting = new SlackTransientError('request_error');
    await runDigestTick(h.deps);
    const firstText = h.poster.posted[0]?.message.text;
    const counter = countReviewReads(h.store);
    // Act: the next tick re-claims the run
    h.clock.now = new Date('2026-11-30T09:01:30Z');
    const summary = await runDigestTick(h.deps);
    // Assert: the edit shows the first attempt's record, read once
    expect(summary).toMatchObject({ edited: 1 });
    expect(counter.reads).toBe(1);
    expect(h.poster.posted[0]?.message.text).toBe(firstText);
  });
});
