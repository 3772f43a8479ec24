import type { AppDeps } from '../app/deps.js';
import { TenantNotInstalledError } from '../app/errors.js';
import { StatusAnswers } from '../app/status-answers.js';
import type { TenantKey } from '../store/ports/installations.js';
import type { Store } from '../store/ports.js';
import { type TenantOrigin, tenantKeyOf } from './tenant-key.js';
import type { SetupTenant, TenantSetup } from './tenant-setup.js';
import type { Tenant, Tenants } from './tenants.js';

export interface InstalledTenantsOptions {
  /** What every tenant shares: the store, the logger, the clock. */
  shared: Pick<AppDeps, 'store' | 'logger' | 'clock'>;
  setup: SetupTenant;
  /** The shared status answers' TTL (the metrics cache TTL), in milliseconds. */
  answersTtlMs: number;
  /** Tenants kept resolved at most (least recently used first out, its setup closed). */
  maxTenants?: number;
}

interface Entry {
  tenant: Tenant;
  setup: TenantSetup;
}

const DEFAULT_MAX_TENANTS = 500;

/**
 * Every installation is a tenant: the YAML is the defaults, the workspace's settings (App Home)
 * override them. A tenant is resolved once (its workspace record read, its metrics source built)
 * and kept until a settings edit or an uninstall invalidates it, or it is the least recently used
 * of `maxTenants`. Concurrent resolves of one tenant share one read.
 */
export class InstalledTenants implements Tenants {
  readonly mode = 'installed' as const;
  private readonly entries = new Map<TenantKey, Entry>();
  private readonly inFlight = new Map<TenantKey, Promise<Entry>>();
  /** Bumped by invalidate: a resolve that started before it does not cache its result. */
  private readonly generations = new Map<TenantKey, number>();
  private readonly maxTenants: number;

  constructor(private readonly options: InstalledTenantsOptions) {
    this.maxTenants = options.maxTenants ?? DEFAULT_MAX_TENANTS;
  }

  private get store(): Store {
    return this.options.shared.store;
  }

  keyOf(origin: TenantOrigin): TenantKey {
    return tenantKeyOf(origin);
  }

  peek(key: TenantKey): Tenant | null {
    const entry = this.entries.get(key);
    if (entry === undefined) return null;
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.tenant;
  }

  async resolve(key: TenantKey): Promise<Tenant> {
    const cached = this.peek(key);
    if (cached !== null) return cached;
    let flight = this.inFlight.get(key);
    if (flight === undefined) {
      flight = this.load(key).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, flight);
    }
    return (await flight).tenant;
  }

  invalidate(key: TenantKey): void {
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.closeSetup(key, entry.setup);
  }

  async close(): Promise<void> {
    const entries = [...this.entries];
    this.entries.clear();
    await Promise.all(entries.map(([key, entry]) => this.closeSetup(key, entry.setup)));
  }

  private async load(key: TenantKey): Promise<Entry> {
    const generation = this.generations.get(key) ?? 0;
    const workspace = await this.store.workspaces.get(key);
    if (workspace === null || workspace.status !== 'active') throw new TenantNotInstalledError(key);
    const setup = await this.options.setup(workspace);
    const app: AppDeps = { ...this.options.shared, ...setup };
    const tenant: Tenant = {
      key,
      app,
      statusAnswers: new StatusAnswers(app, { ttlMs: this.options.answersTtlMs, maxTeams: 1 }),
    };
    const entry = { tenant, setup };
    if ((this.generations.get(key) ?? 0) !== generation) {
      // Invalidated while it was read: serve this request, keep nothing.
      void this.closeSetup(key, setup);
      return entry;
    }
    this.entries.set(key, entry);
    this.evict();
    return entry;
  }

  private evict(): void {
    while (this.entries.size > this.maxTenants) {
      const oldest = this.entries.keys().next();
      if (oldest.done) return;
      const entry = this.entries.get(oldest.value);
      this.entries.delete(oldest.value);
      if (entry !== undefined) void this.closeSetup(oldest.value, entry.setup);
    }
  }

  private async closeSetup(key: TenantKey, setup: TenantSetup): Promise<void> {
    try {
      await setup.close();
    } catch (error) {
      this.options.shared.logger.warn({ err: error, tenant: key }, 'tenant setup close failed');
    }
  }
}
