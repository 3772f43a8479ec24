import Database from 'better-sqlite3';
import { StoreUnavailableError } from '../errors.js';

/**
 * Run a synchronous better-sqlite3 call as a port operation. SQLite failures (disk full, I/O error,
 * a closed database) become StoreUnavailableError; anything else is a bug and is rethrown as is.
 */
export async function sqliteOp<T>(operation: string, fn: () => T): Promise<T> {
  try {
    return fn();
  } catch (error) {
    if (error instanceof Database.SqliteError || isClosedDatabaseError(error)) {
      throw new StoreUnavailableError(operation, { cause: error });
    }
    throw error;
  }
}

function isClosedDatabaseError(error: unknown): boolean {
  return error instanceof TypeError && /database connection is not open/i.test(error.message);
}

/**
 * JSON text to a value. Unparsable text becomes `{ unparsableJson: true }`, which every record
 * schema rejects, so the row is reported as malformed instead of read as empty.
 */
export function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text, reviveDates);
  } catch {
    return { unparsableJson: true };
  }
}

const DATE_MARK = '$date';

/** Dates inside JSON columns are written as {"$date": ms} so they come back as Date objects. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, function replace(this: Record<string, unknown>, key, v) {
    const raw = this[key];
    return raw instanceof Date ? { [DATE_MARK]: raw.getTime() } : v;
  });
}

function reviveDates(_key: string, value: unknown): unknown {
  if (
    typeof value === 'object' &&
    value !== null &&
    Object.keys(value).length === 1 &&
    typeof (value as Record<string, unknown>)[DATE_MARK] === 'number'
  ) {
    return new Date((value as Record<string, number>)[DATE_MARK] as number);
  }
  return value;
}

export function dateOrNull(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}

/** SQLite row ids are exposed as decimal strings; anything else is not an id of this store. */
export function rowIdOrNull(id: string): number | null {
  return /^[1-9]\d{0,15}$/.test(id) ? Number(id) : null;
}
