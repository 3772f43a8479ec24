import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger as PinoLogger } from 'pino';
import { scrubSecrets } from '../logging/secrets.js';

const TO_PINO = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
} as const satisfies Record<LogLevel, string>;

/** Bolt's level for a pino level name (trace counts as debug, fatal and silent as error). */
export function boltLevelOf(level: string): LogLevel {
  if (level === 'trace' || level === 'debug') return LogLevel.DEBUG;
  if (level === 'info') return LogLevel.INFO;
  if (level === 'warn') return LogLevel.WARN;
  return LogLevel.ERROR;
}

function text(parts: readonly unknown[]): string {
  const joined = parts
    .map((part) =>
      part instanceof Error ? part.message : typeof part === 'string' ? part : String(part),
    )
    .join(' ');
  return scrubSecrets(joined);
}

/**
 * Bolt's Logger interface over pino. Bolt and @slack/web-api log free text; it is scrubbed of tokens
 * and logged as the message; `component` (metadata) says which library spoke.
 */
export function createBoltLogger(parent: PinoLogger, component = 'bolt'): BoltLogger {
  const child = parent.child({ component });
  return {
    // Bolt calls debug for every request: format (and scrub) only when the line will be written.
    debug: (...msg: unknown[]) => {
      if (child.isLevelEnabled('debug')) child.debug(text(msg));
    },
    info: (...msg: unknown[]) => child.info(text(msg)),
    warn: (...msg: unknown[]) => child.warn(text(msg)),
    error: (...msg: unknown[]) => child.error(text(msg)),
    setLevel: (level: LogLevel) => {
      // LOG_LEVEL governs verbosity; Bolt may only make its own component quieter, never louder.
      const requested = TO_PINO[level];
      if ((child.levels.values[requested] ?? 0) > child.levelVal) child.level = requested;
    },
    getLevel: () => boltLevelOf(child.level),
    // The component name is fixed when the adapter is made.
    setName: () => {},
  };
}
