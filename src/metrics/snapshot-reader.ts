import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { z } from 'zod';
import {
  type MetricsSnapshot,
  metricsSnapshotSchema,
  SNAPSHOT_METRIC_KEYS,
} from '../domain/metrics.js';
import { SnapshotError } from './errors.js';

/** A snapshot file or body bigger than this is refused before parsing. */
export const MAX_SNAPSHOT_BYTES = 1024 * 1024;

const KNOWN_KEYS: readonly string[] = [...SNAPSHOT_METRIC_KEYS, 'capturedAt'];

/** `cpu_percent` and `CPUPercent` both point at `cpuPercent`. */
function suggestKey(key: string): string | null {
  const normalize = (k: string) => k.toLowerCase().replace(/[-_\s]/g, '');
  return KNOWN_KEYS.find((known) => normalize(known) === normalize(key)) ?? null;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys
      .map((key) => {
        const guess = suggestKey(key);
        const hint = guess === null ? '' : ` (did you mean \`${guess}\`?)`;
        return `unknown key \`${key}\`${hint}`;
      })
      .join('; ');
  }
  if (issue.path.length === 0) {
    return `expected a JSON object of metrics (keys: ${KNOWN_KEYS.join(', ')})`;
  }
  return issue.message;
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/**
 * Parse and validate a snapshot JSON text. `origin` names where it came from, for the error message.
 * @throws SnapshotError on invalid JSON, a non-object, an unknown key, a wrong type or a negative value.
 */
export function parseSnapshotJson(text: string, origin: string): MetricsSnapshot {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') {
    throw new SnapshotError(origin, `${origin}: empty; expected a JSON object of metrics`);
  }
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SnapshotError(origin, `${origin}: invalid JSON (${reason})`, { cause: error });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new SnapshotError(
      origin,
      `${origin}: expected a JSON object of metrics, got ${describeJsonType(data)}`,
    );
  }
  const parsed = metricsSnapshotSchema.safeParse(data);
  if (!parsed.success) {
    const details = parsed.error.issues.map(describeIssue).join('; ');
    throw new SnapshotError(origin, `${origin}: ${details}`, { cause: parsed.error });
  }
  return parsed.data;
}

export interface ReadSnapshotOptions {
  /** Reads all of stdin, for the path `-`. Defaults to the process's stdin. */
  readStdin?: () => Promise<string>;
  /** Directory that a relative path is resolved against (default: the process's). Messages keep the path as given. */
  cwd?: string;
}

/**
 * Read a snapshot from a JSON file, or from stdin when `path` is `-`.
 * @throws SnapshotError naming the path: not found, a directory, unreadable, too large, or invalid.
 */
export async function readSnapshotFile(
  path: string,
  options: ReadSnapshotOptions = {},
): Promise<MetricsSnapshot> {
  if (path === '-') {
    const text = await (options.readStdin ?? readProcessStdin)();
    return parseSnapshotJson(text, 'stdin');
  }
  const fullPath = options.cwd === undefined ? path : resolve(options.cwd, path);
  const text = await readSnapshotText(fullPath, path);
  return parseSnapshotJson(text, path);
}

async function readSnapshotText(fullPath: string, path: string): Promise<string> {
  try {
    const info = await stat(fullPath);
    if (info.isDirectory()) {
      throw new SnapshotError(path, `metrics file is a directory: ${path}`);
    }
    if (info.size > MAX_SNAPSHOT_BYTES) {
      throw new SnapshotError(
        path,
        `metrics file is too large: ${path} (${info.size} bytes; the limit is ${MAX_SNAPSHOT_BYTES})`,
      );
    }
    return await readFile(fullPath, 'utf8');
  } catch (error) {
    if (error instanceof SnapshotError) throw error;
    throw new SnapshotError(path, fileErrorMessage(path, error), { cause: error });
  }
}

function fileErrorMessage(path: string, error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : null;
  if (code === 'ENOENT') return `metrics file not found: ${path}`;
  if (code === 'EACCES' || code === 'EPERM')
    return `cannot read metrics file: ${path} (permission denied)`;
  if (code === 'ENOTDIR') return `metrics file not found: ${path} (a parent is not a directory)`;
  // The code, not Node's message: that names the full path, which a channel must not see.
  const reason =
    typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  return `cannot read metrics file: ${path} (${reason})`;
}

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_SNAPSHOT_BYTES) {
      throw new SnapshotError(
        'stdin',
        `stdin: too large (the limit is ${MAX_SNAPSHOT_BYTES} bytes)`,
      );
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
