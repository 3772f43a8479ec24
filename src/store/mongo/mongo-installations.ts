import type { Collection } from 'mongodb';
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
import { mongoOp } from './mongo-common.js';
import { COLLECTIONS } from './mongo-indexes.js';
import { MongoVersionedRecords, type VersionedDocument } from './mongo-versioned.js';

/**
 * Installations on MongoDB: `installations` (one head per tenant, `_id` = the tenant key) and
 * `installation_versions` (`_id` = key|version), every read and write by `_id`
 * (mongo-versioned.ts). The sealed tokens are fields of the documents, exactly as given.
 */
export class MongoInstallationStore implements InstallationStore {
  readonly #records: MongoVersionedRecords<InstallationRecord>;

  constructor(
    heads: Collection<VersionedDocument>,
    versions: Collection<VersionedDocument>,
    malformed: MalformedLog,
  ) {
    this.#records = new MongoVersionedRecords(
      heads,
      versions,
      {
        names: { heads: COLLECTIONS.installations, versions: COLLECTIONS.installationVersions },
        toDocument: (record) => ({ ...record }),
        schema: storedInstallationSchema,
        secretFields: ['botToken', 'refreshToken'],
      },
      malformed,
    );
  }

  /** The versions helper, for the purge (mongo-tenants.ts). */
  get records(): MongoVersionedRecords<InstallationRecord> {
    return this.#records;
  }

  async get(key: TenantKey): Promise<InstallationRecord | null> {
    const tenant = checkInput(tenantKeySchema, key, 'tenant key');
    return mongoOp('installations.get', () => this.#records.get(tenant));
  }

  async put(installation: InstallationInput, now: Date): Promise<InstallationRecord> {
    const valid = checkInput(installationInputSchema, installation, 'installation');
    const at = checkInput(z.date(), now, 'time');
    return mongoOp('installations.put', () =>
      this.#records.mutate(valid.key, 'installations.put', (_current, version) =>
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
    return mongoOp('installations.replaceTokens', () =>
      this.#records.mutate(tenant, 'installations.replaceTokens', (current, version) =>
        replaceTokensStep(current, expected, valid, at, version),
      ),
    );
  }

  async delete(key: TenantKey): Promise<boolean> {
    const tenant = checkInput(tenantKeySchema, key, 'tenant key');
    return mongoOp('installations.delete', () =>
      this.#records.mutate(tenant, 'installations.delete', (_current, _version, present) =>
        deleteStep(present),
      ),
    );
  }

  /** A scan of the heads (about 1 KB each); a tombstone is no installation. */
  async keys(): Promise<TenantKey[]> {
    return mongoOp('installations.keys', () => this.#records.headKeys({ deleted: { $ne: true } }));
  }
}
