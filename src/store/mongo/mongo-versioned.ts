import type { Collection, Document, Filter } from 'mongodb';
import { z } from 'zod';
import { StoreContentionError } from '../errors.js';
import { REMOVE, type Step } from '../tenant-transitions.js';
import type { MalformedLog } from '../validation.js';
import { isDuplicateKey } from './mongo-common.js';

/** A document of a heads or versions collection: every field but `_id` is checked on read. */
export type VersionedDocument = Document & { _id: string };

/** The `_id` of version v of a record (unambiguous: the version is the last part). */
export function versionId(key: string, version: number): string {
  return `${key}|${version}`;
}

/** How one kind of record is stored. */
export interface VersionedCodec<R extends { key: string; version: number }> {
  /** Collection names, as the malformed-document log names them. */
  readonly names: { heads: string; versions: string };
  /** A record's document (without `_id`); it holds `key` and `version`. */
  toDocument(record: R): Document;
  /** A document (without `_id`) read back as a record. */
  readonly schema: z.ZodType<R>;
  /** Fields that hold secrets: removed from every superseded version when the record is removed. */
  readonly secretFields: readonly string[];
}

/** Writes a record may lose in a row before the call gives up (each loss: another write landed). */
export const MAX_WRITE_ATTEMPTS = 10;

/**
 * Stubs of superseded versions are kept for this many versions below the latest, then deleted:
 * a number stays taken while a writer that read an older head could still try to insert it.
 */
export const STUB_WINDOW = 50;

interface Latest<R> {
  /** null: none, removed (a tombstone), or malformed (logged once). */
  record: R | null;
  /** The latest version number (0: none), tombstones and malformed versions included. */
  version: number;
  /** Whether the latest version is a record (possibly malformed), not none or a tombstone. */
  present: boolean;
  /** The latest version's document when the head lags behind it. */
  ahead: VersionedDocument | null;
}

const storedVersion = z.object({ version: z.number().int().min(0) });

function withoutId(doc: VersionedDocument): Document {
  const { _id: _ignored, ...rest } = doc;
  return rest;
}

/**
 * Records with a compare-and-set on MongoDB-wire servers that do not run conditional updates
 * atomically (FerretDB 1.x: two concurrent `replaceOne({_id, version})` both matched in 198 of
 * 200 trials). The estate's design (mongo-estate.ts, docs/store.md "The estate"), for any record:
 *
 * - `versions`: version v of a record is the document `_id` = `${key}|${v}`, inserted once. A
 *   write reads the latest version v and inserts v + 1 holding the whole record: of concurrent
 *   writers exactly one insert succeeds; the others get E11000, read again (now the winner's
 *   record) and decide again, so a compare-and-set that lost reports what won.
 * - Once v + 1 is in, v becomes a stub `{ key, version, pruned: true }` (its secrets gone), and the
 *   stub STUB_WINDOW below is deleted, so a record keeps at most that many stubs.
 * - A removal is a version too: a tombstone `{ key, version, deleted: true }`, so that a writer
 *   that read the record before cannot write it back; every older version loses its secrets.
 * - `heads`: one document per record, `_id` = key, a copy of the latest version (or tombstone),
 *   written after each write. Readers go on from it by `_id` (version + 1, + 2… until one is
 *   missing), so a head that lags (a writer died in between) never hides a write; a read that finds
 *   it lagging writes it. Usually two `_id` lookups.
 */
export class MongoVersionedRecords<R extends { key: string; version: number }> {
  constructor(
    private readonly heads: Collection<VersionedDocument>,
    private readonly versions: Collection<VersionedDocument>,
    private readonly codec: VersionedCodec<R>,
    private readonly malformed: MalformedLog,
  ) {}

  /** The latest record; a lagging head is brought up to date on the way. */
  async get(key: string): Promise<R | null> {
    const latest = await this.#latest(key);
    if (latest.ahead !== null) await this.#writeHead(key, withoutId(latest.ahead));
    return latest.record;
  }

