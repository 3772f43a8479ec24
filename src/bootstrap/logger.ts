import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { REDACT_PATHS, scrubSecrets } from '../logging/secrets.js';
import { createLogDestination } from './log-destination.js';

/** The bot's logger: pino (child loggers and levels for the Bolt adapter). */
export type { Logger as PinoLogger } from 'pino';

export interface CreateLoggerOptions {
  level: string;
  /**
   * Where the JSON lines go; tests capture them. Default: stdout through createLogDestination,
   * which drops lines rather than block on a slow or vanished reader.
   */
  destination?: DestinationStream;
}

/** The process logger: JSON lines, secrets redacted by key and scrubbed from messages. */
export function createLogger(options: CreateLoggerOptions): Logger {
  const config: LoggerOptions = {
    level: options.level,
    base: { app: 'scale-review' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubSecrets(arg) : arg));
        method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
  };
  return pino(config, options.destination ?? createLogDestination());
}
