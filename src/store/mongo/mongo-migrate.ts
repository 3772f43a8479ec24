import { type Db, type Document, ObjectId } from 'mongodb';
import { z } from 'zod';
import { isLegacyKey } from '../../domain/action-keys.js';
import {
  type MigrationCounts,
  type MigrationOptions,
  migratedDecisionKey,
  migratedObservation,
  observationIdOfReview,
} from '../migration.js';
import { storedReviewRecordSchema } from '../record-schemas.js';
import type { MalformedLog } from '../validation.js';
import { docId, isDuplicateKey, objectIdOrNull, withStringId } from './mongo-common.js';
import { COLLECTIONS } from './mongo-indexes.js';

/** The `meta` document that records the data version; 2: observations migrated from reviews. */
const SCHEMA_DOCUMENT_ID = 'schema';
const DATA_VERSION = 2;

const schemaDocument = z.object({ version: z.number().int() });
const reviewHead = z.object({
  _id: z.instanceof(ObjectId),
  teamId: z.string(),
  createdAt: z.date(),
});
const decisionKey = z.object({
  _id: z.instanceof(ObjectId),
  reviewId: z.string(),
  recommendationKey: z.string(),
});
const stageOnly = z.object({
  review: z.object({ stage: z.object({ number: z.number().int() }) }),
});

/**
 * Migrate data written before observations existed (src/store/migration.ts), once: the `meta`
 * document `schema` records it. Without transactions (FerretDB has none) it is convergent instead
 * of locked, so two replicas starting at once may both run it and end in the same state:
 * observations are only ever inserted with their `_id` (E11000 = already there, kept: never
 * overwritten), decision keys are rewritten by a conditional update on the old key to a key both
 * replicas compute alike, and the marker is written last. Returns null when it had already run.
 */
export async function migrateMongo(
  db: Db,
  options: MigrationOptions & { malformed: MalformedLog },
): Promise<MigrationCounts | null> {
  const meta = db.collection<{ _id: string }>(COLLECTIONS.meta);
  const marker = schemaDocument.safeParse(await meta.findOne({ _id: SCHEMA_DOCUMENT_ID }));
  if (marker.success && marker.data.version >= DATA_VERSION) return null;
  const counts = {
    observations: await migrateObservations(db, options),
    decisionKeys: await migrateDecisionKeys(db),
  };
  await meta
    .updateOne(
      { _id: SCHEMA_DOCUMENT_ID },
      { $set: { version: DATA_VERSION, migratedAt: options.now } },
      { upsert: true },
    )
    .catch((error: unknown) => {
      // Another replica inserted the marker at the same moment: it says the same.
      if (!isDuplicateKey(error)) throw error;
    });
  return counts;
}

async function migrateObservations(
  db: Db,
  options: MigrationOptions & { malformed: MalformedLog },
): Promise<number> {
  const reviews = db.collection<Document>(COLLECTIONS.reviews);
  const observations = db.collection<{ _id: string }>(COLLECTIONS.observations);
  // Newest first within a team, so the first readable review of each period is its latest one
  // (ties on createdAt: the later _id, as reviews.latest orders them).
  const heads = reviews
    .find({}, { projection: { teamId: 1, createdAt: 1 } })
    .sort({ teamId: 1, createdAt: -1, _id: -1 });
  const settled = new Set<string>();
  let written = 0;
  for await (const doc of heads) {
    const head = options.malformed.parse(reviewHead, doc, COLLECTIONS.reviews, docId(doc));
    if (head === null) continue;
    const _id = observationIdOfReview(head.teamId, head.createdAt, options.intervalDays);
    if (settled.has(_id)) continue;
    const full = await reviews.findOne({ _id: head._id });
    const record =
      full === null
        ? null
        : options.malformed.parse(
            storedReviewRecordSchema,
            withStringId(full),
            COLLECTIONS.reviews,
            docId(full),
          );
    if (record === null) continue;
    settled.add(_id);
    try {
      await observations.insertOne({ _id, ...migratedObservation(record, options) });
      written += 1;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
  return written;
}

async function migrateDecisionKeys(db: Db): Promise<number> {
  const reviews = db.collection<Document>(COLLECTIONS.reviews);
  const decisions = db.collection<Document>(COLLECTIONS.decisions);
  const stages = new Map<string, number | null>();
  const stageOf = async (reviewId: string): Promise<number | null> => {
    const known = stages.get(reviewId);
    if (known !== undefined) return known;
    const objectId = objectIdOrNull(reviewId);
    const doc =
      objectId === null
        ? null
        : await reviews.findOne({ _id: objectId }, { projection: { 'review.stage.number': 1 } });
    const parsed = stageOnly.safeParse(doc);
    const stage = parsed.success ? parsed.data.review.stage.number : null;
    stages.set(reviewId, stage);
    return stage;
  };
  const cursor = decisions.find(
    { recommendationKey: { $regex: ':' } },
    { projection: { reviewId: 1, recommendationKey: 1 } },
  );
  let rewritten = 0;
  for await (const doc of cursor) {
    const parsed = decisionKey.safeParse(doc);
    if (!parsed.success || !isLegacyKey(parsed.data.recommendationKey)) continue;
    const { _id, reviewId, recommendationKey } = parsed.data;
    const next = migratedDecisionKey(recommendationKey, await stageOf(reviewId));
    if (next === null) continue;
    const result = await decisions.updateOne(
      { _id, recommendationKey },
      { $set: { recommendationKey: next } },
    );
    rewritten += result.modifiedCount;
  }
  return rewritten;
}
