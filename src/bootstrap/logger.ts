import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { scrubSecrets } from '../shared/scrub-secrets.js';

export type { Logger } from 'pino';
/** Tokens and URL passwords are removed from free text by the one scrubber (src/shared). */
export { scrubSecrets };

/** Paths whose values never reach the logs, at the top level and one level down. */
const SECRET_KEYS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'password',
  'authorization',
  'Authorization',
  'secret',
  'mongodbUrl',
  'responseUrl',
  'response_url',
] as const;

export const REDACT_PATHS: string[] = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  'headers.authorization',
  '*.headers.authorization',
  'req.headers["x-slack-signature"]',
];

export interface CreateLoggerOptions {
  level: string;
  /** Where the JSON lines go (default stdout); tests capture them. */
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
  return options.destination ? pino(config, options.destination) : pino(config);
}
