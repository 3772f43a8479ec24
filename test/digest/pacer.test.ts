import { WebAPIRateLimitedError, type WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { digestConfigSchema } from '../../src/digest/config.js';
import { createPacer, type Pacer } from '../../src/digest/pacer.js';
import type { RetryPolicy } from '../../src/digest/retry.js';
import { createSlackPoster } from '../../src/digest/slack-poster.js';

/** A pacer on a fake clock: sleeping advances the clock, and every wait is recorded. */
function pacedClock(ratePerSecond: number) {
  const clock = { now: 1_000, slept: [] as number[] };
  const pacer = createPacer({
    ratePerSecond,
    now: () => clock.now,
    sleep: async (ms) => {
      clock.slept.push(ms);
    },
  });
  return { clock, pacer };
}

describe('createPacer', () => {
  it('lets the first call go at once and spaces the next ones 1/rate apart, in call order', async () => {
    // Arrange
    const { clock, pacer } = pacedClock(20);
    // Act
    await Promise.all([pacer.take(), pacer.take(), pacer.take(), pacer.take()]);
    // Assert
    expect(clock.slept).toEqual([50, 100, 150]);
  });

  it('does not bank unused time: after a quiet spell the next call goes at once, the one after waits', async () => {
    // Arrange
    const { clock, pacer } = pacedClock(4);
    await pacer.take();
    clock.now += 10_000;
    // Act
    await pacer.take();
    await pacer.take();
    // Assert
    expect(clock.slept).toEqual([250]);
  });

  it('counts the time already passed against the wait', async () => {
    // Arrange
    const { clock, pacer } = pacedClock(10);
    await pacer.take();
    clock.now += 40;
    // Act
    await pacer.take();
    // Assert
    expect(clock.slept).toEqual([60]);
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

describe('the Slack poster with a pacer', () => {
  const policy: RetryPolicy = {
    attempts: 3,
    baseDelayMs: 100,
    maxDelayMs: 1_000,
    random: () => 0,
    sleep: async () => {},
  };

  function countingPacer(): Pacer & { taken: number } {
    const pacer = {
      taken: 0,
      take: async () => {
        pacer.taken += 1;
      },
    };
    return pacer;
  }

  it('takes a slot before every chat.postMessage attempt, retries after a 429 included', async () => {
    // Arrange
    const pacer = countingPacer();
    const answers: (Error | { ok: true; ts: string })[] = [
      new WebAPIRateLimitedError(1),
      { ok: true, ts: '1700000000.000100' },
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
    await poster.dm('U1', 'hello');
    // Assert
    expect(ts).toBe('1700000000.000100');
    expect(pacer.taken).toBe(3);
  });
});
