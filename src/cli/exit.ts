import { ConfigError } from '../config/config-file.js';
import { CliEnvError } from '../config/env.js';
import { SlackPermanentError, SlackTransientError } from '../digest/poster.js';
import { InvalidAgentsError, UnknownStageError } from '../domain/cost.js';
import { ProjectionInputError } from '../domain/projection.js';
import {
  MetricsNotConfiguredError,
  MetricsThrottledError,
  MetricsUnavailableError,
  SnapshotError,
} from '../metrics/errors.js';
import { StoreLockedError, StoreStartupError, StoreUnavailableError } from '../store/errors.js';

export const EXIT_CODES = { ok: 0, internal: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

export const PROGRAM = 'scale-review';

/**
 * Bad input that the parser cannot see (no metrics source, a channel without a subscription).
 * Exit code 2, like a parse error; `showUsage: false` when the command's usage would not help.
 */
export class CliInputError extends Error {
  readonly showUsage: boolean;

  constructor(message: string, options?: { cause?: unknown; showUsage?: boolean }) {
    super(message, options);
    this.name = 'CliInputError';
    this.showUsage = options?.showUsage ?? true;
  }
}

/** Errors that are the user's to fix: exit 2 with their message, never a stack trace. */
function isInputError(error: unknown): error is Error {
  return (
    (error instanceof CliInputError && error.showUsage) ||
    error instanceof SnapshotError ||
    error instanceof ConfigError ||
    error instanceof UnknownStageError ||
    error instanceof InvalidAgentsError ||
    error instanceof ProjectionInputError
  );
}

/**
 * The setup is wrong, not the command line (store locked or unreachable, metrics or Slack not
 * configured): exit 2 with the one-line message and its fix, without the usage.
 */
function isSetupError(error: unknown): error is Error {
  return (
    (error instanceof CliInputError && !error.showUsage) ||
    error instanceof MetricsNotConfiguredError ||
    error instanceof StoreLockedError ||
    error instanceof StoreStartupError ||
    error instanceof CliEnvError
  );
}

/** A service failed at run time (store, metrics, Slack): exit 1 with its message, no "internal". */
function isServiceError(error: unknown): error is Error {
  return (
    error instanceof StoreUnavailableError ||
    error instanceof MetricsThrottledError ||
    error instanceof MetricsUnavailableError ||
    error instanceof SlackTransientError ||
    error instanceof SlackPermanentError
  );
}

/**
 * The embedded store is held by another process, usually the running bot: say what to do from
 * here (the bot's own message is about replicas, which a terminal user is not running).
 */
function storeLockedMessage(error: StoreLockedError): string {
  return `another Scale Review (the bot?) is using ${error.dataDir}, and the embedded store serves one process at a time: ask the bot in Slack instead (/scale history, /scale subscriptions, /scale status), or stop it and run this again; with MongoDB (MONGODB_URL) the bot and this command share the store`;
}

/** One line: newlines inside a message (YAML excerpts, nested errors) are folded. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Print a bad-input message plus usage to stderr; returns exit code 2. */
export function reportUsageError(
  stderr: (text: string) => void,
  message: string,
  usage: string | null,
): ExitCode {
  stderr(`${PROGRAM}: ${oneLine(message)}\n`);
  if (usage !== null) {
    stderr(`${usage}\n`);
  }
  return EXIT_CODES.usage;
}

/**
 * Map a thrown error to an exit code: input errors 2 (with usage), setup errors 2 (without),
 * service failures 1 (their message), anything else 1 ("internal error"), always one line.
 */
export function reportError(
  stderr: (text: string) => void,
  error: unknown,
  usage: string | null,
): ExitCode {
  if (isInputError(error)) {
    return reportUsageError(stderr, error.message, usage);
  }
  if (error instanceof StoreLockedError) {
    return reportUsageError(stderr, storeLockedMessage(error), null);
  }
  if (isSetupError(error)) {
    return reportUsageError(stderr, error.message, null);
  }
  if (isServiceError(error)) {
    stderr(`${PROGRAM}: ${oneLine(error.message)}\n`);
    return EXIT_CODES.internal;
  }
  const reason = error instanceof Error ? error.message : String(error);
  stderr(`${PROGRAM}: internal error: ${oneLine(reason)}\n`);
  return EXIT_CODES.internal;
}
