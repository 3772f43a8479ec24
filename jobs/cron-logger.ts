import type { Logger as CronLogger } from 'node-cron';
import type { Logger } from '../src/logging/logger.js';

/** Routes node-cron's own messages into our structured log instead of raw stderr lines. */
export function cronLogger(logger: Logger, job: string): CronLogger {
  return {
    info: (message) => logger.info({ job, detail: message }, 'scheduler'),
    warn: (message) => logger.warn({ job, detail: message }, 'scheduler'),
    error: (message, err) => logger.error({ job, err: err ?? message }, 'scheduler error'),
    debug: () => undefined,
  };
}
