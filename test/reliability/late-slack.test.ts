import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDigestTick } from '../../src/digest/run-digest.js';
import type { Subscription } from '../../src/store/ports.js';
import { waitFor } from '../support/bot-harness.js';
import { digestRunsOf, seedDueSubscriptions } from './support/capture.js';
import { type DigestOverFake, startDigestOverFake } from './support/digest-over-fake.js';

/**
 * Slack applies a request after the client gave up on it: the digest's chat.postMessage reaches
 * Slack, which holds it; the client times out; Slack applies it 20 s after it was sent. This is
 * what made `slack-faults.test.ts` post two digests (and, until issue 22 removed the PNG upload,
 * two charts) on a loaded machine: its lookup ran 20 ms after the timeout, before the fake Slack in
 * the same process had applied the post, and the retry posted again.
 *
 * Time is the retry policy's own clock: the poster's waits move it, and Slack applies the held
 * request when it passes 20 s. The client's 250 ms timeout is the only real wait.
 */

const CLIENT_TIMEOUT_MS = 250;
/** When Slack applies the held request, on the policy's clock (after it was sent, at 0). */
const APPLIED_AT_MS = 20_000;
/** Production's: three client timeouts of 10 s (SETTLE_TIMEOUTS in create-digest-deps.ts). */
const SETTLE_MS = 30_000;

describe('Slack applies a digest request 20 s after the client gave up on it', () => {
  const clock = { ms: 0 };
  let appliedAt: number | null = null;
  let d: DigestOverFake;
  let subscription: Subscription;

  /** The digest over the fake Slack, with `attempts` per Slack call. */
  async function start(attempts: number): Promise<void> {
    d = await startDigestOverFake({
      clientTimeoutMs: CLIENT_TIMEOUT_MS,
      policy: {
        attempts,
        baseDelayMs: 20,
        maxDelayMs: 200,
        random: () => 0.5,
        settleMs: SETTLE_MS,
        now: () => clock.ms,
        sleep: async (ms) => {
          clock.ms += ms;
          if (clock.ms >= APPLIED_AT_MS && appliedAt === null) await slackApplies();
        },
      },
    });
    [subscription] = (await seedDueSubscriptions(d.store, {
      teamId: 'T0LATESLACK',
      count: 1,
      now: new Date(),
    })) as [Subscription];
  }

  beforeEach(() => {
    clock.ms = 0;
    appliedAt = null;
  });

  afterEach(async () => {
    await d?.close();
  });

  /** Slack applies what it held (the fake answers a socket the client has closed): a post shows. */
  async function slackApplies(): Promise<void> {
    appliedAt = clock.ms;
    const before = d.fake.messages().length;
    d.fake.releaseHeld();
    await waitFor(() => (d.fake.messages().length > before ? true : undefined));
  }

  it('the post is found by its metadata once it has settled, and never posted twice', async () => {
    // Arrange
    await start(2);
    d.fake.script('chat.postMessage', { kind: 'hang' });
    // Act
    const tick = await runDigestTick(d.deps, { concurrency: 1 });
    if (appliedAt === null) await slackApplies();
    // Assert: one digest, the late one, recorded as sent; it was looked up once, after it landed
    const digests = d.fake.messages(subscription.channelId).filter((m) => !m.thread_ts);
    const [run] = await digestRunsOf(d.store, [subscription]);
    expect(tick).toMatchObject({ sent: 1, failed: 0 });
    expect(digests).toHaveLength(1);
    expect(run?.posted?.ts).toBe(digests[0]?.ts);
    expect(d.fake.calls('chat.postMessage')).toHaveLength(1);
    expect(d.fake.calls('conversations.history')).toHaveLength(1);
    expect(appliedAt).toBeLessThanOrEqual(SETTLE_MS);
  });

  it('a post given up on after its last attempt is looked up once settled, not left to a rerun', async () => {
    // Arrange: one attempt per call, so the only lookup is the one after the last attempt
    await start(1);
    d.fake.script('chat.postMessage', { kind: 'hang' });
    // Act: a tick, and a second one at once (as another replica's tick could be)
    const first = await runDigestTick(d.deps, { concurrency: 1 });
    const second = await runDigestTick(d.deps, { concurrency: 1 });
    if (appliedAt === null) await slackApplies();
    // Assert: the late post was found and recorded by the first tick; nothing was posted again
    expect(first).toMatchObject({ sent: 1, failed: 0 });
    expect(second).toMatchObject({ due: 0 });
    expect(d.fake.calls('chat.postMessage')).toHaveLength(1);
    expect(d.fake.messages(subscription.channelId).filter((m) => !m.thread_ts)).toHaveLength(1);
  });
});
