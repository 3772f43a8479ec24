import type { AppConfig } from '../config/app-config.js';
import type { Logger } from '../logging/logger.js';
import { createRoleCredentialsCache } from '../metrics/cloudwatch/role-credentials-cache.js';
import type { MetricsSource } from '../metrics/port.js';
import type { Sealer } from '../secrets/sealer.js';
import { createSettingsSetup, type SettingsSetupDeps } from './settings-setup.js';
import type { SetupTenant } from './tenant-setup.js';
import { type SettingsEditing, settingsDefaultsOf } from './workspace-settings.js';

/**
 * What OAuth mode wires for installed workspaces' Settings, in one call: the setup of each tenant
 * (InstalledTenants' `setup`), what the Settings modal needs (SlackDeps' `settings`), and the one
 * role credentials cache every workspace's CloudWatch shares (closed with `close`).
 */

export interface InstalledSettingsInput {
  config: Pick<AppConfig, 'plan' | 'infrastructure' | 'metrics' | 'slack'>;
  /** From SEALING_KEYS (src/config/install-env.ts): seals and opens the database URLs. */
  sealer: Pick<Sealer, 'seal' | 'open'>;
  logger: Logger;
  clock: () => Date;
  /** Each workspace's source wrapped (the bot: failures logged, calls counted). */
  wrapSource?: (source: MetricsSource) => MetricsSource;
  /** Roles kept assumed at most (least recently used first out); default 1,000. */
  maxRoles?: number;
  /** Another STS endpoint (tests: moto); the SDK also honours AWS_ENDPOINT_URL_STS. */
  stsEndpoint?: string;
  /** The SDK clients and the pool (tests). */
  clients?: SettingsSetupDeps['clients'];
}

export interface InstalledSettings {
  setup: SetupTenant;
  editing: SettingsEditing;
  /** Closes the role cache's STS clients (after the tenants are closed). */
  close(): void;
}

const DEFAULT_MAX_ROLES = 1_000;

export function installedSettings(input: InstalledSettingsInput): InstalledSettings {
  const defaults = settingsDefaultsOf(input.config);
  const roles = createRoleCredentialsCache({
    clock: () => input.clock().getTime(),
    max: input.maxRoles ?? DEFAULT_MAX_ROLES,
    logger: input.logger,
    endpoint: input.stsEndpoint,
    deploymentAccountId: defaults.workspaces.awsAccountId ?? undefined,
  });
  const setup = createSettingsSetup({
    defaults,
    sealer: input.sealer,
    logger: input.logger,
    clock: input.clock,
    roleCredentials: (role) => roles.get(role),
    ...(input.wrapSource === undefined ? {} : { wrapSource: input.wrapSource }),
    ...(input.clients === undefined ? {} : { clients: input.clients }),
  });
  return { setup, editing: { defaults, sealer: input.sealer }, close: () => roles.destroy() };
}
