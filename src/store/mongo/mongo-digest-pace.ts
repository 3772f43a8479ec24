import type { Collection } from 'mongodb';
import { combinePace, PACE_RECORD_MAX_AGE_MS, paceReportSchema } from '../digest-pace.js';
import type { DigestPaceStore, PaceReport, WorkspacePace } from '../ports.js';
import { checkInput } from '../validation.js';
import { mongoOp } from './mongo-common.js';

/**
 * One document per (workspace, replica), `_id` = workspace + owner, replaced whole by its replica:
 * no conditional update anywhere (FerretDB 1.x does not run them atomically), and none is needed,
 * as no two replicas write one document.
 */
export interface PaceDocument {
  _id: string;
  workspace: string;
  owner: string;
  postsPerSecond: number;
  pausedUntil: Date | null;
  seenAt: Date;
}

export class MongoDigestPaceStore implements DigestPaceStore {
  constructor(private readonly collection: Collection<PaceDocument>) {}

  async exchange(report: PaceReport): Promise<WorkspacePace> {
    const valid = checkInput(paceReportSchema, report, 'digest pace');
    const now = valid.now.getTime();
    return mongoOp('digestPace.exchange', async () => {
      await this.collection.replaceOne(
        { _id: `${valid.workspace}|${valid.owner}` },
        {
          workspace: valid.workspace,
          owner: valid.owner,
          postsPerSecond: valid.postsPerSecond,
          pausedUntil: valid.pausedUntil,
          seenAt: valid.now,
        },
        { upsert: true },
      );
      await this.collection.deleteMany({
        workspace: valid.workspace,
        seenAt: { $lt: new Date(now - PACE_RECORD_MAX_AGE_MS) },
      });
      const fresh = await this.collection
        .find(
          { workspace: valid.workspace, seenAt: { $gt: new Date(now - valid.freshMs) } },
          { projection: { _id: 0, postsPerSecond: 1, pausedUntil: 1 } },
        )
        .toArray();
      return combinePace(valid, fresh);
    });
  }
}
