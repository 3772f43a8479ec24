import type { Logger } from '../logging/logger.js';

export interface Stoppable {
  stop(): Promise<void>;
}

/** Past the bot's own drain deadline, the time its last steps (store close) may take. */
export const SHUTDOWN_GRACE_MS = 5_000;
/** How long the last log lines may take to reach a slow reader before the process exits. */
export const LOG_FLUSH_MS = 1_000;

/** Exit codes of a signalled shutdown. */
export const SHUTDOWN_EXIT = {
  stopped: 0,
  /** stop() failed, a second signal came, or the deadline passed. */
  forced: 1,
} as const;

export interface ShutdownOptions {
  /** The bot's drain deadline (SHUTDOWN_DRAIN_SECONDS); the process ends at most a grace later. */
  drainMs: number;
  /** Writes what the log destination still holds, bounded (default: nothing to flush). */
  flushLogs?: (timeoutMs: number) => Promise<void>;
  exit?: (code: number) => void;
  /** Where SIGTERM and SIGINT come from (default: the process; tests emit them). */
  signals?: {
    on(signal: 'SIGTERM' | 'SIGINT', listener: (signal: NodeJS.Signals) => void): unknown;
  };
}

/**
 * SIGTERM / SIGINT: stop the bot (no new work, answers and connections drained up to the drain
 * deadline, store closed), then exit 0, or 1 when stopping failed. The process always ends: a
 * second signal exits at once, and a timer exits 1 at the drain deadline plus a grace whatever
 * stop() is waiting for. stop() starts before anything is logged, and logging never blocks
 * (createLogDestination), so a broken stdout cannot keep the bot alive.
 */
export function installShutdown(bot: Stoppable, logger: Logger, options: ShutdownOptions): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const flushLogs = options.flushLogs ?? (() => Promise.resolve());
  let stopping = false;
  let exiting = false;
  const finish = (code: number) => {
    if (exiting) return;
    exiting = true;
    void flushLogs(LOG_FLUSH_MS)
      .catch(() => undefined)
      .finally(() => exit(code));
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      exit(SHUTDOWN_EXIT.forced);
      return;
    }
    stopping = true;
    const deadlineMs = options.drainMs + SHUTDOWN_GRACE_MS;
    const deadline = setTimeout(() => {
      logger.error({ signal, deadlineMs }, 'shutdown did not finish in time: exiting now');
      finish(SHUTDOWN_EXIT.forced);
    }, deadlineMs);
    const stopped = bot.stop();
    logger.info({ signal }, 'shutdown requested');
    stopped.then(
      () => {
        clearTimeout(deadline);
        finish(SHUTDOWN_EXIT.stopped);
      },
      (error: unknown) => {
        clearTimeout(deadline);
        logger.error({ err: error }, 'shutdown failed');
        finish(SHUTDOWN_EXIT.forced);
      },
    );
  };
  const signals = options.signals ?? process;
  signals.on('SIGTERM', onSignal);
  signals.on('SIGINT', onSignal);
}
