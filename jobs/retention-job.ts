import { type ScheduledTask, schedule } from 'node-cron';
import type { Logger } from '../src/logging/logger.js';
import type { CleanupCounts } from '../src/store/ports.js';
import { cronLogger } from './cron-logger.js';

/**
 * Daily clean-up of history older than the retention window (store.retentionDays). Deletes are
 * idempotent, so every replica may run it; correctness never depends on it (expiry is always
 * checked in queries).
 */
export function startRetentionJob(
  cleanup: () => Promise<CleanupCounts>,
  logger: Logger,
): { stop(): Promise<void> } {
  const task: ScheduledTask = schedule(
    '17 3 * * *',
    async () => {
      try {
        logger.info({ ...(await cleanup()) }, 'retention clean-up finished');
      } catch (error) {
        logger.error({ err: error }, 'retention clean-up failed; will try again tomorrow');
      }
    },
    {
      name: 'scale-review-retention',
      noOverlap: true,
      timezone: 'Etc/UTC',
      logger: cronLogger(logger, 'retention'),
    },
  );
  return {
    async stop() {
      await task.stop();
    },
  };
}
