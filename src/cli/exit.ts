import { ConfigError } from '../config/config-file.js';
import { InvalidAgentsError, UnknownStageError } from '../domain/cost.js';
import { ProjectionInputError } from '../domain/projection.js';
import { SnapshotError } from '../metrics/snapshot-reader.js';

export const EXIT_CODES = { ok: 0, internal: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

const PROGRAM = 'scale-review';

/**
 * Bad input that the parser cannot see (no metrics source, a stage the plan lacks, a feature not
 * available yet). Exit code 2, like a parse error.
 */
export class CliInputError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliInputError';
  }
}

/** Errors that are the user's to fix: exit 2 with their message, never a stack trace. */
function isInputError(error: unknown): error is Error {
  return (
    error instanceof CliInputError ||
    error instanceof SnapshotError ||
    error instanceof ConfigError ||
    error instanceof UnknownStageError ||
    error instanceof InvalidAgentsError ||
    error instanceof ProjectionInputError
  );
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

/** Map a thrown error to an exit code: input errors 2 (with usage), anything else 1 (one line). */
export function reportError(
  stderr: (text: string) => void,
  error: unknown,
  usage: string | null,
): ExitCode {
  if (isInputError(error)) {
    return reportUsageError(stderr, error.message, usage);
  }
  const reason = error instanceof Error ? error.message : String(error);
  stderr(`${PROGRAM}: internal error: ${oneLine(reason)}\n`);
  return EXIT_CODES.internal;
}
