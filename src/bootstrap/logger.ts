import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

export type { Logger } from 'pino';

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

/** Slack tokens (xoxb-, xoxp-, xapp-…) and credentials inside URLs, wherever they appear in text. */
const TOKEN_PATTERN = /\b(xox[abeoprs]|xapp)-[A-Za-z0-9-]+/g;
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s:/@]+:[^\s/@]+@/gi;

/** Removes tokens and URL passwords from free text (log messages of third-party libraries). */
export function scrubSecrets(text: string): string {
  return text.replace(TOKEN_PATTERN, '$1-[redacted]').replace(URL_CREDENTIALS, '$1[redacted]@');
}

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
