import { LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from '../logging/logger.js';
import { scrubSecrets } from '../logging/secrets.js';
import { oneLine, PROGRAM } from './exit.js';

/** Metadata fields worth a mention after the message; anything else (ids, payloads) stays out. */
const SHOWN_FIELDS = ['reason', 'subscriptionId', 'periodKey', 'channelId'] as const;

function errorText(value: unknown): string | null {
  if (value instanceof Error) return value.message;
  return null;
}

/** "message (reason: ...; subscriptionId: 3): error message", on one line. */
function describeLogLine(obj: object, msg: string): string {
  const record: Record<string, unknown> = { ...obj };
  const fields = SHOWN_FIELDS.flatMap((key) => {
    const value = record[key];
    return typeof value === 'string' || typeof value === 'number' ? [`${key}: ${value}`] : [];
  });
  const err = errorText(record.err);
  const details = fields.length > 0 ? ` (${fields.join('; ')})` : '';
  return scrubSecrets(oneLine(`${msg}${details}${err === null ? '' : `: ${err}`}`));
}

/**
 * The CLI's logger: the use cases, the store and the metrics sources log through it. Debug and
 * info lines (the store in use, "digest tick finished") are dropped: the command prints its own
 * result on stdout. Warnings and errors go to stderr, one line each, so a script still sees them.
 */
export function createCliLogger(stderr: (text: string) => void): Logger {
  const write = (level: 'warning' | 'error', obj: object, msg: string) => {
    stderr(`${PROGRAM}: ${level}: ${describeLogLine(obj, msg)}\n`);
  };
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (obj, msg) => write('warning', obj, msg),
    error: (obj, msg) => write('error', obj, msg),
  };
}

/**
 * @slack/web-api's logger: its own debug/info/warn lines are dropped (failures reach the digest as
 * typed errors, which it reports); its errors go through the CLI logger. Token values never
 * appear: the client does not log them.
 */
export function slackClientLogger(logger: Logger): SlackLogger {
  let level = LogLevel.ERROR;
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (...msg: unknown[]) => {
      logger.error({}, `Slack client: ${msg.map(String).join(' ')}`);
    },
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
