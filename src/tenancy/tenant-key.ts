import type { TenantKey } from '../store/ports/installations.js';

/** Where a request or an installation comes from, as Slack says it. */
export interface TenantOrigin {
  teamId: string | null | undefined;
  enterpriseId: string | null | undefined;
  /** An org-wide Enterprise Grid install: the org is the tenant. */
  isEnterpriseInstall: boolean;
}

/** A request that names no tenant the app could serve (an org-wide install without its org id). */
export class TenantKeyError extends Error {
  override readonly name = 'TenantKeyError';
}

/**
 * The tenant key (src/store/ports/installations.ts): the enterprise id of an org-wide install,
 * the team id otherwise. Every record of a tenant is keyed by it.
 */
export function tenantKeyOf(origin: TenantOrigin): TenantKey {
  if (origin.isEnterpriseInstall) {
    if (origin.enterpriseId) return origin.enterpriseId;
    throw new TenantKeyError('an org-wide install without an enterprise id');
  }
  if (origin.teamId) return origin.teamId;
  throw new TenantKeyError('a request without a team id');
}