  /**
   * Read the latest record, let `decide` say what to write as the next version, and write it by a
   * unique insert; when another writer took that version first, read again and decide again.
   */
  async mutate<T>(
    key: string,
    operation: string,
    decide: (current: R | null, nextVersion: number, present: boolean) => Step<R, T>,
  ): Promise<T> {
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const latest = await this.#latest(key);
      const version = latest.version + 1;
      const step = decide(latest.record, version, latest.present);
      if (!('write' in step)) return step.result;
      const write = step.write;
      const removed = write === REMOVE;
      const doc = write === REMOVE ? { key, version, deleted: true } : this.codec.toDocument(write);
      try {
        await this.versions.insertOne({ _id: versionId(key, version), ...doc });
      } catch (error) {
        if (isDuplicateKey(error)) continue;
        throw error;
      }
      await this.#writeHead(key, doc);
      await this.#supersede(key, version, removed);
      return step.result;
    }
    throw new StoreContentionError(operation, MAX_WRITE_ATTEMPTS);
  }

  /** Keys of the heads that match `filter` (a scan of the heads on FerretDB), sorted. */
  async headKeys(filter: Filter<VersionedDocument>): Promise<string[]> {
    const docs = await this.heads.find(filter, { projection: { _id: 1 } }).toArray();
    return docs.map((doc) => String(doc._id)).sort();
  }

  /**
   * Erase the record whole: every version, stub and tombstone (a scan by `key` on FerretDB),
   * then the head, so that an erase that dies midway still has its head to be found by. 1 when
   * anything was there.
   */
  async erase(key: string): Promise<number> {
    const versions = await this.versions.deleteMany({ key });
    const head = await this.heads.deleteOne({ _id: key });
    return versions.deletedCount + head.deletedCount > 0 ? 1 : 0;
  }

  async #latest(key: string): Promise<Latest<R>> {
    let record: R | null = null;
    let version = 0;
    const head = await this.heads.findOne({ _id: key });
    let last: VersionedDocument | null = head;
    if (head !== null) {
      record = this.#read(head, { collection: this.codec.names.heads, key, version: null });
      version = record?.version ?? storedVersion.safeParse(head).data?.version ?? 0;
    }
    let ahead: VersionedDocument | null = null;
    for (;;) {
      const _id = versionId(key, version + 1);
      const doc = await this.versions.findOne({ _id });
      if (doc === null) break;
      version += 1;
      ahead = doc;
      last = doc;
      const where = { collection: this.codec.names.versions, key, version };
      record = doc.pruned === true ? null : this.#read(doc, where);
    }
    const present = last !== null && last.deleted !== true && last.pruned !== true;
    return { record, version, present, ahead: ahead?.pruned === true ? null : ahead };
  }

  /** A document as a record: null for a tombstone, or a malformed one (logged once). */
  #read(
    doc: VersionedDocument,
    where: { collection: string; key: string; version: number | null },
  ): R | null {
    if (doc.deleted === true) return null;
    const { collection, key, version } = where;
    const schema = this.codec.schema.refine(
      (r) => r.key === key && (version === null || r.version === version),
      { error: '_id does not match key and version', path: ['_id'] },
    );
    return this.malformed.parse(schema, withoutId(doc), collection, doc._id);
  }

  /** Replace the head with a copy (a concurrent first insert: E11000, retried once). */
  async #writeHead(key: string, doc: Document): Promise<void> {
    const run = () => this.heads.replaceOne({ _id: key }, doc, { upsert: true });
    await run().catch((error: unknown) => {
      if (isDuplicateKey(error)) return run();
      throw error;
    });
  }

  async #supersede(key: string, version: number, removed: boolean): Promise<void> {
    if (version > 1) {
      await this.versions.replaceOne(
        { _id: versionId(key, version - 1) },
        { key, version: version - 1, pruned: true },
      );
    }
    const old = version - 1 - STUB_WINDOW;
    if (old >= 1) await this.versions.deleteOne({ _id: versionId(key, old) });
    if (removed && this.codec.secretFields.length > 0) {
      // A version a writer never pruned (it died first) keeps no secret past a removal.
      const unset = Object.fromEntries(this.codec.secretFields.map((field) => [field, '']));
      await this.versions.updateMany(
        { key, version: { $lt: version }, pruned: { $ne: true } },
        { $set: { pruned: true }, $unset: unset },
      );
    }
  }
}
