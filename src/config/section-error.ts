import { z } from 'zod';
import { issueMessage, valueAt } from '../domain/plan/overrides.js';
import { ConfigError } from './config-file.js';

function knownKeys(schema: z.ZodType): string {
  return schema instanceof z.ZodObject ? ` (expected ${Object.keys(schema.shape).join(', ')})` : '';
}

/** The section's defaults (what an empty section means), or null when it has required keys. */
function defaultsOf(schema: z.ZodType): unknown {
  const parsed = schema.safeParse({});
  return parsed.success ? parsed.data : null;
}

/**
 * `; e.g. concurrency: 4 (the default)`: the line to write, from the section's defaults, when the
 * key has a scalar (or short list) default. Empty when it has none (or an empty list): the
 * message says enough.
 */
function exampleOf(schema: z.ZodType, path: readonly PropertyKey[]): string {
  const key = path.at(-1);
  if (typeof key !== 'string') return '';
  const value = valueAt(defaultsOf(schema), path);
  const scalar =
    value === null ||
    ['string', 'number', 'boolean'].includes(typeof value) ||
    (Array.isArray(value) && value.length > 0);
  if (value === undefined || !scalar) return '';
  const shown = JSON.stringify(value);
  return shown.length > 60 ? '' : `; e.g. ${key}: ${shown} (the default)`;
}

/**
 * One line for the first problem of a section: the file, the dotted key, what was expected and
 * what the file has, and an example when the key has a default:
 * "scale-review.yml: digest.concurrency: expected >= 1, got 0; e.g. concurrency: 4 (the default)".
 */
export function sectionError(
  file: string,
  section: string,
  schema: z.ZodType,
  raw: unknown,
  error: z.ZodError,
): ConfigError {
  const [issue] = error.issues;
  const issuePath = issue?.path ?? [];
  const path = [section, ...issuePath.map(String)];
  if (issue?.code === 'unrecognized_keys') {
    const field = [...path, issue.keys[0] ?? ''].join('.');
    const expected = path.length === 1 ? knownKeys(schema) : '';
    const message = `${file}: ${field}: unknown setting${expected}`;
    return new ConfigError(file, field, message, { cause: error });
  }
  const field = path.join('.');
  const what =
    issue === undefined ? 'invalid value' : issueMessage(issue, valueAt(raw ?? {}, issuePath));
  const message = `${file}: ${field}: ${what}${exampleOf(schema, issuePath)}`;
  return new ConfigError(file, field, message, { cause: error });
}
