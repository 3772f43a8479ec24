import { EnvConfigError } from '../config/bot-env.js';
import { ConfigError } from '../config/config-file.js';
import { scrubSecrets } from '../logging/secrets.js';
import { PortUnavailableError } from '../ops/ports.js';
import { StoreLockedError, StoreStartupError } from '../store/errors.js';

/** Slack refused the bot token at startup (auth.test). */
export class SlackAuthError extends Error {
  override readonly name = 'SlackAuthError';
}

/** How the process should exit for a startup failure: 2 for configuration, 1 otherwise. */
export interface StartupFailure {
  lines: string[];
  exitCode: 1 | 2;
}

/** One actionable line per problem; never a token or a password. */
export function describeStartupError(error: unknown): StartupFailure {
  if (error instanceof EnvConfigError) return { lines: error.problems, exitCode: 2 };
  if (error instanceof ConfigError) return { lines: [error.message], exitCode: 2 };
  if (error instanceof StoreStartupError || error instanceof StoreLockedError) {
    return { lines: [error.message], exitCode: 1 };
  }
  if (error instanceof SlackAuthError || error instanceof PortUnavailableError) {
    return { lines: [error.message], exitCode: 2 };
  }
  const reason = error instanceof Error ? error.message : String(error);
  return { lines: [`could not start: ${scrubSecrets(reason)}`], exitCode: 1 };
}
