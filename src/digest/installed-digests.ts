import { TenantNotInstalledError } from '../app/errors.js';
import type { Tenants } from '../tenancy/tenants.js';
import type { DigestConfig } from './config.js';
import { createDigestDeps, type DigestSlackConfig } from './create-digest-deps.js';
import type { DigestDeps } from './digest-deps.js';
import type { DigestTenancy } from './run-digest.js';

export interface InstalledDigestsOptions {
  tenants: Tenants;
  /**
   * The tenant's bot token, fresh: with token rotation on, one that expires soon is refreshed
   * first (once across replicas: the store's compare-and-set), since a digest runs with no
   * incoming request to make Bolt do it. null: the tenant has no installation any more.
   */
  botTokenFor: (key: string) => Promise<string | null>;
  config: DigestConfig;
  /** The replica's Slack settings; `owner` is required so that every tenant's leases share it. */
  slack: Omit<DigestSlackConfig, 'botToken' | 'paceKey'> & { owner: string };
  shared: DigestTenancy['shared'];
}

/**
 * The digest of an installable app: each tenant's deps (its settings and metrics source, through
 * `tenants`), a client on its own bot token and a pace of its own (Slack's limits are per
 * workspace and app). A tenant uninstalled since its subscriptions were listed is skipped.
 */
export function installedDigests(options: InstalledDigestsOptions): DigestTenancy {
  return {
    shared: options.shared,
    owner: options.slack.owner,
    depsFor: async (key: string): Promise<DigestDeps | null> => {
      let tenant: Awaited<ReturnType<Tenants['resolve']>>;
      try {
        tenant = await options.tenants.resolve(key);
      } catch (error) {
        if (error instanceof TenantNotInstalledError) return null;
        throw error;
      }
      const botToken = await options.botTokenFor(key);
      if (botToken === null) return null;
      return createDigestDeps(tenant.app, options.config, {
        ...options.slack,
        botToken,
        paceKey: key,
      });
    },
  };
}
