import type { AppConfig } from '../config/app-config.js';
import { MetricsNotConfiguredError } from '../metrics/errors.js';
import type { SetupTenant, TenantSetup } from './tenant-setup.js';

/**
 * An installed workspace's setup from the deployment's defaults alone: the YAML's plan and
 * infrastructure, everyone may act, and no metrics source. The deployment's own metrics source
 * (its AWS account, its database) and its `slack:` user lists belong to the operator's
 * workspace, never to an installed one: an admin sets the workspace's own in the App Home.
 */
export function defaultsSetup(config: Pick<AppConfig, 'plan' | 'infrastructure'>): SetupTenant {
  return async (): Promise<TenantSetup> => ({
    plan: config.plan,
    infrastructure: config.infrastructure,
    permissions: { admins: [], ackers: null },
    metrics: null,
    metricsProblem: new MetricsNotConfiguredError(
      'no metrics source for this workspace',
      'an admin sets one in the App Home (Settings)',
      { subject: 'Metrics' },
    ),
    close: async () => undefined,
  });
}
