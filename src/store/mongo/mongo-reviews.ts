import type { Collection, Document, Filter } from 'mongodb';
import type { LatestReviewsQuery, NewReviewRecord, ReviewRecord, ReviewStore } from '../ports.js';
import { limitSchema, newReviewRecordSchema, storedReviewRecordSchema } from '../record-schemas.js';
import { checkInput, isPresent, type MalformedLog } from '../validation.js';
import { docId, mongoOp, objectIdOrNull, withStringId } from './mongo-common.js';

/** The filter and sort `latest` uses (also used to explain it). */
export function latestReviewsQuery(query: LatestReviewsQuery): {
  filter: Filter<Document>;
  sort: Record<string, 1 | -1>;
} {
  const filter: Filter<Document> =
    query.channelId === undefined
      ? { teamId: query.teamId }
      : { teamId: query.teamId, channelId: query.channelId };
  return { filter, sort: { createdAt: -1, _id: -1 } };
}

export class MongoReviewStore implements ReviewStore {
  constructor(
    private readonly collection: Collection<Document>,
    private readonly malformed: MalformedLog,
  ) {}

  async save(record: NewReviewRecord): Promise<string> {
    const valid = checkInput(newReviewRecordSchema, record, 'review record');
    return mongoOp('reviews.save', async () => {
      const result = await this.collection.insertOne({ ...valid });
      return result.insertedId.toHexString();
    });
  }

  async saveMany(records: readonly NewReviewRecord[]): Promise<string[]> {
    if (records.length === 0) return [];
    const docs = records.map((record) => ({
      ...checkInput(newReviewRecordSchema, record, 'review record'),
    }));
    return mongoOp('reviews.saveMany', async () => {
      const result = await this.collection.insertMany(docs, { ordered: true });
      return docs.map((_, index) => {
        const inserted = result.insertedIds[index];
        if (inserted === undefined) throw new Error(`review ${index} has no inserted id`);
        return inserted.toHexString();
      });
    });
  }

  async latest(query: LatestReviewsQuery): Promise<ReviewRecord[]> {
    const limit = checkInput(limitSchema, query.limit, 'limit');
    const { filter, sort } = latestReviewsQuery(query);
    return mongoOp('reviews.latest', async () => {
      const docs = await this.collection.find(filter).sort(sort).limit(limit).toArray();
      return docs.map((doc) => this.#read(doc)).filter(isPresent);
    });
  }

  async get(id: string): Promise<ReviewRecord | null> {
    const objectId = objectIdOrNull(id);
    if (objectId === null) return null;
    return mongoOp('reviews.get', async () => {
      const doc = await this.collection.findOne({ _id: objectId });
      return doc === null ? null : this.#read(doc);
    });
  }

  #read(doc: Document): ReviewRecord | null {
    return this.malformed.parse(storedReviewRecordSchema, withStringId(doc), 'reviews', docId(doc));
  }
}
