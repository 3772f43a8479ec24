import type { Collection, Document } from 'mongodb';
import type { DecisionRecord, DecisionStore, NewDecision } from '../ports.js';
import { limitSchema, newDecisionSchema, storedDecisionSchema } from '../record-schemas.js';
import { checkInput, isPresent, type MalformedLog } from '../validation.js';
import { docId, mongoOp, withStringId } from './mongo-common.js';

const NEWEST_FIRST = { at: -1, _id: -1 } as const;

export class MongoDecisionStore implements DecisionStore {
  constructor(
    private readonly collection: Collection<Document>,
    private readonly malformed: MalformedLog,
  ) {}

  async record(decision: NewDecision): Promise<DecisionRecord> {
    const valid = checkInput(newDecisionSchema, decision, 'decision');
    return mongoOp('decisions.record', async () => {
      const result = await this.collection.insertOne({ ...valid });
      return { ...valid, id: result.insertedId.toHexString() };
    });
  }

  /**
   * One aggregation: the latest decision for the key, then a second $match that keeps it only when
   * it is an ack, a done, a snooze with snoozeUntil > now (the expiry is compared by the server, in
   * the query) or an unsnooze. An unsnooze ends a snooze only: when the latest is one, a second
   * aggregation finds the latest decision of another kind, active when it is a done
   * (docs/store.md). $match/$sort/$limit are supported by FerretDB 1.x.
   */
  async active(
    teamId: string,
    recommendationKey: string,
    now: Date,
  ): Promise<DecisionRecord | null> {
    return mongoOp('decisions.active', async () => {
      const latest = await this.#first([
        { $match: { teamId, recommendationKey } },
        { $sort: NEWEST_FIRST },
        { $limit: 1 },
        {
          $match: {
            $or: [
              { kind: { $in: ['ack', 'done', 'unsnooze'] } },
              { kind: 'snooze', snoozeUntil: { $gt: now } },
            ],
          },
        },
      ]);
      if (latest?.kind !== 'unsnooze') return latest;
      return this.#first([
        { $match: { teamId, recommendationKey, kind: { $ne: 'unsnooze' } } },
        { $sort: NEWEST_FIRST },
        { $limit: 1 },
        { $match: { kind: 'done' } },
      ]);
    });
  }

  async #first(pipeline: Document[]): Promise<DecisionRecord | null> {
    const [doc] = await this.collection.aggregate(pipeline).toArray();
    return doc === undefined ? null : this.#read(doc);
  }

  async latest(teamId: string, recommendationKey: string): Promise<DecisionRecord | null> {
    return mongoOp('decisions.latest', async () => {
      const doc = await this.collection
        .find({ teamId, recommendationKey })
        .sort(NEWEST_FIRST)
        .limit(1)
        .next();
      return doc === null ? null : this.#read(doc);
    });
  }

  async listForReviews(reviewIds: readonly string[]): Promise<DecisionRecord[]> {
    if (reviewIds.length === 0) return [];
    return mongoOp('decisions.listForReviews', async () => {
      const docs = await this.collection
        .find({ reviewId: { $in: [...reviewIds] } })
        .sort(NEWEST_FIRST)
        .toArray();
      return docs.map((doc) => this.#read(doc)).filter(isPresent);
    });
  }

  async listRecent(teamId: string, limit: number): Promise<DecisionRecord[]> {
    const valid = checkInput(limitSchema, limit, 'limit');
    return mongoOp('decisions.listRecent', async () => {
      const docs = await this.collection.find({ teamId }).sort(NEWEST_FIRST).limit(valid).toArray();
      return docs.map((doc) => this.#read(doc)).filter(isPresent);
    });
  }

  #read(doc: Document): DecisionRecord | null {
    return this.malformed.parse(storedDecisionSchema, withStringId(doc), 'decisions', docId(doc));
  }
}
