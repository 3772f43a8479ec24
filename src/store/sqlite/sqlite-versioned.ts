import type { z } from 'zod';
import { REMOVE, type Step } from '../tenant-transitions.js';
import type { MalformedLog } from '../validation.js';
import { parseJson, toJson } from './sqlite-common.js';
import type { SqliteDatabase } from './sqlite-db.js';

/** A row of `installations` or `workspaces`: the key, the version, and the rest. */
export interface VersionedRow {
  key: string;
  version: number;
  updated_at: number;
  record_json: string;
  [column: string]: unknown;
}

/** How one kind of record is stored in its table. */
export interface VersionedTable<R extends { key: string; version: number; updatedAt: Date }> {
  readonly table: 'installations' | 'workspaces';
  /** The names of the columns `columns` gives. */
  readonly extraColumns: readonly string[];
  /** Columns besides key, version, updated_at and record_json, with their values for a record. */
  columns(record: R): Record<string, string | number | null>;
  /** The fields the record keeps in `record_json` (the columns' copies are left out). */
  details(record: R): Record<string, unknown>;
  /** A row as the object `schema` checks. */
  fromRow(row: VersionedRow, details: unknown): unknown;
  readonly schema: z.ZodType<R>;
}

/**
 * Installations and workspace records in the embedded store: one row per tenant (PRIMARY KEY
 * key), a version column, the queried fields as columns and the rest as JSON (dates as
 * {"$date": ms}). A write reads, decides (src/store/tenant-transitions.ts) and writes in one
 * transaction of the only process, so a compare-and-set is exact; a removal deletes the row.
 */
export class SqliteVersionedRecords<R extends { key: string; version: number; updatedAt: Date }> {
  readonly #select: string;
  readonly #upsert: string;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly spec: VersionedTable<R>,
    private readonly malformed: MalformedLog,
  ) {
    const columns = ['key', 'version', 'updated_at', 'record_json', ...spec.extraColumns];
    this.#select = `SELECT ${columns.join(', ')} FROM ${spec.table} WHERE key = ?`;
    this.#upsert = `INSERT INTO ${spec.table} (${columns.join(', ')})
VALUES (${columns.map((c) => `@${c}`).join(', ')})
ON CONFLICT (key) DO UPDATE SET ${columns
      .filter((c) => c !== 'key')
      .map((c) => `${c} = excluded.${c}`)
      .join(', ')}`;
  }

  get(key: string): R | null {
    const row = this.#row(key);
    return row === undefined ? null : this.read(row);
  }

  /** Read, decide and write in one transaction. */
  mutate<T>(
    key: string,
    decide: (current: R | null, nextVersion: number, present: boolean) => Step<R, T>,
  ): T {
    return this.db.transaction((): T => {
      const row = this.#row(key);
      const current = row === undefined ? null : this.read(row);
      const step = decide(current, (row?.version ?? 0) + 1, row !== undefined);
      if (!('write' in step)) return step.result;
      const write = step.write;
      if (write === REMOVE) {
        this.db.prepare(`DELETE FROM ${this.spec.table} WHERE key = ?`).run(key);
      } else {
        this.db.prepare(this.#upsert).run({
          key: write.key,
          version: write.version,
          updated_at: write.updatedAt.getTime(),
          record_json: toJson(this.spec.details(write)),
          ...this.spec.columns(write),
        });
      }
      return step.result;
    })();
  }

  /** Delete the tenant's row; 1 when there was one. */
  erase(key: string): number {
    return this.db.prepare(`DELETE FROM ${this.spec.table} WHERE key = ?`).run(key).changes;
  }

  /** A row as a record; null when malformed (logged once). */
  read(row: VersionedRow): R | null {
    const value = this.spec.fromRow(row, parseJson(row.record_json));
    return this.malformed.parse(this.spec.schema, value, this.spec.table, row.key);
  }

  #row(key: string): VersionedRow | undefined {
    return this.db.prepare(this.#select).get(key) as VersionedRow | undefined;
  }
}
