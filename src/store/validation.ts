import type { z } from 'zod';
import type { Logger } from '../logging/logger.js';
import { InvalidRecordError } from './errors.js';
import { describeIssues } from './record-schemas.js';

/** Validate a record before it is written; a mismatch is a caller bug and is thrown. */
export function checkInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new InvalidRecordError(what, {
      cause: parsed.error,
      issues: describeIssues(parsed.error),
    });
  }
  return parsed.data;
}

/**
 * Stored documents that fail validation are skipped and reported once per (collection, id),
 * so a bad document never crashes a command or the digest and never floods the log.
 */
export class MalformedLog {
  readonly #reported = new Set<string>();

  constructor(private readonly logger: Logger) {}

  parse<S extends z.ZodType>(
    schema: S,
    value: unknown,
    collection: string,
    id: string,
  ): z.output<S> | null {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const key = `${collection}\u0000${id}`;
    if (!this.#reported.has(key)) {
      this.#reported.add(key);
      this.logger.warn(
        { collection, id, issues: describeIssues(parsed.error) },
        'Skipping a malformed stored document',
      );
    }
    return null;
  }
}

export function isPresent<T>(value: T | null): value is T {
  return value !== null;
}
