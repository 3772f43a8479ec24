import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { SlackPermanentError, SlackTransientError } from '../../src/digest/poster.js';
import { classify, noBlindRetry, type RetryPolicy, withRetries } from '../../src/digest/retry.js';

function policy(attempts = 4): RetryPolicy & { slept: number[] } {
  const slept: number[] = [];
  return {
    attempts,
    baseDelayMs: 100,
    maxDelayMs: 2_000,
    random: () => 0.5,
    sleep: async (ms) => {
      slept.push(ms);
    },
    slept,
  };
}

const rateLimited = (seconds: number) => new WebAPIRateLimitedError(seconds);
const platform = (error: string) => new WebAPIPlatformError({ ok: false, error });

describe('classify', () => {
  it('sorts Slack failures into rate limited, ambiguous and permanent', () => {
    expect(classify(rateLimited(3))).toEqual({
      kind: 'rateLimited',
      retryAfterMs: 3000,
      code: '429',
    });
    expect(classify(platform('channel_not_found'))).toEqual({
      kind: 'permanent',
      code: 'channel_not_found',
    });
    expect(classify(platform('internal_error'))).toEqual({
      kind: 'ambiguous',
      code: 'internal_error',
      answered: true,
    });
    expect(classify(new WebAPIHTTPError(503, 'Service Unavailable', {}))).toEqual({
      kind: 'ambiguous',
      code: 'http_503',
      answered: true,
    });
    // No answer from Slack itself: it may still be applying the request
    expect(classify(new WebAPIRequestError(new Error('ETIMEDOUT')))).toEqual({
      kind: 'ambiguous',
      code: 'request_error',
      answered: false,
    });
    expect(classify(new WebAPIHTTPError(504, 'Gateway Timeout', {}))).toMatchObject({
      answered: false,
    });
  });
});

describe('withRetries', () => {
  it('waits Retry-After (plus a little jitter) and tries again', async () => {
    const p = policy();
    const outcomes: (Error | string)[] = [rateLimited(2), rateLimited(1), 'ok'];
    const result = await withRetries(p, async () => {
      const next = outcomes.shift();
      if (next instanceof Error) throw next;
      return next;
    });
    expect(result).toBe('ok');
    expect(p.slept).toEqual([2000 + 12, 1000 + 25]);
  });

  it('looks for the effect of an ambiguous failure before trying again', async () => {
    const p = policy();
    let calls = 0;
    const result = await withRetries(
      p,
      async () => {
        calls += 1;
        throw new WebAPIRequestError(new Error('socket hang up'));
      },
      async () => 'found-ts',
    );
    expect(result).toBe('found-ts');
    expect(calls).toBe(1);
  });

  it('gives up at once on a permanent error', async () => {
    const p = policy();
    await expect(
      withRetries(p, async () => {
        throw platform('is_archived');
      }),
    ).rejects.toBeInstanceOf(SlackPermanentError);
    expect(p.slept).toEqual([]);
  });

  it('is bounded: after the last attempt it reports a transient error', async () => {
    const p = policy(3);
    let calls = 0;
    const attempt = withRetries(p, async () => {
      calls += 1;
      throw new WebAPIHTTPError(500, 'Internal Server Error', {});
    });
    await expect(attempt).rejects.toBeInstanceOf(SlackTransientError);
    expect(calls).toBe(3);
    expect(p.slept).toEqual([50, 100]);
  });
});

describe('an attempt that got no answer is looked up only once it has settled', () => {
  /** A policy on a clock of its own: a sleep moves it, and is recorded with its reason. */
  function settling(attempts: number, settleMs: number) {
    const clock = { ms: 0 };
    const slept: [number, string | undefined][] = [];
    const p: RetryPolicy = {
      ...policy(attempts),
      settleMs,
      now: () => clock.ms,
      sleep: async (ms, reason) => {
        slept.push([ms, reason]);
        clock.ms += ms;
      },
    };
    return { p, clock, slept };
  }

  it('waits until the timed-out attempt is settleMs old, then looks it up', async () => {
    // Arrange: the attempt times out after 10 s; Slack applies it 25 s after it was sent
    const { p, clock, slept } = settling(3, 30_000);
    const lookups: number[] = [];
    // Act
    const result = await withRetries(
      p,
      async () => {
        clock.ms += 10_000;
        throw new WebAPIRequestError(new Error('timeout of 10000ms exceeded'));
      },
      async () => {
        lookups.push(clock.ms);
        return clock.ms >= 25_000 ? 'late-ts' : null;
      },
    );
    // Assert: one lookup, 30 s after the attempt began, which finds it; no second attempt
    expect(result).toBe('late-ts');
    expect(lookups).toEqual([30_000]);
    expect(slept).toEqual([[20_000, 'settle']]);
  });

  it('after the last attempt too, so that the run given back is not looked up early', async () => {
    const { p, clock } = settling(1, 30_000);
    const result = await withRetries(
      p,
      async () => {
        throw new WebAPIRequestError(new Error('socket hang up'));
      },
      async () => (clock.ms >= 30_000 ? 'late-ts' : null),
    );
    expect(result).toBe('late-ts');
  });

  it('a failure Slack answered (a 500) is looked up after the usual backoff only', async () => {
    const { p, slept } = settling(2, 30_000);
    let calls = 0;
    const attempt = withRetries(
      p,
      async () => {
        calls += 1;
        throw new WebAPIHTTPError(500, 'Internal Server Error', {});
      },
      async () => null,
    );
    await expect(attempt).rejects.toBeInstanceOf(SlackTransientError);
    expect(calls).toBe(2);
    expect(slept).toEqual([[50, 'backoff']]);
  });
});

describe('noBlindRetry', () => {
  it('retries a 429 but not an ambiguous failure, which may already have taken effect', async () => {
    const p = policy();
    const outcomes: Error[] = [rateLimited(1), new WebAPIRequestError(new Error('socket hang up'))];
    let calls = 0;
    const attempt = withRetries(
      p,
      async () => {
        calls += 1;
        throw outcomes.shift() ?? new Error('unexpected third call');
      },
      noBlindRetry,
    );
    await expect(attempt).rejects.toBeInstanceOf(SlackTransientError);
    expect(calls).toBe(2);
  });
});
