import type { Collection, Document } from 'mongodb';
import { z } from 'zod';
import type { IdempotencyStore, RememberOutcome } from '../ports.js';
import { checkInput } from '../validation.js';
import { isDuplicateKey, mongoOp } from './mongo-common.js';

const keySchema = z.string().min(1).max(512);
const ttlSchema = z.number().int().min(1);
const generationSchema = z.object({ gen: z.number().int().min(1) });

/**
 * Each time a key is remembered it gets a new generation: documents (key, gen, expiresAt) with a
 * unique (key, gen) index. Generation n+1 is only ever written after generation n expired, so at
 * most the newest generation is live.
 *
 * remember(): (1) a live generation (expiresAt > now, compared in the query) means duplicate;
 * (2) otherwise insert the generation after the newest expired one (1 for a new key). Concurrent
 * callers compute the same generation and the unique index lets exactly one insert through; the
 * others get E11000 = duplicate. No conditional update is involved (FerretDB 1.x does not run them
 * atomically) and no TTL monitor is needed (expired keys are ignored by the queries and deleted by
 * clean-up; an optional TTL index may delete them earlier).
 */
export class MongoIdempotencyStore implements IdempotencyStore {
  constructor(private readonly collection: Collection<Document>) {}

  async remember(key: string, now: Date, ttlMs: number): Promise<RememberOutcome> {
    const validKey = checkInput(keySchema, key, 'idempotency key');
    const ttl = checkInput(ttlSchema, ttlMs, 'idempotency ttl');
    return mongoOp('idempotency.remember', async () => {
      const live = await this.collection.findOne(
        { key: validKey, expiresAt: { $gt: now } },
        { projection: { _id: 1 } },
      );
      if (live !== null) return 'duplicate';
      const expired = await this.collection.findOne(
        { key: validKey, expiresAt: { $lte: now } },
        { sort: { gen: -1 }, projection: { gen: 1 } },
      );
      const previous = generationSchema.safeParse(expired);
      const gen = previous.success ? previous.data.gen + 1 : 1;
      try {
        await this.collection.insertOne({
          key: validKey,
          gen,
          expiresAt: new Date(now.getTime() + ttl),
          createdAt: now,
        });
        return 'new';
      } catch (error) {
        if (isDuplicateKey(error)) return 'duplicate';
        throw error;
      }
    });
  }

  async forget(key: string, now: Date): Promise<void> {
    const validKey = checkInput(keySchema, key, 'idempotency key');
    await mongoOp('idempotency.forget', () =>
      this.collection.updateMany(
        { key: validKey, expiresAt: { $gt: now } },
        { $set: { expiresAt: now } },
      ),
    );
  }
}
