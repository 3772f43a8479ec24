import type { Logger } from '../logging/logger.js';
import type { StoreConfig } from './config.js';
import { MongoStore } from './mongo/mongo-store.js';
import type { Store } from './ports.js';
import { SqliteStore } from './sqlite/sqlite-store.js';

export interface OpenStoreConfig extends StoreConfig {
  /** MONGODB_URL, passed in by the caller (only src/config reads the environment). */
  mongodbUrl?: string;
  /** DATA_DIR (or store.dataDir), for the embedded store. */
  dataDir: string;
  /**
   * plan.review.intervalDays (default 7): the review period length, used when the store migrates
   * stored reviews into per-period observations at open.
   */
  reviewIntervalDays?: number;
}

export interface OpenStoreDeps {
  logger: Logger;
}

/**
 * MongoDB when a URL is given, else the embedded store under dataDir. Logs one line saying which.
 * Throws StoreStartupError (names the host, never the password) or StoreLockedError.
 */
export async function openStore(config: OpenStoreConfig, deps: OpenStoreDeps): Promise<Store> {
  const { logger } = deps;
  const url = config.mongodbUrl?.trim();
  const intervalOption =
    config.reviewIntervalDays === undefined
      ? {}
      : { reviewIntervalDays: config.reviewIntervalDays };
  const store =
    url !== undefined && url !== ''
      ? await MongoStore.connect({
          url,
          defaultDatabase: config.database,
          client: config.mongo,
          logger,
          ...intervalOption,
        })
      : SqliteStore.open(config.dataDir, logger, intervalOption);
  logger.info(
    { store: store.kind, where: store.describe(), retentionDays: config.retentionDays },
    store.kind === 'mongodb'
      ? 'Store: MongoDB (shared; several replicas may run)'
      : 'Store: embedded SQLite (one process only; set MONGODB_URL to run several replicas)',
  );
  return store;
}
