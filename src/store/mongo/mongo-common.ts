import { MongoError, MongoServerError, ObjectId } from 'mongodb';
import { StoreUnavailableError } from '../errors.js';

/**
 * Run a port operation against MongoDB. Every driver error (server selection timeout, network,
 * closed client, server error) becomes StoreUnavailableError with the driver error as cause, which
 * callers turn into a user-facing reply. The driver keeps monitoring the server and reconnects by
 * itself, so a later call succeeds once the server is back.
 */
export async function mongoOp<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof MongoError || isSocketError(error)) {
      throw new StoreUnavailableError(operation, { cause: error });
    }
    throw error;
  }
}

const SOCKET_ERROR_CODES = new Set([
  'EPIPE',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * A raw Node socket error. The driver (7.x) does not always wrap them: when the server dies between
 * operations, a write on the dead pooled socket has surfaced as a plain
 * `Error: This socket has been ended by the other party` (EPIPE) in the outage test.
 */
function isSocketError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && SOCKET_ERROR_CODES.has(code);
}

/** E11000: a unique index refused the write (someone else won the race). */
export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}

/** A 24-hex-digit id of this store, or null (unknown ids simply find nothing). */
export function objectIdOrNull(id: string): ObjectId | null {
  return /^[0-9a-f]{24}$/i.test(id) ? new ObjectId(id) : null;
}

/** The document's `_id` as a string for logs, whatever its type. */
export function docId(doc: { _id?: unknown }): string {
  return doc._id instanceof ObjectId ? doc._id.toHexString() : String(doc._id);
}

/** A stored document with `_id` replaced by a string `id` (non-ObjectId ids fail validation). */
export function withStringId<T extends { _id?: unknown }>(
  doc: T,
): Omit<T, '_id'> & { id: string | undefined } {
  const { _id, ...rest } = doc;
  return { ...rest, id: _id instanceof ObjectId ? _id.toHexString() : undefined };
}
