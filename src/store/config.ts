import { z } from 'zod';

/**
 * MongoDB client settings. Defaults are sized for a Slack bot: Slack wants an answer within 3 s
 * (the command is acked first; the store is read right after), and teams run N replicas against
 * one database.
 * - maxPoolSize 10: the driver default (100) times N replicas exhausts small hosted tiers; a bot
 *   does a handful of small concurrent queries.
 * - serverSelectionTimeoutMS 2500: the driver default (30 s) would leave a user waiting long after
 *   Slack gave up; 2.5 s fails fast into a friendly "store unavailable" reply and fails startup fast.
 * - connectTimeoutMS 2500: a TCP/TLS connect to a healthy server takes milliseconds.
 * - socketTimeoutMS 20000: no single query of ours runs that long (clean-up included); a hung socket
 *   is dropped instead of hanging a reply forever (the driver default is no timeout).
 * - maxIdleTimeMS 60000: drop idle pooled connections (load balancers and proxies cut them anyway).
 * The driver reconnects by itself: its monitor re-checks the server and the next operation that
 * finds it reachable succeeds.
 */
export const mongoClientConfigSchema = z.strictObject({
  maxPoolSize: z.number().int().min(1).max(200).default(10),
  minPoolSize: z.number().int().min(0).max(200).default(0),
  serverSelectionTimeoutMS: z.number().int().min(100).max(60_000).default(2_500),
  connectTimeoutMS: z.number().int().min(100).max(60_000).default(2_500),
  socketTimeoutMS: z.number().int().min(0).max(600_000).default(20_000),
  maxIdleTimeMS: z.number().int().min(0).max(3_600_000).default(60_000),
});
export type MongoClientConfig = z.infer<typeof mongoClientConfigSchema>;

/** The `store:` section of scale-review.yml. MONGODB_URL and DATA_DIR come from the environment. */
export const storeConfigSchema = z.strictObject({
  /** Database name when MONGODB_URL has no path (mongodb://host/NAME wins). */
  database: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, {
      error: 'store.database must be 1-63 letters, digits, "_" or "-"',
    })
    .default('scale_review'),
  /** Where the embedded store keeps its files when MONGODB_URL is unset. */
  dataDir: z.string().min(1, { error: 'store.dataDir must not be empty' }).default('./data'),
  /**
   * History (reviews, observations, decisions, finished digest runs) older than this is deleted
   * by clean-up.
   */
  retentionDays: z
    .number()
    .int({ error: 'store.retentionDays must be a whole number of days' })
    .min(1, { error: 'store.retentionDays must be at least 1' })
    .max(3650, { error: 'store.retentionDays must be at most 3650 (10 years)' })
    .default(365),
  mongo: mongoClientConfigSchema.prefault({}),
});
export type StoreConfig = z.infer<typeof storeConfigSchema>;

/** The defaults, for callers without a `store:` section. */
export function defaultStoreConfig(): StoreConfig {
  return storeConfigSchema.parse({});
}
