import type { Db, IndexDescription } from 'mongodb';
import type { Logger } from '../../logging/logger.js';
import { IDEMPOTENCY_GRACE_MS } from '../retention.js';

export const COLLECTIONS = {
  reviews: 'reviews',
  observations: 'observations',
  decisions: 'decisions',
  subscriptions: 'subscriptions',
  digestRuns: 'digest_runs',
  digestLeases: 'digest_leases',
  /** One document per (workspace, replica): the digest's shared post pace. */
  digestPace: 'digest_pace',
  idempotencyKeys: 'idempotency_keys',
  /** One document per team, `_id` = teamId: the latest version of its estate (mongo-estate.ts). */
  estates: 'estates',
  /** Each version of a team's estate, `_id` = teamId|version: a unique insert decides each append. */
  estateVersions: 'estate_versions',
  /** One head per tenant, `_id` = the tenant key: its Slack installation (mongo-installations.ts). */
  installations: 'installations',
  /** Each version of an installation, `_id` = key|version: a unique insert decides each write. */
  installationVersions: 'installation_versions',
  /** One head per tenant, `_id` = the tenant key: its lifecycle and settings (mongo-workspaces.ts). */
  workspaces: 'workspaces',
  /** Each version of a workspace record, `_id` = key|version. */
  workspaceVersions: 'workspace_versions',
  /** One document per channel, `_id` = teamId|channelId: its capacity plan canvas (mongo-canvases.ts). */
  canvases: 'canvases',
  /** Store metadata: the `schema` document records which data migrations have run. */
  meta: 'meta',
} as const;

/**
 * The indexes, created idempotently at startup (same name and spec: a no-op). The unique ones carry
 * the exactly-once guarantees; none of them is partial, sparse or TTL, so FerretDB 1.x works.
 * Listed in docs/store.md and the README.
 */
const REQUIRED_INDEXES: Record<string, IndexDescription[]> = {
  [COLLECTIONS.reviews]: [
    { name: 'team_channel_created', key: { teamId: 1, channelId: 1, createdAt: -1, _id: -1 } },
    { name: 'team_created', key: { teamId: 1, createdAt: -1, _id: -1 } },
    { name: 'created', key: { createdAt: 1 } },
  ],
  // Observations are read and written by `_id` only; this one serves clean-up.
  [COLLECTIONS.observations]: [{ name: 'at', key: { at: 1 } }],
  [COLLECTIONS.decisions]: [
    { name: 'team_key_at', key: { teamId: 1, recommendationKey: 1, at: -1, _id: -1 } },
    { name: 'team_at', key: { teamId: 1, at: -1, _id: -1 } },
    { name: 'review', key: { reviewId: 1 } },
  ],
  [COLLECTIONS.subscriptions]: [
    { name: 'team_channel_unique', key: { teamId: 1, channelId: 1 }, unique: true },
    { name: 'due', key: { active: 1, nextRunAt: 1 } },
  ],
  [COLLECTIONS.digestRuns]: [
    { name: 'subscription_period_unique', key: { subscriptionId: 1, periodKey: 1 }, unique: true },
  ],
  [COLLECTIONS.digestLeases]: [
    {
      name: 'subscription_period_attempt_unique',
      key: { subscriptionId: 1, periodKey: 1, attempt: 1 },
      unique: true,
    },
  ],
  [COLLECTIONS.digestPace]: [{ name: 'workspace_seen', key: { workspace: 1, seenAt: 1 } }],
  // `estates` and `estate_versions` are read and written by `_id` only: no index of their own.
  // Installations and workspaces are read and written by `_id`; these serve the purge (erasing a
  // tenant's versions) and the list of purgeable workspaces, on servers that use indexes.
  [COLLECTIONS.installationVersions]: [{ name: 'key', key: { key: 1 } }],
  [COLLECTIONS.workspaces]: [{ name: 'status_purge', key: { status: 1, purgeAfter: 1 } }],
  [COLLECTIONS.workspaceVersions]: [{ name: 'key', key: { key: 1 } }],
  [COLLECTIONS.idempotencyKeys]: [
    { name: 'key_generation_unique', key: { key: 1, gen: 1 }, unique: true },
    { name: 'key_expires', key: { key: 1, expiresAt: 1 } },
  ],
};

/** Optional: lets MongoDB delete expired idempotency keys by itself. Correctness never needs it. */
const TTL_INDEX: IndexDescription = {
  name: 'expires_ttl',
  key: { expiresAt: 1 },
  expireAfterSeconds: IDEMPOTENCY_GRACE_MS / 1000,
};

/**
 * Throws (the caller turns it into StoreStartupError) when a required index cannot be created.
 * One index per createIndexes call: FerretDB 1.24.2 drops the connection (a server-side panic,
 * "slice bounds out of range") when one call lists several indexes that all exist already.
 */
export async function ensureIndexes(db: Db, logger: Logger): Promise<void> {
  for (const [collection, indexes] of Object.entries(REQUIRED_INDEXES)) {
    for (const index of indexes) await db.collection(collection).createIndexes([index]);
  }
  try {
    await db.collection(COLLECTIONS.idempotencyKeys).createIndexes([TTL_INDEX]);
  } catch (error) {
    logger.info(
      { index: TTL_INDEX.name, reason: error instanceof Error ? error.message : String(error) },
      'MongoDB server refused the optional TTL index; expired idempotency keys are removed by clean-up',
    );
  }
}
