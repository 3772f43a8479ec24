import { inject } from 'vitest';
import { dropDatabase, randomDatabaseName, withDatabase } from '../../store/mongo-harness.js';

/**
 * The two stores a bot in OAuth mode runs on, for `describe.each`: the embedded one (a temporary
 * DATA_DIR) and the MongoDB-wire one (FerretDB, a database of its own per suite).
 */
export interface StoreVariant {
  name: string;
  /** The bot's extra environment for this store (a fresh database each call). */
  env(): Record<string, string>;
  /** Drops what `env()` created. */
  cleanup(): Promise<void>;
}

export function storeVariants(): StoreVariant[] {
  const serverUrl = inject('mongodbUrl');
  const databases: string[] = [];
  return [
    { name: 'embedded', env: () => ({}), cleanup: async () => undefined },
    {
      name: 'mongodb (FerretDB)',
      env: () => {
        const database = randomDatabaseName();
        databases.push(database);
        return { MONGODB_URL: withDatabase(serverUrl, database) };
      },
      cleanup: async () => {
        await Promise.all(databases.splice(0).map((db) => dropDatabase(serverUrl, db)));
      },
    },
  ];
}
