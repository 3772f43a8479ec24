import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TenantNotInstalledError } from '../../src/app/errors.js';
import { DEFAULT_PLAN } from '../../src/domain/plan/default-plan.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { InstalledTenants } from '../../src/tenancy/installed-tenants.js';
import { singleTenant } from '../../src/tenancy/single-tenant.js';
import { TenantKeyError, tenantKeyOf } from '../../src/tenancy/tenant-key.js';
import type { SetupTenant } from '../../src/tenancy/tenant-setup.js';
import { CapturingLogger } from '../store/fixtures.js';

const NOW = new Date('2026-12-07T09:00:00Z');

let dir: string;
let store: SqliteStore;
let setups: string[];
let closed: string[];

/** A setup that records which workspace (and which settings version) it was built for. */
const setup: SetupTenant = async (workspace) => {
  const id = `${workspace.key}@${workspace.version}`;
  setups.push(id);
  return {
    plan: DEFAULT_PLAN,
    infrastructure: {},
    permissions: { admins: [`U${workspace.key}`], ackers: null },
    metrics: null,
    metricsProblem: null,
    close: async () => {
      closed.push(id);
    },
  };
};

function tenantsOver(maxTenants?: number): InstalledTenants {
  const shared = { store, logger: new CapturingLogger(), clock: () => NOW };
  return new InstalledTenants({
    shared,
    setup,
    answersTtlMs: 60_000,
    ...(maxTenants === undefined ? {} : { maxTenants }),
  });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scale-review-tenants-'));
  store = SqliteStore.open(dir, new CapturingLogger());
  setups = [];
  closed = [];
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tenantKeyOf', () => {
  it('is the org for an org-wide install and the team otherwise', () => {
    expect(tenantKeyOf({ teamId: 'T1', enterpriseId: 'E1', isEnterpriseInstall: true })).toBe('E1');
    expect(tenantKeyOf({ teamId: 'T1', enterpriseId: 'E1', isEnterpriseInstall: false })).toBe(
      'T1',
    );
    expect(() =>
      tenantKeyOf({ teamId: 'T1', enterpriseId: null, isEnterpriseInstall: true }),
    ).toThrow(TenantKeyError);
    expect(() =>
      tenantKeyOf({ teamId: undefined, enterpriseId: null, isEnterpriseInstall: false }),
    ).toThrow(TenantKeyError);
  });
});

describe('singleTenant', () => {
  it("keys by team (never by org) and gives every team the deployment's deps", async () => {
    const app = { marker: 'deployment' } as never;
    const answers = { marker: 'answers' } as never;
    const tenants = singleTenant(app, answers);

    const key = tenants.keyOf({ teamId: 'T1', enterpriseId: 'E1', isEnterpriseInstall: true });
    const tenant = await tenants.resolve(key);

    expect(key).toBe('T1');
    expect(tenant).toEqual({ key: 'T1', app, statusAnswers: answers });
    expect(tenants.peek('T2')?.app).toBe(app);
  });
});

describe('InstalledTenants', () => {
  it('resolves an active workspace once, with its own setup over the shared store', async () => {
    // Arrange
    await store.workspaces.activate('T0A', { externalId: 'x-a' }, NOW);
    const tenants = tenantsOver();
    // Act
    const [first, second] = await Promise.all([tenants.resolve('T0A'), tenants.resolve('T0A')]);
    // Assert: one setup for two concurrent resolves, and the next one from memory
    expect(first).toBe(second);
    expect(first.app.permissions.admins).toEqual(['UT0A']);
    expect(first.app.store).toBe(store);
    expect(tenants.peek('T0A')).toBe(first);
    expect(setups).toEqual(['T0A@1']);
  });

  it('refuses a workspace never installed, or uninstalled', async () => {
    await store.workspaces.activate('T0GONE', { externalId: 'ext-1' }, NOW);
    await store.workspaces.markUninstalled('T0GONE', NOW, 7);
    const tenants = tenantsOver();

    await expect(tenants.resolve('T0NEVER')).rejects.toBeInstanceOf(TenantNotInstalledError);
    await expect(tenants.resolve('T0GONE')).rejects.toBeInstanceOf(TenantNotInstalledError);
    expect(setups).toEqual([]);
  });

  it('reads the workspace anew after invalidate, closing what the old setup held', async () => {
    // Arrange
    const active = await store.workspaces.activate('T0A', { externalId: 'ext-1' }, NOW);
    const tenants = tenantsOver();
    await tenants.resolve('T0A');
    await store.workspaces.updateSettings(
      'T0A',
      active.version,
      { values: { infrastructure: { servers: 2 } }, secrets: {} },
      'U1',
      NOW,
    );
    // Act
    tenants.invalidate('T0A');
    await tenants.resolve('T0A');
    // Assert
    expect(closed).toEqual(['T0A@1']);
    expect(setups).toEqual(['T0A@1', 'T0A@2']);
  });

  it('keeps at most maxTenants, closing the least recently used', async () => {
    for (const key of ['T0A', 'T0B', 'T0C']) {
      await store.workspaces.activate(key, { externalId: key }, NOW);
    }
    const tenants = tenantsOver(2);

    await tenants.resolve('T0A');
    await tenants.resolve('T0B');
    tenants.peek('T0A');
    await tenants.resolve('T0C');

    expect(closed).toEqual(['T0B@1']);
    expect(tenants.peek('T0B')).toBeNull();
    expect(tenants.peek('T0A')).not.toBeNull();
    await tenants.close();
    expect(closed.sort()).toEqual(['T0A@1', 'T0B@1', 'T0C@1']);
  });
});
