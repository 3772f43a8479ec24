import { WebAPIPlatformError, WebAPIRateLimitedError, type WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { digestConfigSchema } from '../../src/digest/config.js';
import {
  createPacer,
  type PaceExchange,
  type Pacer,
  type PacerOptions,
  type PostOutcome,
} from '../../src/digest/pacer.js';
import type { RetryPolicy } from '../../src/digest/retry.js';
import { createSlackPoster } from '../../src/digest/slack-poster.js';
import { virtualTime } from '../support/virtual-time.js';

type Options = Omit<PacerOptions, 'now' | 'sleep'>;

/** A pacer on virtual time, with every post's send time and the ability to answer it. */
function harness(options: Options) {
  const time = virtualTime();
  const pacer = createPacer({ ...options, now: time.now, sleep: time.sleep });
  const sentAt: number[] = [];
  const permits: { settle(outcome: PostOutcome): void }[] = [];
  const post = (label?: string, order?: string[]) =>
    pacer.take().then((permit) => {
      sentAt.push(time.state.now);
      permits.push(permit);
      if (label !== undefined) order?.push(label);
      return permit;
    });
  return { time, pacer, sentAt, permits, post };
}

const accepted: PostOutcome = { kind: 'accepted' };
const gaps = (times: readonly number[]) => times.slice(1).map((t, i) => t - (times[i] as number));

/** Posts `count` times; each is answered `latencyMs` after it leaves with `answer(i)`. */
async function sendMany(
  h: ReturnType<typeof harness>,
  count: number,
  latencyMs: number,
  answer: (i: number) => PostOutcome = () => accepted,
) {
  const target = h.sentAt.length + count;
  const done = Array.from({ length: count }, (_, i) =>
    h.post().then(async (permit) => {
      await h.time.sleep(latencyMs);
      permit.settle(answer(i));
    }),
  );
  while (h.sentAt.length < target) await h.time.advance(10);
  await h.time.advance(latencyMs + 10);
  await Promise.all(done);
}

describe('createPacer', () => {
  it('lets the first call go at once and spaces the next ones window/limit apart', async () => {
    // Arrange
    const h = harness({ ratePerSecond: 20 });
    // Act
    await sendMany(h, 5, 5);
    // Assert
    expect(h.sentAt[0]).toBe(0);
    expect(gaps(h.sentAt)).toEqual([50, 50, 50, 50]);
  });

  it('counts the spacing from the slot, so a late timer does not push every later post back', async () => {
    // Arrange: every timer fires 5 ms late (a busy event loop)
    const time = virtualTime();
    const pacer = createPacer({
      ratePerSecond: 20,
      now: time.now,
      sleep: (ms) => time.sleep(ms + 5),
    });
    const sentAt: number[] = [];
    // Act
    const all = [0, 1, 2, 3].map(() =>
      pacer.take().then((permit) => {
        sentAt.push(time.state.now);
        permit.settle(accepted);
      }),
    );
    while (sentAt.length < 4) await time.advance(5);
    await Promise.all(all);
    // Assert: 55, then 105 and 155 (not 110 and 165)
    expect(sentAt).toEqual([0, 55, 105, 155]);
  });

  it('does not bank unused time: after a quiet spell the next call goes at once', async () => {
    // Arrange
    const h = harness({ ratePerSecond: 4 });
    await sendMany(h, 1, 5);
    await h.time.advance(10_000);
    const start = h.time.state.now;
    // Act
    await sendMany(h, 2, 5);
    // Assert
    expect(h.sentAt.slice(1)).toEqual([start, start + 250]);
  });

  it('sends the post `limit` places later only a window after the earlier one was answered', async () => {
    // Arrange: 4 per second; answers take 30 ms, so a window of Slack's may see them shifted
    const h = harness({ ratePerSecond: 4 });
    // Act
    await sendMany(h, 6, 30);
    // Assert: posts 1-4 every 250 ms; post 5 after post 1's answer (30) + 1000 + 1 guard
    expect(h.sentAt).toEqual([0, 250, 500, 750, 1031, 1281]);
  });

  it('a post held up on the way (its answer late) holds back the post a window later', async () => {
    // Arrange: the first post's answer takes 400 ms (a busy event loop, a slow network)
    const h = harness({ ratePerSecond: 2 });
    const first = harness({ ratePerSecond: 2 });
    // Act
    await sendMany(h, 3, 0);
    const done = [0, 1, 2].map((i) =>
      first.post().then(async (permit) => {
        await first.time.sleep(i === 0 ? 400 : 0);
        permit.settle(accepted);
      }),
    );
    while (first.sentAt.length < 3) await first.time.advance(10);
    await Promise.all(done);
    // Assert: without the late answer the third post goes at 1001; with it, at 400 + 1000 + 1
    expect(h.sentAt).toEqual([0, 500, 1001]);
    expect(first.sentAt).toEqual([0, 500, 1401]);
  });

  it('wakes a waiter as soon as the answer it waits for comes, not a whole window later', async () => {
    // Arrange: one post per second; the first is never answered until 100 ms
    const h = harness({ ratePerSecond: 1 });
    const firstPermit = await h.post();
    const second = h.post();
    // Act
    await h.time.advance(100);
    firstPermit.settle(accepted);
    while (h.sentAt.length < 2) await h.time.advance(1);
    await second;
    // Assert
    expect(h.sentAt).toEqual([0, 1101]);
  });

  it('takes a post unanswered for a whole window as counted then, so a hung call stalls no one', async () => {
    // Arrange
    const h = harness({ ratePerSecond: 1 });
    await h.post();
    // Act
    const second = h.post();
    while (h.sentAt.length < 2) await h.time.advance(50);
    await second;
    // Assert: 0 + 1000 (taken as counted) + 1000 + 1
    expect(h.sentAt).toEqual([0, 2001]);
  });

  it('on a 429 pauses every caller for Retry-After and lowers the rate to what Slack counted', async () => {
    // Arrange: 10 per second; the 6th post is refused, Retry-After 2 s
    const h = harness({ ratePerSecond: 10 });
    // Act
    await sendMany(h, 9, 0, (i) =>
      i === 5 ? { kind: 'rateLimited', retryAfterMs: 2000 } : accepted,
    );
    // Assert: 5 posts were in Slack's window, so the limit is 5 per second (200 ms apart)
    expect(h.sentAt.slice(0, 6)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(h.sentAt[6]).toBe(2500);
    expect(gaps(h.sentAt.slice(6))).toEqual([200, 200]);
  });

  it('lowers the rate by at least one post per window, and never below one', async () => {
    // Arrange: every post refused (someone else fills the workspace's window)
    const h = harness({ ratePerSecond: 3 });
    // Act
    await sendMany(h, 6, 0, () => ({ kind: 'rateLimited', retryAfterMs: 1000 }));
    // Assert: 3 -> 1 -> 1...: each post goes after the previous Retry-After, and 1 s apart at least
    expect(gaps(h.sentAt).every((g) => g >= 1000)).toBe(true);
  });

  it('probes back up after sustained success, one post per window at a time, never above the ceiling', async () => {
    // Arrange: a refusal drops 4/s to 2/s
    const h = harness({ ratePerSecond: 4, probeAfterWindows: 2 });
    await sendMany(h, 3, 0, (i) =>
      i === 2 ? { kind: 'rateLimited', retryAfterMs: 1000 } : accepted,
    );
    const afterDrop = h.sentAt.length;
    // Act: 40 accepted posts
    await sendMany(h, 40, 0);
    // Assert: the spacing shrinks 500 -> 333 -> 250 ms and stays there (the ceiling, 4/s)
    const later = gaps(h.sentAt.slice(afterDrop)).map(Math.round);
    expect(later[0]).toBe(500);
    expect(later).toContain(333);
    // (every 4th gap is 1 ms longer: the guard of the window rule)
    expect(later.slice(-10).every((g) => g === 250 || g === 251)).toBe(true);
    expect(Math.min(...later)).toBe(250);
  });

  it('serves concurrent callers in call order, one at a time', async () => {
    // Arrange
    const h = harness({ ratePerSecond: 10 });
    const order: string[] = [];
    // Act
    const all = ['a', 'b', 'c', 'd', 'e'].map((label) =>
      h.post(label, order).then((permit) => permit.settle(accepted)),
    );
    while (order.length < 5) await h.time.advance(10);
    await Promise.all(all);
    // Assert
    expect(order).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(gaps(h.sentAt)).toEqual([100, 100, 100, 100]);
  });

  it('ignores a second settle of one permit', async () => {
    const h = harness({ ratePerSecond: 10 });
    const permit = await h.post();
    permit.settle(accepted);
    permit.settle({ kind: 'rateLimited', retryAfterMs: 60_000 });
    await sendMany(h, 1, 0);
    expect(h.sentAt).toEqual([0, 100]);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses a rate of %s', (rate) => {
    expect(() => createPacer({ ratePerSecond: rate, now: () => 0, sleep: async () => {} })).toThrow(
      RangeError,
    );
  });

  it('is configured by digest.postsPerSecond: 20 by default, null turns it off', () => {
    expect(digestConfigSchema.parse({}).postsPerSecond).toBe(20);
    expect(digestConfigSchema.parse({ postsPerSecond: null }).postsPerSecond).toBeNull();
    expect(digestConfigSchema.safeParse({ postsPerSecond: 0 }).success).toBe(false);
  });
});

describe('createPacer shared between replicas', () => {
  function exchange(answer: () => { postsPerSecond: number; pauseMs: number; senders: number }) {
    const seen: { postsPerSecond: number; pauseMs: number }[] = [];
    const share: PaceExchange = {
      everyMs: 1000,
      exchange: async (mine) => {
        seen.push(mine);
        return answer();
      },
    };
    return { share, seen };
  }

  it('sends its share of the workspace rate: half of it with two replicas sending', async () => {
    // Arrange
    const { share, seen } = exchange(() => ({ postsPerSecond: 20, pauseMs: 0, senders: 2 }));
    const h = harness({ ratePerSecond: 20, share });
    // Act
    await sendMany(h, 5, 0);
    // Assert: the first post goes before the answer; then 100 ms apart (10/s)
    expect(gaps(h.sentAt).slice(1)).toEqual([100, 100, 100]);
    expect(seen[0]).toEqual({ postsPerSecond: 20, pauseMs: 0 });
  });

  it("takes another replica's lower limit and Retry-After, and tells its own 429 at once", async () => {
    // Arrange: the first exchange says another replica learned 5/s and Slack asked for 3 s
    let calls = 0;
    const { share, seen } = exchange(() =>
      calls++ === 0
        ? { postsPerSecond: 5, pauseMs: 3000, senders: 1 }
        : { postsPerSecond: 5, pauseMs: 0, senders: 1 },
    );
    const h = harness({ ratePerSecond: 20, share });
    // Act
    await sendMany(h, 3, 0, (i) =>
      i === 2 ? { kind: 'rateLimited', retryAfterMs: 1000 } : accepted,
    );
    // Assert
    expect(h.sentAt[0]).toBe(0);
    expect(h.sentAt[1]).toBeGreaterThanOrEqual(3000);
    // Only post 2 was in Slack's window when post 3 was refused: halved, not cut to 1
    expect(seen.at(-1)).toEqual({ postsPerSecond: 2.5, pauseMs: 1000 });
  });

  it('keeps its own pace when the store cannot answer', async () => {
    const share: PaceExchange = {
      everyMs: 1000,
      exchange: async () => {
        throw new Error('store down');
      },
    };
    const h = harness({ ratePerSecond: 10, share });
    await sendMany(h, 3, 0);
    expect(gaps(h.sentAt)).toEqual([100, 100]);
  });
});

describe('the Slack poster with a pacer', () => {
  const policy: RetryPolicy = {
    attempts: 3,
    baseDelayMs: 100,
    maxDelayMs: 1_000,
    random: () => 0,
    sleep: async () => {},
  };

  function recordingPacer(): Pacer & { outcomes: PostOutcome[] } {
    const outcomes: PostOutcome[] = [];
    return {
      outcomes,
      take: async () => ({ settle: (outcome) => outcomes.push(outcome) }),
    };
  }

  it('takes a slot before every chat.postMessage attempt and tells the pacer how each ended', async () => {
    // Arrange
    const pacer = recordingPacer();
    const answers: (Error | { ok: true; ts: string })[] = [
      new WebAPIRateLimitedError(2),
      { ok: true, ts: '1700000000.000100' },
      new WebAPIPlatformError({ ok: false, error: 'internal_error' }),
      { ok: true, ts: '1700000000.000200' },
    ];
    const client = {
      chat: {
        postMessage: async () => {
          const next = answers.shift();
          if (next instanceof Error) throw next;
          return next;
        },
      },
    } as unknown as WebClient;
    const poster = createSlackPoster(client, policy, { pacer });
    // Act
    const ts = await poster.post('C1', {
      text: 'digest',
      blocks: [],
      metadata: {
        event_type: 'scale_review_digest',
        event_payload: { subscriptionId: 's', periodKey: 'p' },
      },
    });
    await expect(poster.dm('U1', 'hello')).rejects.toThrow();
    // Assert
    expect(ts).toBe('1700000000.000100');
    expect(pacer.outcomes).toEqual([
      { kind: 'rateLimited', retryAfterMs: 2000 },
      { kind: 'accepted' },
      { kind: 'failed' },
    ]);
  });
});
