import { randomUUID } from 'node:crypto';
import type {
  Installation,
  InstallationQuery,
  InstallationStore as LibraryInstallationStore,
} from '@slack/oauth';
import { clearBeforeReinstall } from '../../app/uninstall.js';
import type { Logger } from '../../logging/logger.js';
import type { Sealer } from '../../secrets/sealer.js';
import type { TenantKey } from '../../store/ports/installations.js';
import type { Store } from '../../store/ports.js';
import {
  installationToInput,
  recordToInstallation,
  tenantKeyOfQuery,
} from './installation-mapping.js';

/**
 * @slack/oauth's installation store contract over our store: the InstallProvider calls
 * `storeInstallation` once the install's code is exchanged.
 *
 * An install writes the installation (tokens sealed) and activates the workspace record with a
 * new AWS external id. A workspace that had uninstalled the app (its data waiting for the
 * retention) is purged first, so a reinstall starts clean; one still active keeps its settings
 * and external id (a repeated install only replaces the tokens and scopes).
 */

export interface InstallationStoreOptions {
  store: Pick<Store, 'installations' | 'workspaces' | 'tenants'>;
  sealer: Sealer;
  clock: () => Date;
  logger: Logger;
  /** The AssumeRole external id of a newly activated workspace (default: a random UUID). */
  newExternalId?: () => string;
  /** The library's clock in unix seconds (default Date.now): see installationToInput. */
  libraryNowSeconds?: () => number;
  /** Called once an install is stored (the tenants forget what they resolved for the key). */
  onInstalled?: (key: TenantKey) => void;
}

/** No installation for the tenant a query names (the library's contract: fetch throws). */
export class InstallationNotFoundError extends Error {
  override readonly name = 'InstallationNotFoundError';
  constructor(readonly key: TenantKey) {
    super(`no installation of Scale Review for ${key}`);
  }
}

export function createInstallationStore(
  options: InstallationStoreOptions,
): Required<LibraryInstallationStore> {
  const { store, sealer, logger } = options;
  const newExternalId = options.newExternalId ?? randomUUID;
  const libraryNowSeconds = options.libraryNowSeconds ?? (() => Math.floor(Date.now() / 1000));

  return {
    async storeInstallation(installation: Installation) {
      const now = options.clock();
      const input = installationToInput(installation, {
        sealer,
        now,
        libraryNowSeconds: libraryNowSeconds(),
      });
      const { key } = input;
      // A reinstall starts clean: what an uninstalled workspace left behind goes first.
      const counts = await clearBeforeReinstall({ store }, key);
      if (counts !== null) {
        logger.info({ tenant: key, counts }, 'reinstall: the earlier installation purged first');
      }
      await store.installations.put(input, now);
      await store.workspaces.activate(key, { externalId: newExternalId() }, now);
      options.onInstalled?.(key);
      logger.info(
        {
          tenant: key,
          orgWide: input.isEnterpriseInstall,
          rotation: input.refreshToken !== null,
          scopes: input.scopes.length,
        },
        'Scale Review installed',
      );
    },

    async fetchInstallation(query: InstallationQuery<boolean>) {
      const key = tenantKeyOfQuery(query);
      const record = await store.installations.get(key);
      if (record === null) throw new InstallationNotFoundError(key);
      return recordToInstallation(record, sealer);
    },

    async deleteInstallation(query: InstallationQuery<boolean>) {
      await store.installations.delete(tenantKeyOfQuery(query));
    },
  };
}
