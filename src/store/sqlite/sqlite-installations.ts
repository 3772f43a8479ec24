import { z } from 'zod';
import type {
  InstallationInput,
  InstallationRecord,
  InstallationStore,
  InstallationTokens,
  ReplaceTokensResult,
  TenantKey,
} from '../ports.js';
import {
  installationInputSchema,
  installationTokensSchema,
  storedInstallationSchema,
  tenantKeySchema,
  versionSchema,
} from '../tenant-schemas.js';
import { deleteStep, putInstallationStep, replaceTokensStep } from '../tenant-transitions.js';
import { checkInput, type MalformedLog } from '../validation.js';
import { sqliteOp } from './sqlite-common.js';
import type { SqliteDatabase } from './sqlite-db.js';
import { SqliteVersionedRecords, type VersionedTable } from './sqlite-versioned.js';

const TABLE: VersionedTable<InstallationRecord> = {
  table: 'installations',
  extraColumns: [],
  columns: () => ({}),
  details: ({ key: _key, version: _version, updatedAt: _updatedAt, ...details }) => details,
  fromRow: (row, details) => ({
    ...(typeof details === 'object' ? details : { details }),
    key: row.key,
    version: row.version,
    updatedAt: new Date(row.updated_at),
  }),
  schema: storedInstallationSchema,
};

/**
 * Installations in the embedded store: the table `installations` (PRIMARY KEY key), the sealed
 * tokens inside `record_json` exactly as given (sqlite-versioned.ts).
 */
export class SqliteInstallationStore implements InstallationStore {
  readonly #records: SqliteVersionedRecords<InstallationRecord>;

  constructor(
    private readonly db: SqliteDatabase,
    malformed: MalformedLog,
  ) {
    this.#records = new SqliteVersionedRecords(db, TABLE, malformed);
  }

  /** The table's helper, for the purge (sqlite-tenants.ts). */
  get records(): SqliteVersionedRecords<InstallationRecord> {
    return this.#records;
  }

  async get(key: TenantKey): Promise<InstallationRecord | null> {
    const tenant = checkInput(tenantKeySchema, key, 'tenant key');
    return sqliteOp('installations.get', () => this.#records.get(tenant));
  }

  async put(installation: InstallationInput, now: Date): Promise<InstallationRecord> {
    const valid = checkInput(installationInputSchema, installation, 'installation');
    const at = checkInput(z.date(), now, 'time');
    return sqliteOp('installations.put', () =>
      this.#records.mutate(valid.key, (_current, version) =>
        putInstallationStep(valid, at, version),
      ),
    );
  }

  async replaceTokens(
    key: TenantKey,
    expectedVersion: number,
    tokens: InstallationTokens,
    now: Date,
  ): Promise<ReplaceTokensResult> {
    const tenant = checkInput(tenantKeySchema, key, 'tenant key');
    const expected = checkInput(versionSchema, expectedVersion, 'version');
    const valid = checkInput(installationTokensSchema, tokens, 'installation tokens');
    const at = checkInput(z.date(), now, 'time');
    return sqliteOp('installations.replaceTokens', () =>
      this.#records.mutate(tenant, (current, version) =>
        replaceTokensStep(current, expected, valid, at, version),
      ),
    );
  }

  async delete(key: TenantKey): Promise<boolean> {
    const tenant = checkInput(tenantKeySchema, key, 'tenant key');
    return sqliteOp('installations.delete', () =>
      this.#records.mutate(tenant, (_current, _version, present) => deleteStep(present)),
    );
  }

  async keys(): Promise<TenantKey[]> {
    return sqliteOp('installations.keys', () =>
      (
        this.db.prepare('SELECT key FROM installations ORDER BY key').all() as { key: string }[]
      ).map((row) => row.key),
    );
  }
}
