import type { Logger } from '../logging/logger.js';

export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * SIGTERM / SIGINT: stop the bot gracefully, then exit 0 (1 when stopping failed). A second
 * signal while stopping exits at once.
 */
export function installShutdown(
  bot: Stoppable,
  logger: Logger,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      exit(1);
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutdown requested');
    bot.stop().then(
      () => exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
