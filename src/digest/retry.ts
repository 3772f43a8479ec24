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
  /** The call may or may not have taken effect (timeout, 5xx, dropped connection). */
  | { kind: 'ambiguous'; code: string }
  | { kind: 'permanent'; code: string };

const PERMANENT = new Set<string>(PERMANENT_CHANNEL_ERRORS);

export function classify(error: unknown): Failure {
  if (error instanceof WebAPIRateLimitedError) {
    return { kind: 'rateLimited', retryAfterMs: Math.max(error.retryAfter, 1) * 1000, code: '429' };
  }
  if (error instanceof WebAPIPlatformError) {
    const code = String(error.data.error ?? 'unknown_error');
    if (code === 'ratelimited') return { kind: 'rateLimited', retryAfterMs: 1000, code };
    // A refusal naming a native block is as final as invalid_blocks: the poster drops them.
    const permanent = PERMANENT.has(code) || nativeBlocksRefusal(error) !== null;
    return permanent ? { kind: 'permanent', code } : { kind: 'ambiguous', code };
  }
  if (error instanceof WebAPIHTTPError) {
    if (error.statusCode === 429) return { kind: 'rateLimited', retryAfterMs: 1000, code: '429' };
    return { kind: 'ambiguous', code: `http_${error.statusCode}` };
  }
  if (error instanceof WebAPIRequestError) return { kind: 'ambiguous', code: 'request_error' };
  return { kind: 'ambiguous', code: error instanceof Error ? error.name : 'unknown_error' };
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
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

/**
 * Runs `call` with bounded retries. Before retrying after an ambiguous failure, `recover` may find
 * what the failed attempt did (the digest looks its message up by metadata), so nothing is doubled.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  call: () => Promise<T>,
  recover?: () => Promise<T | null>,
): Promise<T> {
  let last: Failure = { kind: 'ambiguous', code: 'not_attempted' };
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    if (attempt > 1 && last.kind === 'ambiguous' && recover) {
      const found = await recover();
      if (found !== null) return found;
    }
    try {
      return await call();
    } catch (error) {
      last = classify(error);
      if (last.kind === 'permanent') throw new SlackPermanentError(last.code, { cause: error });
      if (attempt === policy.attempts) throw new SlackTransientError(last.code, { cause: error });
      await policy.sleep(backoffMs(policy, attempt, last));
    }
  }
  throw new SlackTransientError(last.code);
}

/**
 * A `recover` for calls that cannot be looked up afterwards (a file upload, a DM): after an
 * ambiguous failure the call is not retried, because it may already have taken effect; only 429s
 * (which never take effect) are retried.
 */
export async function noBlindRetry(): Promise<never> {
  throw new SlackTransientError('ambiguous_not_retried');
}
