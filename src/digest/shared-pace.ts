import type { Logger } from '../logging/logger.js';
import type { DigestPaceStore } from '../store/ports.js';
import type { PaceExchange } from './pacer.js';

/**
 * The key of the shared pace in single-workspace mode: the bot posts with one bot token, so the
 * replicas sharing a store post to one workspace, one key. An installed app keys it by tenant
 * (Slack's limits are per workspace and app): `storePaceExchange`'s `workspace`.
 */
export const SINGLE_WORKSPACE_PACE = 'chat.postMessage';

/** A sending replica exchanges its pace this often; a record this much older is a stopped one. */
const PACE_EXCHANGE_MS = 1000;
const PACE_FRESH_MS = 3 * PACE_EXCHANGE_MS;
const FAILURE_LOG_INTERVAL_MS = 60_000;

/** The pacer's exchange over the store: wall-clock times in the store, durations in the pacer. */
export function storePaceExchange(
  store: DigestPaceStore,
  owner: string,
  clock: () => Date,
  logger: Logger,
  workspace: string = SINGLE_WORKSPACE_PACE,
): PaceExchange {
  let warnedAt = Number.NEGATIVE_INFINITY;
  const warn = (error: unknown) => {
    const at = clock().getTime();
    if (at - warnedAt < FAILURE_LOG_INTERVAL_MS) return;
    warnedAt = at;
    logger.warn({ err: error }, 'digest pace exchange failed; this replica paces on its own view');
  };
  return {
    everyMs: PACE_EXCHANGE_MS,
    async exchange(mine) {
      const now = clock();
      const shared = await store
        .exchange({
          workspace,
          owner,
          postsPerSecond: mine.postsPerSecond,
          pausedUntil: mine.pauseMs > 0 ? new Date(now.getTime() + mine.pauseMs) : null,
          now,
          freshMs: PACE_FRESH_MS,
        })
        .catch((error: unknown) => {
          // The pacer keeps its own view (the pace is a hint); the failure is told, once a minute.
          warn(error);
          throw error;
        });
      return {
        postsPerSecond: shared.postsPerSecond,
        pauseMs: shared.pausedUntil ? Math.max(0, shared.pausedUntil.getTime() - now.getTime()) : 0,
        senders: shared.senders,
      };
    },
  };
}
