import type { Db, Document } from 'mongodb';
import type { TenantKey } from '../ports.js';
import type { TenantErasers } from '../tenants.js';
import { mongoOp } from './mongo-common.js';
import { COLLECTIONS } from './mongo-indexes.js';

type Erasable = { erase(key: TenantKey): Promise<number> };

/** A regular expression matching `text` literally. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * How a tenant's records are erased on MongoDB (src/store/tenants.ts). Most are found by their
 * `teamId` field: on FerretDB 1.x that is a scan of the collection (only `_id` equality is pushed
 * down), acceptable for a rare purge; on MongoDB the team indexes serve it (observations and
 * estate versions have none: a scan there too). Digest runs and their lease documents are found
 * through the team's subscriptions (one `$in` each), pace records by `workspace`, idempotency
 * keys by their second `:` part.
 */
export function mongoTenantErasers(
  db: Db,
  records: { installations: Erasable; workspaces: Erasable },
): TenantErasers {
  const collection = (name: string) => db.collection<Document>(name);
  const op =
    (erase: (key: TenantKey) => Promise<number>) =>
    (key: TenantKey): Promise<number> =>
      mongoOp('tenants.purge', () => erase(key));
  const byTeam = (name: string) =>
    op(async (key) => (await collection(name).deleteMany({ teamId: key })).deletedCount);
  return {
    records: {
      digestRuns: op(async (key) => {
        const subscriptions = await collection(COLLECTIONS.subscriptions)
          .find({ teamId: key }, { projection: { _id: 1 } })
          .toArray();
        if (subscriptions.length === 0) return 0;
        const ids = { $in: subscriptions.map((s) => String(s._id)) };
        await collection(COLLECTIONS.digestLeases).deleteMany({ subscriptionId: ids });
        return (await collection(COLLECTIONS.digestRuns).deleteMany({ subscriptionId: ids }))
          .deletedCount;
      }),
      subscriptions: byTeam(COLLECTIONS.subscriptions),
      reviews: byTeam(COLLECTIONS.reviews),
      observations: byTeam(COLLECTIONS.observations),
      decisions: byTeam(COLLECTIONS.decisions),
      estate: op(async (key) => {
        const versions = await collection(COLLECTIONS.estateVersions).deleteMany({ teamId: key });
        const heads = db.collection<Document & { _id: string }>(COLLECTIONS.estates);
        const head = await heads.deleteOne({ _id: key });
        return versions.deletedCount + head.deletedCount > 0 ? 1 : 0;
      }),
      digestPace: op(
        async (key) =>
          (await collection(COLLECTIONS.digestPace).deleteMany({ workspace: key })).deletedCount,
      ),
      idempotencyKeys: op(
        async (key) =>
          (
            await collection(COLLECTIONS.idempotencyKeys).deleteMany({
              key: { $regex: `^[^:]*:${literal(key)}:` },
            })
          ).deletedCount,
      ),
      canvases: byTeam(COLLECTIONS.canvases),
    },
    installation: op((key) => records.installations.erase(key)),
    workspace: op((key) => records.workspaces.erase(key)),
  };
}
