import type { Collection, Document } from 'mongodb';
import { z } from 'zod';
import { observationId } from '../migration.js';
import type { ObservationRecord, ObservationStore } from '../ports.js';
import {
  idSchema,
  observationRecordSchema,
  periodKeySchema,
  periodKeysSchema,
  storedObservationSchema,
} from '../record-schemas.js';
import { checkInput, isPresent, type MalformedLog } from '../validation.js';
import { isDuplicateKey, mongoOp } from './mongo-common.js';

/** What the collection holds; every field but `_id` is checked on read. */
export type ObservationDocument = Document & { _id: string };

const storedDocumentSchema = storedObservationSchema
  .extend({ _id: z.string() })
  .refine((doc) => doc._id === observationId(doc.teamId, doc.periodKey), {
    error: '_id does not match teamId and periodKey',
    path: ['_id'],
  });

/**
 * One document per (team, period) with the string `_id` `${periodKey}|${teamId}` (unambiguous: a
 * period key never contains "|"), addressed by its string `_id` alone: FerretDB 1.x pushes only
 * `_id` equality down to its backend (any other filter scans the collection), so every read and
 * write here is an `_id` lookup and costs the same however many observations are stored.
 * `getMany` is one findOne per key, in parallel; never `$in` (not pushed down by FerretDB 1.x).
 */
export class MongoObservationStore implements ObservationStore {
  constructor(
    private readonly collection: Collection<ObservationDocument>,
    private readonly malformed: MalformedLog,
  ) {}

  /**
   * replaceOne by `_id` with upsert. Two replicas inserting the same new period at once: one
   * inserts, the other may get E11000 and retries once, which then replaces (the later put wins).
   */
  async put(record: ObservationRecord): Promise<void> {
    const valid = checkInput(observationRecordSchema, record, 'observation');
    const _id = observationId(valid.teamId, valid.periodKey);
    const run = () => this.collection.replaceOne({ _id }, { ...valid }, { upsert: true });
    await mongoOp('observations.put', async () => {
      await run().catch((error: unknown) => {
        if (isDuplicateKey(error)) return run();
        throw error;
      });
    });
  }

  async get(teamId: string, periodKey: string): Promise<ObservationRecord | null> {
    const team = checkInput(idSchema, teamId, 'team id');
    const key = checkInput(periodKeySchema, periodKey, 'period key');
    return mongoOp('observations.get', () => this.#findOne(observationId(team, key)));
  }

  async getMany(teamId: string, periodKeys: readonly string[]): Promise<ObservationRecord[]> {
    const team = checkInput(idSchema, teamId, 'team id');
    const keys = [...new Set(checkInput(periodKeysSchema, periodKeys, 'period keys'))];
    return mongoOp('observations.getMany', async () => {
      const found = await Promise.all(keys.map((key) => this.#findOne(observationId(team, key))));
      return found.filter(isPresent);
    });
  }

  async #findOne(_id: string): Promise<ObservationRecord | null> {
    const doc = await this.collection.findOne({ _id });
    if (doc === null) return null;
    const parsed = this.malformed.parse(storedDocumentSchema, doc, 'observations', _id);
    if (parsed === null) return null;
    const { _id: _ignored, ...record } = parsed;
    return record;
  }
}
