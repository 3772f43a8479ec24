import type { Collection, Document } from 'mongodb';
import type {
  DigestResult,
  Subscription,
  SubscriptionFailure,
  SubscriptionInput,
  SubscriptionStore,
} from '../ports.js';
import {
  digestResultSchema,
  subscriptionFailureSchema,
  subscriptionInputSchema,
  subscriptionSchema,
} from '../record-schemas.js';
import { checkInput, isPresent, type MalformedLog } from '../validation.js';
import { docId, isDuplicateKey, mongoOp, objectIdOrNull, withStringId } from './mongo-common.js';

export class MongoSubscriptionStore implements SubscriptionStore {
  constructor(
    private readonly collection: Collection<Document>,
    private readonly malformed: MalformedLog,
  ) {}

  /**
   * An upsert on the unique (teamId, channelId) index. Two replicas inserting the same channel at
   * once: one inserts, the other gets E11000 and retries once, which then updates.
   */
  async upsert(input: SubscriptionInput, now: Date): Promise<Subscription> {
    const valid = checkInput(subscriptionInputSchema, input, 'subscription');
    const { teamId, channelId, ...fields } = valid;
    const run = () =>
      this.collection.findOneAndUpdate(
        { teamId, channelId },
        {
          $set: { ...fields, updatedAt: now },
          $unset: { failure: '' },
          $setOnInsert: { createdAt: now },
        },
        { upsert: true, returnDocument: 'after' },
      );
    return mongoOp('subscriptions.upsert', async () => {
      const doc = await run().catch((error: unknown) => {
        if (isDuplicateKey(error)) return run();
        throw error;
      });
      const subscription = doc === null ? null : this.#read(doc);
      if (subscription === null) throw new Error('subscription unreadable right after its upsert');
      return subscription;
    });
  }

  async get(teamId: string, channelId: string): Promise<Subscription | null> {
    return mongoOp('subscriptions.get', async () => {
      const doc = await this.collection.findOne({ teamId, channelId });
      return doc === null ? null : this.#read(doc);
    });
  }

  async getById(id: string): Promise<Subscription | null> {
    const objectId = objectIdOrNull(id);
    if (objectId === null) return null;
    return mongoOp('subscriptions.getById', async () => {
      const doc = await this.collection.findOne({ _id: objectId });
      return doc === null ? null : this.#read(doc);
    });
  }

  async list(teamId?: string): Promise<Subscription[]> {
    return mongoOp('subscriptions.list', async () => {
      const docs = await this.collection
        .find(teamId === undefined ? {} : { teamId })
        .sort({ teamId: 1, channelId: 1 })
        .toArray();
      return docs.map((doc) => this.#read(doc)).filter(isPresent);
    });
  }

  async listDue(now: Date): Promise<Subscription[]> {
    return mongoOp('subscriptions.listDue', async () => {
      const docs = await this.collection
        .find({ active: true, nextRunAt: { $lte: now } })
        .sort({ nextRunAt: 1, _id: 1 })
        .toArray();
      return docs.map((doc) => this.#read(doc)).filter(isPresent);
    });
  }

  async setNextRun(id: string, nextRunAt: Date, lastResult?: DigestResult): Promise<boolean> {
    const objectId = objectIdOrNull(id);
    if (objectId === null) return false;
    const result =
      lastResult === undefined
        ? {}
        : { lastResult: checkInput(digestResultSchema, lastResult, 'digest result') };
    return mongoOp('subscriptions.setNextRun', async () => {
      const update = { $set: { nextRunAt, updatedAt: new Date(), ...result } };
      return (await this.collection.updateOne({ _id: objectId }, update)).matchedCount === 1;
    });
  }

  async markFailure(id: string, failure: SubscriptionFailure): Promise<boolean> {
    const objectId = objectIdOrNull(id);
    if (objectId === null) return false;
    const valid = checkInput(subscriptionFailureSchema, failure, 'subscription failure');
    return mongoOp('subscriptions.markFailure', async () => {
      const update = { $set: { failure: valid, updatedAt: new Date() } };
      return (await this.collection.updateOne({ _id: objectId }, update)).matchedCount === 1;
    });
  }

  async deactivate(teamId: string, channelId: string, now: Date): Promise<boolean> {
    return mongoOp('subscriptions.deactivate', async () => {
      const result = await this.collection.updateOne(
        { teamId, channelId, active: true },
        { $set: { active: false, updatedAt: now } },
      );
      return result.modifiedCount === 1;
    });
  }

  #read(doc: Document): Subscription | null {
    return this.malformed.parse(subscriptionSchema, withStringId(doc), 'subscriptions', docId(doc));
  }
}
