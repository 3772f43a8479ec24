import { type ScheduledTask, schedule } from 'node-cron';
import type { TickOptions, TickSummary } from '../src/digest/run-digest.js';
import type { Logger } from '../src/logging/logger.js';
import { cronLogger } from './cron-logger.js';

/** Told about every tick (the bot counts them in its Prometheus metrics, src/ops/). */
export interface DigestTickObserver {
  tickFinished(summary: TickSummary): void;
  tickFailed(error: unknown): void;
}

export interface DigestJob {
  /** Resolves when a tick in progress (if any) has finished. */
  stop(): Promise<void>;
}

/**
 * The digest scheduler: every replica ticks once a minute; the schedule itself (per channel and
 * timezone) lives in the shared store, so nothing is lost while a process is down. The first tick
 * runs at start-up, which catches up any period missed during downtime.
 */
export function startDigestJob(
  tick: (options?: TickOptions) => Promise<TickSummary>,
  logger: Logger,
  cron = '* * * * *',
  observer?: DigestTickObserver,
): DigestJob {
  let running: Promise<unknown> | null = null;
  // node-cron's noOverlap covers its own runs; this also covers the start-up catch-up tick.
  const run = () => {
    if (running) {
      logger.warn({}, 'digest tick still running; skipping this tick');
      return running;
    }
    running = tick()
      .then((summary) => observer?.tickFinished(summary))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'digest tick failed');
        observer?.tickFailed(error);
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const task: ScheduledTask = schedule(cron, run, {
    name: 'scale-review-digest',
    noOverlap: true,
    timezone: 'Etc/UTC',
    // A tick blocked for a moment still runs rather than being skipped as missed.
    missedExecutionTolerance: 30_000,
    logger: cronLogger(logger, 'digest'),
  });
  void run();
  return {
    async stop() {
      await task.stop();
      await running;
    },
  };
}
