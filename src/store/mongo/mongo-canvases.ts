import type { Collection, Document } from 'mongodb';
import { z } from 'zod';
import {
  canvasKeySchema,
  canvasRecordId,
  canvasRecordSchema,
  storedCanvasSchema,
} from '../canvas-schema.js';
import type { CanvasRecord, CanvasStore } from '../ports.js';
import { checkInput, type MalformedLog } from '../validation.js';
import { isDuplicateKey, mongoOp } from './mongo-common.js';

/** What the collection holds; every field but `_id` is checked on read. */
export type CanvasDocument = Document & { _id: string };

const storedDocumentSchema = storedCanvasSchema
  .extend({ _id: z.string() })
  .refine((doc) => doc._id === canvasRecordId(doc.teamId, doc.channelId), {
    error: '_id does not match teamId and channelId',
    path: ['_id'],
  });

/**
 * One document per channel, `_id` = `${teamId}|${channelId}` (Slack ids never contain "|"), read
 * and written by that `_id` alone (FerretDB 1.x pushes down only `_id` equality). A put replaces
 * the whole document: the one caller serialises its writes per channel (src/canvas/).
 */
export class MongoCanvasStore implements CanvasStore {
  constructor(
    private readonly collection: Collection<CanvasDocument>,
    private readonly malformed: MalformedLog,
  ) {}

  async get(teamId: string, channelId: string): Promise<CanvasRecord | null> {
    const key = checkInput(canvasKeySchema, { teamId, channelId }, 'canvas key');
    const _id = canvasRecordId(key.teamId, key.channelId);
    return mongoOp('canvases.get', async () => {
      const doc = await this.collection.findOne({ _id });
      if (doc === null) return null;
      const parsed = this.malformed.parse(storedDocumentSchema, doc, 'canvases', _id);
      if (parsed === null) return null;
      const { _id: _ignored, ...record } = parsed;
      return record;
    });
  }

  /** replaceOne by `_id` with upsert; a concurrent first insert that loses (E11000) replaces. */
  async put(record: CanvasRecord): Promise<void> {
    const valid = checkInput(canvasRecordSchema, record, 'canvas record');
    const _id = canvasRecordId(valid.teamId, valid.channelId);
    const run = () => this.collection.replaceOne({ _id }, { ...valid }, { upsert: true });
    await mongoOp('canvases.put', async () => {
      await run().catch((error: unknown) => {
        if (isDuplicateKey(error)) return run();
        throw error;
      });
    });
  }
}
