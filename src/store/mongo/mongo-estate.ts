import type { Collection, Document } from 'mongodb';
import { z } from 'zod';
import type { EstateChange } from '../../domain/estate-types.js';
import { MalformedEstateError } from '../errors.js';
import { appendChange, LOST_RACE, untilWon } from '../estate.js';
import type { EstateRecord, EstateStore } from '../ports.js';
import { estateChangeSchema, idSchema, storedEstateSchema } from '../record-schemas.js';
import { checkInput, type MalformedLog } from '../validation.js';
import { isDuplicateKey, mongoOp } from './mongo-common.js';

/** A document of `estates` or `estate_versions`: every field but `_id` is checked on read. */
export type EstateDocument = Document & { _id: string };

/** The `_id` of a team's version in `estate_versions` (unambiguous: the version is the last part). */
export function estateVersionId(teamId: string, version: number): string {
  return `${teamId}|${version}`;
}

const headSchema = storedEstateSchema
  .extend({ _id: z.string() })
  .refine((doc) => doc._id === doc.teamId, { error: '_id is not the team id', path: ['_id'] });

const versionSchema = storedEstateSchema
  .extend({ _id: z.string() })
  .refine((doc) => doc._id === estateVersionId(doc.teamId, doc.version), {
    error: '_id does not match teamId and version',
    path: ['_id'],
  });

/** A superseded version, its changes dropped: what remains keeps its number taken. */
const prunedSchema = z
  .object({
    _id: z.string(),
    teamId: idSchema,
    version: z.number().int().min(1),
    pruned: z.literal(true),
  })
  .refine((doc) => doc._id === estateVersionId(doc.teamId, doc.version), {
    error: '_id does not match teamId and version',
    path: ['_id'],
  });

const MALFORMED = Symbol('malformed');

interface Latest {
  /** The team's latest version, or null when it has none. */
  record: EstateRecord | null;
  /** The version the head document had (0: none): lower than the record's when it lags. */
  headVersion: number;
}

function withoutId<T extends { _id: string }>(doc: T): Omit<T, '_id'> {
  const { _id: _ignored, ...rest } = doc;
  return rest;
}

/**
 * A team's estate on MongoDB (docs/store.md, "The estate"). FerretDB 1.x does not run a
 * conditional update atomically (a replaceOne filtered by `{_id, version}` reported success to
 * both of two concurrent writers in 198 of 200 trials), so the race is decided by a unique insert:
 *
 * - `estate_versions`: version v of a team is the document `_id` = `${teamId}|${v}`, inserted
 *   once, holding the whole record. An append reads the latest version v and inserts v + 1; of
 *   concurrent appenders exactly one insert succeeds, the others get E11000, read again and retry.
 *   Once v + 1 is in, v is replaced by a stub `{ pruned: true }` (never deleted: a number once
 *   taken stays taken, so a writer that read an old head can never insert a version again).
 * - `estates`: one document per team, `_id` = teamId, a copy of the latest version written after
 *   each append. It may lag (a writer died between the two writes) or even go back (a slow writer
 *   wrote an older copy last); readers therefore go on from it, reading versions head + 1, + 2…
 *   by `_id` until one is missing. Usually that is two `_id` lookups.
 */
export class MongoEstateStore implements EstateStore {
  constructor(
    private readonly heads: Collection<EstateDocument>,
    private readonly versions: Collection<EstateDocument>,
    private readonly malformed: MalformedLog,
  ) {}

  async get(teamId: string): Promise<EstateRecord | null> {
    const team = checkInput(idSchema, teamId, 'team id');
    return mongoOp('estate.get', async () => {
      const latest = await this.#latest(team);
      return latest === MALFORMED ? null : latest.record;
    });
  }

  async append(teamId: string, change: EstateChange, now: Date): Promise<EstateRecord> {
    const team = checkInput(idSchema, teamId, 'team id');
    const valid = checkInput(estateChangeSchema, change, 'estate change');
    const at = checkInput(z.date(), now, 'time');
    return mongoOp('estate.append', () =>
      untilWon(team, async () => {
        const latest = await this.#latest(team);
        if (latest === MALFORMED) throw new MalformedEstateError(team);
        const { record, headVersion } = latest;
        const next = appendChange(record, team, valid, at);
        if (next === null) {
          // Already recorded (a retried click); bring a lagging head up to date on the way.
          if (record !== null && headVersion < record.version) await this.#writeHead(record);
          return record as EstateRecord;
        }
        try {
          await this.versions.insertOne({ _id: estateVersionId(team, next.version), ...next });
        } catch (error) {
          if (isDuplicateKey(error)) return LOST_RACE;
          throw error;
        }
        await this.#writeHead(next);
        if (next.version > 1) await this.#prune(team, next.version - 1);
        return next;
      }),
    );
  }

  /** The latest version: the head, then each later version until one is missing. */
  async #latest(teamId: string): Promise<Latest | typeof MALFORMED> {
    let record: EstateRecord | null = null;
    const head = await this.heads.findOne({ _id: teamId });
    if (head !== null) {
      const parsed = this.malformed.parse(headSchema, head, 'estates', teamId);
      if (parsed === null) return MALFORMED;
      record = withoutId(parsed);
    }
    const headVersion = record?.version ?? 0;
    let version = headVersion;
    let last: EstateDocument | null = null;
    for (;;) {
      const _id = estateVersionId(teamId, version + 1);
      const doc = await this.versions.findOne({ _id });
      if (doc === null) break;
      version += 1;
      last = doc;
      const pruned = doc.pruned === true;
      const parsed = this.malformed.parse(
        pruned ? prunedSchema : versionSchema,
        doc,
        'estate_versions',
        _id,
      );
      if (parsed === null) return MALFORMED;
      if (!pruned) record = withoutId(parsed as z.output<typeof versionSchema>);
    }
    // The latest version is never pruned (only its successor's writer prunes it); if it were,
    // the record read would not be the latest: report the version as malformed, write nothing.
    if (last !== null && record?.version !== version) {
      this.malformed.parse(versionSchema, last, 'estate_versions', last._id);
      return MALFORMED;
    }
    return { record, headVersion };
  }

  /** Replace the head with a copy of `record` (a concurrent first insert: E11000, retried once). */
  async #writeHead(record: EstateRecord): Promise<void> {
    const run = () =>
      this.heads.replaceOne({ _id: record.teamId }, { ...record }, { upsert: true });
    await run().catch((error: unknown) => {
      if (isDuplicateKey(error)) return run();
      throw error;
    });
  }

  async #prune(teamId: string, version: number): Promise<void> {
    await this.versions.replaceOne(
      { _id: estateVersionId(teamId, version) },
      { teamId, version, pruned: true },
    );
  }
}
