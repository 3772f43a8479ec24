/**
 * Store errors. Messages are safe to show to users and to log: no password, no full URL.
 * Callers turn StoreUnavailableError into an ephemeral "history is unavailable" reply; the internal
 * /status answers 503 (readiness does not follow the store: docs/operations.md).
 */

/** The store failed at run time (server down, network, disk). Retrying later may work. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  /** The port operation that failed, e.g. `reviews.latest`. */
  readonly operation: string;

  constructor(operation: string, options: { cause: unknown; detail?: string }) {
    super(
      `The review history store is unavailable right now (${operation}${options.detail ? `: ${options.detail}` : ''}); try again in a minute.`,
      { cause: options.cause },
    );
    this.operation = operation;
  }
}

/** The store could not be opened at startup. Names the host, never the password. */
export class StoreStartupError extends Error {
  override readonly name = 'StoreStartupError';

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** Another process holds the embedded store's data directory. */
export class StoreLockedError extends Error {
  override readonly name = 'StoreLockedError';
  readonly dataDir: string;

  constructor(dataDir: string, options: { cause?: unknown } = {}) {
    super(
      `another Scale Review is using ${dataDir}; use MongoDB to run several replicas (set MONGODB_URL)`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.dataDir = dataDir;
  }
}

/** A record given to the store does not match its schema (a caller bug, never stored). */
export class InvalidRecordError extends Error {
  override readonly name = 'InvalidRecordError';

  constructor(what: string, options: { cause: unknown; issues: string }) {
    super(`Refusing to store an invalid ${what}: ${options.issues}`, { cause: options.cause });
  }
}
