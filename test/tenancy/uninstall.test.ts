import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  clearBeforeReinstall,
  purgeDueTenants,
  purgeIfDue,
  uninstallTenant,
} from '../../src/app/uninstall.js';
import type { Store } from '../../src/store/ports.js';
import type { StoreHarness } from '../store/contract.js';
import { ONE_EACH, readTenant, seedTenant } from '../store/contract-purge.js';
import { at, DAY, MINUTE, subscriptionInput, uniqueTeam } from '../store/fixtures.js';
import { makeMongoHarness } from '../store/mongo-harness.js';
import { makeSqliteHarness } from '../store/sqlite-harness.js';
import { installationInput } from '../store/tenant-fixtures.js';

/**
 * The uninstall use case (src/app/uninstall.ts) over both stores: tokens at once, digests stopped,
 * data after the retention, a reinstall that starts clean. Time is the tests' own: `at(…)`.
 */

const serverUrl = inject('mongodbUrl');
const RETENTION_DAYS = 7;
/** seedTenant activates the workspace at at(8); the uninstall comes a day later. */
const UNINSTALLED_AT = at(DAY);
const PURGE_AFTER = new Date(UNINSTALLED_AT.getTime() + RETENTION_DAYS * DAY);

const STORES: [string, () => StoreHarness][] = [
  ['embedded SQLite', () => makeSqliteHarness()],
  ['MongoDB wire protocol (FerretDB)', () => makeMongoHarness(serverUrl)],
];

