/**
 * Records unhandled promise rejections and uncaught exceptions in this test process (the bot runs
 * in-process through the harness, so its own would land here). Vitest reports them too, but only
 * after the run; this lets a test assert there were none while it ran.
 */
export interface UnhandledWatch {
  readonly errors: unknown[];
  stop(): void;
}

export function watchUnhandled(): UnhandledWatch {
  const errors: unknown[] = [];
  const onRejection = (reason: unknown) => {
    errors.push(reason);
  };
  const onException = (error: Error) => {
    errors.push(error);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtExceptionMonitor', onException);
  return {
    errors,
    stop() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtExceptionMonitor', onException);
    },
  };
}
