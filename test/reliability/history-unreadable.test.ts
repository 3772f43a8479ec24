import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDigestTick } from '../../src/digest/run-digest.js';
import type { Subscription } from '../../src/store/ports.js';
import { digestRunsOf, seedDueSubscriptions } from './support/capture.js';
import { type DigestOverFake, startDigestOverFake } from './support/digest-over-fake.js';

/**
 * Reading Slack back is a last resort: our store records every ts Slack returns, and Slack limits
 * `conversations.history` to one call a minute for apps outside its Marketplace. When a post got
 * no answer and the history cannot be read either, the digest is still sent (and recorded), never
 * failed for the lookup. Time is the retry policy's own clock; no real waits.
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

  it('sends the digest and records it, with a warning, instead of failing it', async () => {
    // Arrange: the first post gets no answer (and does not land); every history read is refused
    d.fake.script('chat.postMessage', { kind: 'httpError', status: 504 });
    d.fake.script(
      'conversations.history',
      { kind: 'slackError', error: 'ratelimited' },
      { kind: 'slackError', error: 'ratelimited' },
    );
    // Act
    const tick = await runDigestTick(d.deps, { concurrency: 1 });
    // Assert
    const digests = d.fake.messages(subscription.channelId).filter((m) => !m.thread_ts);
    const [run] = await digestRunsOf(d.store, [subscription]);
    expect(tick).toMatchObject({ sent: 1, failed: 0 });
    expect(digests).toHaveLength(1);
    expect(run?.posted?.ts).toBe(digests[0]?.ts);
    expect(d.fake.calls('conversations.history').length).toBeGreaterThanOrEqual(1);
    expect(d.lines.some((l) => l.includes('treated as not posted'))).toBe(true);
  });
});
