import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import { nativeBlocksRefusal } from '../slack-api/native-refusal.js';
import { PERMANENT_CHANNEL_ERRORS, SlackPermanentError, SlackTransientError } from './poster.js';

/** How a failed Web API call may be retried. */
export type Failure =
  /** 429: nothing happened; wait Retry-After, then retry. */
  | { kind: 'rateLimited'; retryAfterMs: number; code: string }
  /**
   * The call may or may not have taken effect (timeout, 5xx, dropped connection). `answered`:
   * Slack itself answered (a 5xx, `ok: false`), so it is done with the request; otherwise (no
   * answer in time, a dropped connection, a gateway's 502 or 504) Slack may still be applying it.
   */
  | { kind: 'ambiguous'; code: string; answered: boolean }
  | { kind: 'permanent'; code: string };

const PERMANENT = new Set<string>(PERMANENT_CHANNEL_ERRORS);
/** A proxy in front of Slack gave up waiting: the request may still be running behind it. */
const GATEWAY_STATUSES = new Set([502, 504]);

export function classify(error: unknown): Failure {
  if (error instanceof WebAPIRateLimitedError) {
    return { kind: 'rateLimited', retryAfterMs: Math.max(error.retryAfter, 1) * 1000, code: '429' };
  }
  if (error instanceof WebAPIPlatformError) {
    const code = String(error.data.error ?? 'unknown_error');
    if (code === 'ratelimited') return { kind: 'rateLimited', retryAfterMs: 1000, code };
    // A refusal naming a native block is as final as invalid_blocks: the poster drops them.
    const permanent = PERMANENT.has(code) || nativeBlocksRefusal(error) !== null;
    return permanent ? { kind: 'permanent', code } : { kind: 'ambiguous', code, answered: true };
  }
  if (error instanceof WebAPIHTTPError) {
    if (error.statusCode === 429) return { kind: 'rateLimited', retryAfterMs: 1000, code: '429' };
    const answered = !GATEWAY_STATUSES.has(error.statusCode);
    return { kind: 'ambiguous', code: `http_${error.statusCode}`, answered };
  }
  if (error instanceof WebAPIRequestError) {
    return { kind: 'ambiguous', code: 'request_error', answered: false };
  }
  const code = error instanceof Error ? error.name : 'unknown_error';
  return { kind: 'ambiguous', code, answered: false };
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Waits `ms`: a backoff or Retry-After before the next attempt, or an attempt settling. */
  sleep: (ms: number, reason?: 'backoff' | 'settle') => Promise<void>;
  random: () => number;
  /**
   * How long after an attempt began a request that got no answer may still take effect at Slack
   * (default 0). Its effect is looked up (`recover`) only once that long has passed: a lookup made
   * while Slack is still applying the request finds nothing, and the retry would do it twice.
   */
  settleMs?: number;
  /** Milliseconds, for `settleMs` (default Date.now). */
  now?: () => number;
}

/**
 * A plain timer: it keeps the process alive while it waits, so `scale-review digest --now` is not
 * ended by Node in the middle of a Retry-After or pacing wait (an unref'd timer let the process
 * exit with code 13, its summary never printed). The bot's shutdown has its own deadline.
 */
export const defaultSleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

/** Exponential backoff with full jitter; Retry-After is honoured as a floor. */
function backoffMs(policy: RetryPolicy, attempt: number, failure: Failure): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jitter = Math.floor(policy.random() * exp);
  if (failure.kind === 'rateLimited') return failure.retryAfterMs + Math.floor(jitter / 4);
  return jitter;
}

/** The wait before looking up an ambiguous attempt begun at `startedAt`: until it has settled. */
function settleWaitMs(policy: RetryPolicy, failure: Failure, startedAt: number): number {
  if (failure.kind !== 'ambiguous' || failure.answered) return 0;
  const now = policy.now ?? Date.now;
  return Math.max(0, startedAt + (policy.settleMs ?? 0) - now());
}

/**
 * Runs `call` with bounded retries. After an ambiguous failure, `recover` may find what the failed
 * attempt did (the digest looks its message up by metadata), so nothing is doubled: it runs once
 * the attempt has settled (`settleMs`), before the next attempt, and after the last one too, so
 * that a call given up on is never left for a later run to look up too early.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  call: () => Promise<T>,
  recover?: () => Promise<T | null>,
): Promise<T> {
  const now = policy.now ?? Date.now;
  for (let attempt = 1; ; attempt++) {
    const startedAt = now();
    try {
      return await call();
    } catch (error) {
      const failure = classify(error);
      if (failure.kind === 'permanent') {
        throw new SlackPermanentError(failure.code, { cause: error });
      }
      const last = attempt >= policy.attempts;
      if (failure.kind === 'ambiguous' && recover === noBlindRetry) {
        throw new SlackTransientError('ambiguous_not_retried', { cause: error });
      }
      if (failure.kind === 'ambiguous' && recover) {
        const backoff = last ? 0 : backoffMs(policy, attempt, failure);
        const settle = settleWaitMs(policy, failure, startedAt);
        if (settle > backoff) await policy.sleep(settle, 'settle');
        else if (backoff > 0) await policy.sleep(backoff, 'backoff');
        const found = await recover();
        if (found !== null) return found;
        if (last) throw new SlackTransientError(failure.code, { cause: error });
        continue;
      }
      if (last) throw new SlackTransientError(failure.code, { cause: error });
      await policy.sleep(backoffMs(policy, attempt, failure), 'backoff');
    }
  }
}

/**
 * A `recover` for calls that cannot be looked up afterwards (a file upload, a DM): after an
 * ambiguous failure the call is not retried, because it may already have taken effect; only 429s
 * (which never take effect) are retried.
 */
export async function noBlindRetry(): Promise<never> {
  throw new SlackTransientError('ambiguous_not_retried');
}
