import { z } from 'zod';
import type {
  TenantKey,
  UpdateSettingsResult,
  WorkspaceRecord,
  WorkspaceSettings,
  WorkspaceStore,
} from '../ports.js';
import { idSchema } from '../record-schemas.js';
import {
  externalIdSchema,
  retentionDaysSchema,
  storedWorkspaceSchema,
  tenantKeySchema,
  versionSchema,
  workspaceSettingsSchema,
} from '../tenant-schemas.js';
import {
  activateStep,
  deleteStep,
  uninstallStep,
  updateSettingsStep,
} from '../tenant-transitions.js';
import { checkInput, isPresent, type MalformedLog } from '../validation.js';
import { dateOrNull, sqliteOp } from './sqlite-common.js';
import type { SqliteDatabase } from './sqlite-db.js';
import {
  SqliteVersionedRecords,
  type VersionedRow,
  type VersionedTable,
} from './sqlite-versioned.js';

const TABLE: VersionedTable<WorkspaceRecord> = {
  table: 'workspaces',
  extraColumns: ['status', 'purge_after'],
  columns: (record) => ({
    status: record.status,
    purge_after: record.purgeAfter?.getTime() ?? null,
  }),
  details: ({
    key: _key,
    version: _version,
    updatedAt: _updatedAt,
    status: _status,
    purgeAfter: _purgeAfter,
    ...details
  }) => details,
  fromRow: (row, details) => ({
    ...(typeof details === 'object' ? details : { details }),
    key: row.key,
    status: row.status,
    purgeAfter: typeof row.purge_after === 'number' ? dateOrNull(row.purge_after) : null,
    version: row.version,
    updatedAt: new Date(row.updated_at),
  }),
  schema: storedWorkspaceSchema,
};

const PURGEABLE_SQL = `
SELECT key, version, updated_at, record_json, status, purge_after FROM workspaces
WHERE status = 'uninstalled' AND purge_after <= ? ORDER BY purge_after, key`;

/**
 * Workspace records in the embedded store: the table `workspaces` (PRIMARY KEY key; status and
 * purge_after as columns, indexed for the purge's list; the rest in `record_json`).
 */
export class SqliteWorkspaceStore implements WorkspaceStore {
  readonly #records: SqliteVersionedRecords<WorkspaceRecord>;

  constructor(
    private readonly db: SqliteDatabase,
    malformed: MalformedLog,
  ) {
    this.#records = new SqliteVersionedRecords(db, TABLE, malformed);
  }

  /** The table's helper, for the purge (sqlite-tenants.ts). */
  get records(): SqliteVersionedRecords<WorkspaceRecord> {
    return this.#records;
  }

  async get(key: TenantKey): Promise<WorkspaceRecord | null> {
    const tenant = checkInput(tenantKeySchema, key, 'tenant key');
    return sqliteOp('workspaces.get', () => this.#records.get(tenant));
  }

  async activate(
    key: TenantKey,
    init: { externalId: string },
    now: Date,
  ): Promise<WorkspaceRecord> {
    const tenant = checkInput(tenantKeySchema, key, 'tenant key');
    const { externalId } = checkInput(
      z.strictObject({ externalId: externalIdSchema }),
      init,
      'activation',
    );
    const at = checkInput(z.date(), now, 'time');
    return sqliteOp('workspaces.activate', () =>
      this.#records.mutate(tenant, (current, version) =>
        activateStep(current, tenant, externalId, at, version),
      ),
    );
  }

  async updateSettings(
    key: TenantKey,
    expectedVersion: number,
    settings: WorkspaceSettings,
    userId: string,
    now: Date,
  ): Promise<UpdateSettingsResult> {
    const tenant = checkInput(tenantKeySchema, key, 'tenant key');
    const expected = checkInput(versionSchema, expectedVersion, 'version');
    const valid = checkInput(workspaceSettingsSchema, settings, 'workspace settings');
    const user = checkInput(idSchema, userId, 'user id');
    const at = checkInput(z.date(), now, 'time');
    return sqliteOp('workspaces.updateSettings', () =>
      this.#records.mutate(tenant, (current, version) =>
        updateSettingsStep(current, expected, valid, user, at, version),
      ),
    );
  }

  async markUninstalled(
    key: TenantKey,
    now: Date,
    retentionDays: number,
  ): Promise<WorkspaceRecord> {
    const tenant = checkInput(tenantKeySchema, key, 'tenant key');
    const at = checkInput(z.date(), now, 'time');
    const days = checkInput(retentionDaysSchema, retentionDays, 'retention days');
    return sqliteOp('workspaces.markUninstalled', () =>
      this.#records.mutate(tenant, (current, version) =>
        uninstallStep(current, tenant, at, days, version),
      ),
    );
  }

  async listPurgeable(now: Date): Promise<WorkspaceRecord[]> {
    const at = checkInput(z.date(), now, 'time');
    return sqliteOp('workspaces.listPurgeable', () => {
      const rows = this.db.prepare(PURGEABLE_SQL).all(at.getTime()) as VersionedRow[];
      return rows.map((row) => this.#records.read(row)).filter(isPresent);
    });
  }

  async delete(key: TenantKey): Promise<boolean> {
    const tenant = checkInput(tenantKeySchema, key, 'tenant key');
    return sqliteOp('workspaces.delete', () =>
      this.#records.mutate(tenant, (_current, _version, present) => deleteStep(present)),
    );
  }
}
