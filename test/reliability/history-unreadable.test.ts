import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDigestTick } from '../../src/digest/run-digest.js';
import type { Subscription } from '../../src/store/ports.js';
import { digestRunsOf, seedDueSubscriptions } from './support/capture.js';
import { type DigestOverFake, startDigestOverFake } from './support/digest-over-fake.js';

/**
 * Reading Slack back is a last resort: our store records every ts Slack returns, and Slack limits
 * `conversations.history` to one call a minute for apps outside its Marketplace. When a post got
 * no answer and the history cannot be read for now, the run waits for the next tick (never a
 * blind second post, never a failure of the digest); when Slack refuses the read for good, the
 * digest is sent. Time is the retry policy's own clock; no real waits.
 */
describe('the channel history cannot be read after a post that got no answer', () => {
  const clock = { ms: 0 };
  let d: DigestOverFake;
  let subscription: Subscription;

  beforeEach(async () => {
    clock.ms = 0;
    d = await startDigestOverFake({
      clientTimeoutMs: 250,
      policy: {
        attempts: 2,
        baseDelayMs: 20,
        maxDelayMs: 200,
        random: () => 0.5,
        settleMs: 1000,
        now: () => clock.ms,
        sleep: async (ms) => {
          clock.ms += ms;
        },
      },
    });
    [subscription] = (await seedDueSubscriptions(d.store, {
      teamId: 'T0HISTORYLIMIT',
      count: 1,
      now: new Date(),
    })) as [Subscription];
  });

  afterEach(async () => {
    await d?.close();
  });

  it('a lookup that fails for now gives the run back: the next tick finds the post, never posts twice', async () => {
    // Arrange: the post lands but its answer is lost; the history answers 429 to both lookups
    d.fake.script('chat.postMessage', { kind: 'lostResponse' });
    d.fake.script(
      'conversations.history',
      { kind: 'rateLimited', retryAfterSeconds: 1 },
      { kind: 'rateLimited', retryAfterSeconds: 1 },
    );
    // Act: the tick, then the next one (the history answers again)
    const first = await runDigestTick(d.deps, { concurrency: 1 });
    const second = await runDigestTick(d.deps, {
      concurrency: 1,
      only: { channelId: subscription.channelId },
    });
    // Assert: one digest, found and recorded by the second tick; nothing marked failed for good
    const digests = d.fake.messages(subscription.channelId).filter((m) => !m.thread_ts);
    const [run] = await digestRunsOf(d.store, [subscription]);
    expect(first).toMatchObject({ sent: 0, failed: 1 });
    expect(second).toMatchObject({ edited: 1, failed: 0 });
    expect(digests).toHaveLength(1);
    expect(d.fake.calls('chat.postMessage')).toHaveLength(1);
    expect(run?.posted?.ts).toBe(digests[0]?.ts);
    expect((await d.store.subscriptions.getById(subscription.id))?.lastResult?.status).toBe(
      'edited',
    );
  });

  it('a lookup Slack refuses for good (missing_scope) counts as not found: the digest is sent, not failed', async () => {
    // Arrange: the first post gets no answer and does not land; the history is refused for good
    d.fake.script('chat.postMessage', { kind: 'httpError', status: 504 });
    d.fake.script(
      'conversations.history',
      { kind: 'slackError', error: 'missing_scope' },
      { kind: 'slackError', error: 'missing_scope' },
    );
    // Act
    const tick = await runDigestTick(d.deps, { concurrency: 1 });
    // Assert
    const digests = d.fake.messages(subscription.channelId).filter((m) => !m.thread_ts);
    const [run] = await digestRunsOf(d.store, [subscription]);
    expect(tick).toMatchObject({ sent: 1, failed: 0 });
    expect(digests).toHaveLength(1);
    expect(run?.posted?.ts).toBe(digests[0]?.ts);
    expect(d.lines.some((l) => l.includes('refused for good; treated as not posted'))).toBe(true);
  });
});
