import type { AppDeps } from '../app/deps.js';
import type { StatusAnswers } from '../app/status-answers.js';
import type { TenantKey } from '../store/ports/installations.js';
import { type TenantOrigin, tenantKeyOf } from './tenant-key.js';
import type { Tenant, Tenants } from './tenants.js';

/**
 * One workspace with a bot token (the environment) and the YAML's settings: every key gets the
 * same deps and shared answers (keyed by team inside), as before tenants existed.
 */
export function singleTenant(app: AppDeps, statusAnswers: StatusAnswers): Tenants {
  const of = (key: TenantKey): Tenant => ({ key, app, statusAnswers });
  return {
    mode: 'single',
    // A workspace's own requests carry its team id; an org-wide install is served by OAuth only.
    keyOf: (origin: TenantOrigin) => tenantKeyOf({ ...origin, isEnterpriseInstall: false }),
    peek: of,
    resolve: async (key) => of(key),
    invalidate: () => undefined,
    close: async () => undefined,
  };
}
