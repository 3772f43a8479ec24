import type { Collection, Document } from 'mongodb';
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
import { mongoOp } from './mongo-common.js';
import { COLLECTIONS } from './mongo-indexes.js';
import { MongoVersionedRecords, type VersionedDocument } from './mongo-versioned.js';

/**
 * The settings as stored: `valuesJson` (the values as one JSON string: config keys may contain
 * "." or start with "$", which MongoDB-wire servers do not all accept in field names) and
 * `secrets` as `[{ name, sealed }]` (a secret's name is dotted: `metrics.postgres.url`), each
 * sealed string a field value exactly as given.
 */
function toDocument(record: WorkspaceRecord): Document {
  const { settings, ...rest } = record;
  return {
    ...rest,
    valuesJson: JSON.stringify(settings.values),
    secrets: Object.entries(settings.secrets).map(([name, sealed]) => ({ name, sealed })),
  };
}

const documentSchema = z
  .looseObject({
    valuesJson: z.string(),
    secrets: z.array(z.object({ name: z.string(), sealed: z.string() })),
  })
  .transform(({ valuesJson, secrets, ...rest }, ctx) => {
    let values: unknown;
    try {
      values = JSON.parse(valuesJson);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'valuesJson is not JSON', path: ['valuesJson'] });
      return z.NEVER;
    }
    const sealed = Object.fromEntries(secrets.map((s) => [s.name, s.sealed]));
    return { ...rest, settings: { values, secrets: sealed } };
  })
  .pipe(storedWorkspaceSchema);

/**
 * Workspace records on MongoDB: `workspaces` (one head per tenant, `_id` = the tenant key) and
 * `workspace_versions` (`_id` = key|version), every read and write by `_id` but the scan of the
 * heads that lists the purgeable ones (mongo-versioned.ts).
 */
export class MongoWorkspaceStore implements WorkspaceStore {
  readonly #records: MongoVersionedRecords<WorkspaceRecord>;

  constructor(
    heads: Collection<VersionedDocument>,
    versions: Collection<VersionedDocument>,
    malformed: MalformedLog,
  ) {
    this.#records = new MongoVersionedRecords(
      heads,
      versions,
      {
        names: { heads: COLLECTIONS.workspaces, versions: COLLECTIONS.workspaceVersions },
        toDocument,
        schema: documentSchema,
        secretFields: ['secrets'],
      },
      malformed,
    );
  }

  /** The versions helper, for the purge (mongo-tenants.ts). */
  get records(): MongoVersionedRecords<WorkspaceRecord> {
    return this.#records;
  }

  async get(key: TenantKey): Promise<WorkspaceRecord | null> {
    const tenant = checkInput(tenantKeySchema, key, 'tenant key');
    return mongoOp('workspaces.get', () => this.#records.get(tenant));
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
    return mongoOp('workspaces.activate', () =>
      this.#records.mutate(tenant, 'workspaces.activate', (current, version) =>
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
    return mongoOp('workspaces.updateSettings', () =>
      this.#records.mutate(tenant, 'workspaces.updateSettings', (current, version) =>
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
    return mongoOp('workspaces.markUninstalled', () =>
      this.#records.mutate(tenant, 'workspaces.markUninstalled', (current, version) =>
        uninstallStep(current, tenant, at, days, version),
      ),
    );
  }

  /**
   * A scan of the heads (FerretDB pushes no filter down but `_id`), then each candidate read by
   * `_id` to confirm it: a head may lag behind its latest version.
   */
  async listPurgeable(now: Date): Promise<WorkspaceRecord[]> {
    const at = checkInput(z.date(), now, 'time');
    return mongoOp('workspaces.listPurgeable', async () => {
      const keys = await this.#records.headKeys({
        status: 'uninstalled',
        purgeAfter: { $lte: at },
      });
      const records = await Promise.all(keys.map((key) => this.#records.get(key)));
      return records
        .filter(isPresent)
        .filter((r) => r.status === 'uninstalled' && r.purgeAfter !== null && r.purgeAfter <= at)
        .sort(byPurgeAfter);
    });
  }

  async delete(key: TenantKey): Promise<boolean> {
    const tenant = checkInput(tenantKeySchema, key, 'tenant key');
    return mongoOp('workspaces.delete', () =>
      this.#records.mutate(tenant, 'workspaces.delete', (_current, _version, present) =>
        deleteStep(present),
      ),
    );
  }
}

/** Oldest purgeAfter first, then by key. */
function byPurgeAfter(a: WorkspaceRecord, b: WorkspaceRecord): number {
  const byDate = (a.purgeAfter?.getTime() ?? 0) - (b.purgeAfter?.getTime() ?? 0);
  return byDate !== 0 ? byDate : a.key.localeCompare(b.key);
}
