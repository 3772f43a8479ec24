/**
 * Store errors. Messages are safe to show to users and to log: no password, no full URL.
 * Callers turn StoreUnavailableError into an ephemeral "history is unavailable" reply; the internal
 * /status answers 503 (readiness does not follow the store: docs/operations.md).
 */

/** The store failed at run time (server down, network, disk). Retrying later may work. */
export class StoreUnavailableError extends Error {
  override readonly name: string = 'StoreUnavailableError';
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

/**
 * A team's estate could not be written: another writer won the race on every attempt (MongoDB:
 * each attempt that loses means another append of the same team landed). Nothing was written by
 * this call; retrying later works, hence a StoreUnavailableError.
 */
export class EstateContentionError extends StoreUnavailableError {
  override readonly name = 'EstateContentionError';
  readonly teamId: string;
  readonly attempts: number;

  constructor(teamId: string, attempts: number) {
    super('estate.append', {
      cause: null,
      detail: `${attempts} concurrent writes of the team's estate won first`,
    });
    this.teamId = teamId;
    this.attempts = attempts;
  }
}

/**
 * The stored estate of a team does not match its schema (logged once as malformed). `append`
 * refuses to write over it, which would lose the changes it holds; it stays as it is for an
 * operator to repair.
 */
export class MalformedEstateError extends Error {
  override readonly name = 'MalformedEstateError';
  readonly teamId: string;

  constructor(teamId: string) {
    super(
      `The stored estate of team ${teamId} is malformed; the change was not recorded in it, and it was left as it is`,
    );
    this.teamId = teamId;
  }
}

/**
 * A write of an installation or workspace record lost its race to other writes of the same
 * record on every attempt (MongoDB: each lost attempt means another write landed). Nothing was
 * written by this call; retrying later works.
 */
export class StoreContentionError extends StoreUnavailableError {
  override readonly name = 'StoreContentionError';
  readonly attempts: number;

  constructor(operation: string, attempts: number) {
    super(operation, {
      cause: null,
      detail: `${attempts} concurrent writes of the same record won first`,
    });
    this.attempts = attempts;
  }
}
