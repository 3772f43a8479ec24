import type { AppDeps } from '../app/deps.js';
import type { StatusAnswers } from '../app/status-answers.js';
import type { TenantKey } from '../store/ports/installations.js';
import { TenantKeyError, type TenantOrigin } from './tenant-key.js';

/** One tenant's use-case deps: its plan, estate, metrics source and permissions over the store. */
export interface Tenant {
  readonly key: TenantKey;
  readonly app: AppDeps;
  /** The tenant's shared `/scale status` answers. */
  readonly statusAnswers: StatusAnswers;
}

export const TENANCY_MODES = ['single', 'installed'] as const;
export type TenancyMode = (typeof TENANCY_MODES)[number];

/**
 * Who a request, a click or a digest works for. `single`: one workspace with a bot token from the
 * environment and the YAML's settings (every team id is its own key, one set of deps). `installed`:
 * every installation (OAuth) is a tenant with the YAML as its defaults and its own settings.
 */
export interface Tenants {
  readonly mode: TenancyMode;
  /** The tenant a request belongs to (throws TenantKeyError when it names none). */
  keyOf(origin: TenantOrigin): TenantKey;
  /** A tenant already resolved, without I/O (the ack path), or null. */
  peek(key: TenantKey): Tenant | null;
  /** The tenant's deps; `installed`: TenantNotInstalledError when it is not (or no longer) active. */
  resolve(key: TenantKey): Promise<Tenant>;
  /** Forget what was resolved (a settings edit, an uninstall): the next resolve reads it anew. */
  invalidate(key: TenantKey): void;
  /** Close what tenants hold open (metrics sources' pools). */
  close(): Promise<void>;
}

/** The tenant a request belongs to, or null when it names none (the caller says so). */
export function tenantKeyOrNull(
  tenants: Pick<Tenants, 'keyOf'>,
  origin: TenantOrigin,
): TenantKey | null {
  try {
    return tenants.keyOf(origin);
  } catch (error) {
    if (error instanceof TenantKeyError) return null;
    throw error;
  }
}
