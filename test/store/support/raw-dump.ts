import { BSON, Db } from 'mongodb';
import { MongoStore } from '../../../src/store/mongo/mongo-store.js';
import type { Store, StoreKind } from '../../../src/store/ports.js';
import type { SqliteDatabase } from '../../../src/store/sqlite/sqlite-db.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';

/**
 * Every collection (MongoDB) or table (SQLite) by name, with all its documents or rows as JSON
 * values: what is at rest, read around the ports. For the tests that look for secrets in plain
 * text (a sealed token must be there exactly as given, a plain one never) and for traces of a
 * purged tenant. MongoDB documents are Extended JSON (relaxed: dates `{"$date": "…"}`, ObjectIds
 * `{"$oid": "…"}`); SQLite rows are objects of their columns (JSON columns stay text).
 */
export type RawDump = Record<string, unknown[]>;

export function dumpRaw(kind: 'mongodb', handle: Db): Promise<RawDump>;
export function dumpRaw(kind: 'embedded', handle: SqliteDatabase): Promise<RawDump>;
export async function dumpRaw(kind: StoreKind, handle: Db | SqliteDatabase): Promise<RawDump> {
  if (kind === 'mongodb' && handle instanceof Db) return dumpMongo(handle);
  if (kind === 'embedded' && !(handle instanceof Db)) return dumpSqlite(handle);
  throw new Error(`the handle is not a ${kind} store's database`);
}

/** The raw dump of an open store of either kind. */
export function dumpStore(store: Store): Promise<RawDump> {
  if (store instanceof MongoStore) return dumpRaw('mongodb', store.rawDatabaseForTests());
  if (store instanceof SqliteStore) return dumpRaw('embedded', store.rawDatabaseForTests());
  throw new Error(`no raw dump for a store of kind ${store.kind}`);
}

/** The dump as one JSON text, to search for a string anywhere at rest. */
export function rawText(dump: RawDump): string {
  return JSON.stringify(dump);
}

async function dumpMongo(db: Db): Promise<RawDump> {
  const collections = await db.listCollections({}, { nameOnly: true }).toArray();
  const names = collections.map((c) => c.name).filter((name) => !name.startsWith('system.'));
  const dump: RawDump = {};
  for (const name of names.sort()) {
    const docs = await db.collection(name).find({}).toArray();
    dump[name] = docs.map((doc) => BSON.EJSON.serialize(doc, { relaxed: true }));
  }
  return dump;
}

async function dumpSqlite(db: SqliteDatabase): Promise<RawDump> {
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
    .all() as { name: string }[];
  const dump: RawDump = {};
  for (const { name } of tables) {
    dump[name] = db.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`).all();
  }
  return dump;
}
