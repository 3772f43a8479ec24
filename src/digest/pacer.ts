import type { DigestConfig } from './config.js';
import { defaultSleep } from './retry.js';

/**
 * Client-side pacing of chat.postMessage. Slack allows about 1 message per second per channel plus
 * a workspace-wide rate, and answers 429 + Retry-After beyond it. Without pacing a digest for many
 * channels sends in bursts and every refused post waits a whole second or more (the 429 storm of
 * docs/benchmarks.md); paced, posts leave evenly and are accepted the first time.
 *
 * Calls are spaced at least 1/ratePerSecond apart (a token bucket of capacity one): Slack counts
 * posts over a sliding window, so a larger bucket would let a burst and the refill overlap in one
 * window. Slots are taken in call order and reserved at once, so concurrent callers queue fairly.
 */

export interface Pacer {
  /** Resolves when the caller may send. */
  take(): Promise<void>;
}

export interface PacerOptions {
  ratePerSecond: number;
  /** Milliseconds (any origin, monotonic preferred). */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export function createPacer(options: PacerOptions): Pacer {
  if (!(options.ratePerSecond > 0) || !Number.isFinite(options.ratePerSecond)) {
    throw new RangeError(`ratePerSecond must be a positive number, got ${options.ratePerSecond}`);
  }
  const intervalMs = 1000 / options.ratePerSecond;
  let nextSlot = Number.NEGATIVE_INFINITY;
  return {
    async take() {
      const now = options.now();
      const slot = Math.max(now, nextSlot);
      nextSlot = slot + intervalMs;
      if (slot > now) await options.sleep(slot - now);
    },
  };
}

/** No pacing: every call goes at once. */
export const UNPACED: Pacer = { take: async () => {} };

/** The digest's pacer from `digest.postsPerSecond` (null: unpaced), on the real clock. */
export function postPacerFor(config: Pick<DigestConfig, 'postsPerSecond'>): Pacer {
  if (config.postsPerSecond === null) return UNPACED;
  return createPacer({
    ratePerSecond: config.postsPerSecond,
    now: () => performance.now(),
    sleep: defaultSleep,
  });
}
