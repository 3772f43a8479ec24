import { type ScheduledTask, schedule } from 'node-cron';
import { purgedRecordCount } from '../src/app/uninstall.js';
import type { Logger } from '../src/logging/logger.js';
import type { PurgeOutcome } from '../src/store/ports.js';
import { cronLogger } from './cron-logger.js';

/** Every hour, at minute 41 (away from the digest's and the retention's busy minutes). */
export const PURGE_CRON = '41 * * * *';

/**
 * Hourly purge of the workspaces uninstalled longer ago than their retention
 * (UNINSTALL_RETENTION_DAYS; docs/operations.md, "Uninstall and retention"): every record of
 * theirs goes (src/app/uninstall.ts `purgeDueTenants`). Purges are idempotent and resumable, so
 * every replica may run it; one log line per tenant.
 */
export function startPurgeJob(
  purge: () => Promise<PurgeOutcome[]>,
  logger: Logger,
  cron = PURGE_CRON,
): { stop(): Promise<void> } {
  const task: ScheduledTask = schedule(cron, () => runPurge(purge, logger), {
    name: 'scale-review-purge',
    noOverlap: true,
    timezone: 'Etc/UTC',
    logger: cronLogger(logger, 'purge'),
  });
  return {
    async stop() {
      await task.stop();
    },
  };
}

/** One run: purges what is due and logs each tenant; a failure is logged, never thrown. */
export async function runPurge(
  purge: () => Promise<PurgeOutcome[]>,
  logger: Logger,
): Promise<PurgeOutcome[]> {
  try {
    const outcomes = await purge();
    for (const { key, outcome, counts } of outcomes) {
      const meta = { tenant: key, records: purgedRecordCount(counts), counts };
      if (outcome === 'purged') logger.info(meta, 'uninstalled workspace purged');
      else
        logger.info(meta, 'uninstalled workspace reinstalled before its purge: new install kept');
    }
    return outcomes;
  } catch (error) {
    logger.error(
      { err: error },
      'purge of uninstalled workspaces failed; will try again in an hour',
    );
    return [];
  }
}