describe.each(STORES)('uninstall on the %s store', (_, makeHarness) => {
  let harness: StoreHarness;
  let store: Store;
  const deps = () => ({ store });

  beforeAll(async () => {
    harness = makeHarness();
    store = await harness.open();
  });
  afterAll(async () => {
    await store?.close();
    await harness?.destroy();
  });

  /** A tenant with one of every record and a second subscribed channel. */
  async function installedTenant() {
    const key = uniqueTeam();
    const seeded = await seedTenant(store, key);
    await store.subscriptions.upsert(subscriptionInput(key, 'C2'), at(9));
    return { key, seeded };
  }

  it('deletes the tokens and stops the digests at once, and marks the data for the purge', async () => {
    // Arrange
    const { key } = await installedTenant();
    const other = await installedTenant();
    const otherBefore = await readTenant(store, other.key, other.seeded);
    // Act
    const result = await uninstallTenant(deps(), key, UNINSTALLED_AT, RETENTION_DAYS);
    // Assert
    expect(result).toMatchObject({
      outcome: 'uninstalled',
      key,
      tokensDeleted: true,
      deactivated: ['C1', 'C2'],
      already: false,
      workspace: { status: 'uninstalled', uninstalledAt: UNINSTALLED_AT, purgeAfter: PURGE_AFTER },
    });
    expect(await store.installations.get(key)).toBeNull();
    const subscriptions = await store.subscriptions.list(key);
    expect(subscriptions.map((s) => [s.channelId, s.active])).toEqual([
      ['C1', false],
      ['C2', false],
    ]);
    const due = await store.subscriptions.listDue(at(365 * DAY));
    expect(due.filter((s) => s.teamId === key)).toEqual([]);
    expect(due.filter((s) => s.teamId === other.key)).toHaveLength(2);
    expect(await store.workspaces.get(key)).toMatchObject({
      externalId: null,
      settings: { secrets: {} },
    });
    expect(await store.reviews.latest({ teamId: key, limit: 10 })).toHaveLength(1);
    expect(await readTenant(store, other.key, other.seeded)).toEqual(otherBefore);
  });

  it('is harmless the second time (the other event, a redelivery): the first dates stay', async () => {
    // Arrange
    const { key } = await installedTenant();
    await uninstallTenant(deps(), key, UNINSTALLED_AT, RETENTION_DAYS);
    // Act
    const again = await uninstallTenant(deps(), key, at(DAY + MINUTE), RETENTION_DAYS);
    // Assert
    expect(again).toMatchObject({
      outcome: 'uninstalled',
      tokensDeleted: false,
      deactivated: [],
      already: true,
      workspace: { uninstalledAt: UNINSTALLED_AT, purgeAfter: PURGE_AFTER },
    });
  });

  it('ignores an uninstall event older than the current installation (a late redelivery)', async () => {
    // Arrange: uninstalled, then installed again
    const { key } = await installedTenant();
    await uninstallTenant(deps(), key, UNINSTALLED_AT, RETENTION_DAYS);
    const reinstalledAt = at(DAY + 10 * MINUTE);
    await clearBeforeReinstall(deps(), key);
    await store.installations.put(
      installationInput(key, { installedAt: reinstalledAt }),
      reinstalledAt,
    );
    await store.workspaces.activate(key, { externalId: 'ext-again' }, reinstalledAt);
    // Act
    const late = await uninstallTenant(deps(), key, at(DAY + 11 * MINUTE), RETENTION_DAYS, {
      eventAt: UNINSTALLED_AT,
    });
    // Assert
    expect(late).toEqual({ outcome: 'stale', key, installedAt: reinstalledAt });
    expect(await store.installations.get(key)).not.toBeNull();
    expect(await store.workspaces.get(key)).toMatchObject({ status: 'active' });
  });

  it('uninstalls a tenant the store never saw installed, so that anything it has is purged', async () => {
    // Arrange
    const key = uniqueTeam();
    await store.subscriptions.upsert(subscriptionInput(key, 'C1'), at(0));
    // Act
    const result = await uninstallTenant(deps(), key, UNINSTALLED_AT, RETENTION_DAYS);
    // Assert
    expect(result).toMatchObject({ tokensDeleted: false, deactivated: ['C1'], already: false });
    expect((await store.workspaces.listPurgeable(PURGE_AFTER)).map((w) => w.key)).toContain(key);
  });

  it('keeps the data until purgeAfter, then the purge removes every record of that tenant only', async () => {
    // Arrange
    const { key, seeded } = await installedTenant();
    const other = await installedTenant();
    const otherBefore = await readTenant(store, other.key, other.seeded);
    await uninstallTenant(deps(), key, UNINSTALLED_AT, RETENTION_DAYS);
    const kept = await readTenant(store, key, seeded);
    // Act
    const early = await purgeDueTenants(deps(), new Date(PURGE_AFTER.getTime() - MINUTE));
    const afterEarly = await readTenant(store, key, seeded);
    const due = await purgeDueTenants(deps(), PURGE_AFTER);
    // Assert
    expect(early.map((o) => o.key)).not.toContain(key);
    expect(afterEarly).toEqual(kept);
    expect(kept.reviews).toHaveLength(1);
    expect(due.find((o) => o.key === key)).toEqual({
      key,
      outcome: 'purged',
      // Two subscriptions. The installation was deleted at the uninstall: 0 rows embedded, its
      // tombstone version on MongoDB (docs/store.md).
      counts: { ...ONE_EACH, subscriptions: 2, installation: expect.any(Number) },
    });
    expect(await readTenant(store, key, seeded)).toEqual({
      review: null,
      reviews: [],
      observation: null,
      decisions: [],
      subscriptions: [],
      run: null,
      estate: null,
      canvas: null,
      installation: null,
      workspace: null,
    });
    expect(await readTenant(store, other.key, other.seeded)).toEqual(otherBefore);
  });

  it('with a retention of 0 days, purgeIfDue purges at once; with 7, not before its day', async () => {
    // Arrange
    const now = UNINSTALLED_AT;
    const zero = await installedTenant();
    const seven = await installedTenant();
    await uninstallTenant(deps(), zero.key, now, 0);
    await uninstallTenant(deps(), seven.key, now, RETENTION_DAYS);
    // Act
    const purgedZero = await purgeIfDue(deps(), zero.key, now);
    const purgedSeven = await purgeIfDue(deps(), seven.key, now);
    const active = await purgeIfDue(deps(), (await installedTenant()).key, now);
    // Assert
    expect(purgedZero).toMatchObject({ reviews: 1, workspace: 1 });
    expect(await store.workspaces.get(zero.key)).toBeNull();
    expect(purgedSeven).toBeNull();
    expect(active).toBeNull();
    expect(await store.reviews.latest({ teamId: seven.key, limit: 10 })).toHaveLength(1);
  });

  it('a reinstall starts clean: no history, no subscription, no settings, a new external id', async () => {
    // Arrange
    const { key, seeded } = await installedTenant();
    const before = await store.workspaces.get(key);
    await uninstallTenant(deps(), key, UNINSTALLED_AT, RETENTION_DAYS);
    const reinstalledAt = at(2 * DAY);
    // Act
    const cleared = await clearBeforeReinstall(deps(), key);
    await store.installations.put(
      installationInput(key, { installedAt: reinstalledAt }),
      reinstalledAt,
    );
    const workspace = await store.workspaces.activate(
      key,
      { externalId: 'ext-new' },
      reinstalledAt,
    );
    // Assert
    expect(cleared).toMatchObject({ reviews: 1, subscriptions: 2, decisions: 1, workspace: 1 });
    expect(before?.externalId).not.toBe('ext-new');
    expect(workspace).toMatchObject({
      status: 'active',
      installedAt: reinstalledAt,
      purgeAfter: null,
      externalId: 'ext-new',
      settings: { values: {}, secrets: {} },
    });
    expect(await readTenant(store, key, seeded)).toMatchObject({
      reviews: [],
      decisions: [],
      subscriptions: [],
      estate: null,
      canvas: null,
      observation: null,
    });
    expect(await store.installations.get(key)).toMatchObject({ installedAt: reinstalledAt });
  });

  it('clears nothing before an install of an active tenant, or of one never uninstalled', async () => {
    // Arrange
    const { key } = await installedTenant();
    const beforeOAuth = uniqueTeam();
    await store.subscriptions.upsert(subscriptionInput(beforeOAuth, 'C1'), at(0));
    // Act
    const active = await clearBeforeReinstall(deps(), key);
    const neverUninstalled = await clearBeforeReinstall(deps(), beforeOAuth);
    // Assert
    expect(active).toBeNull();
    expect(neverUninstalled).toBeNull();
    expect(await store.reviews.latest({ teamId: key, limit: 10 })).toHaveLength(1);
    expect(await store.subscriptions.list(beforeOAuth)).toHaveLength(1);
  });
});
