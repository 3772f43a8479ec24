import { describe, expect, it } from 'vitest';
import { InvalidRecordError } from '../../src/store/errors.js';
import { type PurgeCounts, type Store, TENANT_RECORD_KINDS } from '../../src/store/ports.js';
import { TenantPurger } from '../../src/store/tenants.js';
import type { ContractContext } from './contract.js';
import {
  at,
  DAY,
  decision,
  estateChange,
  MINUTE,
  observation,
  reviewRecord,
  subscriptionInput,
  uniqueTeam,
} from './fixtures.js';
import { dumpStore, rawText } from './support/raw-dump.js';
import { installationInput, sealed } from './tenant-fixtures.js';

/** One of each record a tenant can have, all keyed by `key`; returns ids to read them back. */
export async function seedTenant(store: Store, key: string) {
  const reviewId = await store.reviews.save(reviewRecord(key, at(0)));
  await store.observations.put(observation(key, '2025-W49'));
  await store.decisions.record(decision(key, 'ack', at(1), { reviewId }));
  const subscription = await store.subscriptions.upsert(subscriptionInput(key, 'C1'), at(2));
  const claim = { subscriptionId: subscription.id, periodKey: '2025-W49', owner: 'r1', now: at(3) };
  await store.digestRuns.claim({ ...claim, leaseMs: DAY });
  await store.digestRuns.recordPosted(
    subscription.id,
    '2025-W49',
    'r1',
    { channelId: 'C1', ts: '1.2' },
    at(4),
  );
  await store.estate.append(key, estateChange('d1'), at(5));
  await store.digestPace.exchange({
    workspace: key,
    owner: 'r1',
    postsPerSecond: 1,
    pausedUntil: null,
    now: at(6),
    freshMs: MINUTE,
  });
  await store.idempotency.remember(`decision:${key}:cpu:ack:U_ANA:on:none`, at(7), DAY);
  await store.idempotency.remember(`slack-event:${key}:Ev1`, at(7), DAY);
  await store.canvases.put({
    teamId: key,
    channelId: 'C1',
    canvasId: 'F1',
    sections: {},
    refusal: null,
    updatedAt: at(7),
  });
  const installation = await store.installations.put(installationInput(key), at(8));
  const workspace = await store.workspaces.activate(key, { externalId: `ext-${key}` }, at(8));
  await store.workspaces.updateSettings(
    key,
    workspace.version,
    { values: { metrics: { source: 'postgres' } }, secrets: { 'metrics.postgres.url': sealed() } },
    'U_ANA',
    at(9),
  );
  return { reviewId, subscriptionId: subscription.id, installation };
}

export type Seeded = Awaited<ReturnType<typeof seedTenant>>;

/** What the ports read of a tenant: all empty once it is purged. */
export async function readTenant(store: Store, key: string, seeded: Seeded) {
  return {
    review: await store.reviews.get(seeded.reviewId),
    reviews: await store.reviews.latest({ teamId: key, limit: 10 }),
    observation: await store.observations.get(key, '2025-W49'),
    decisions: await store.decisions.listRecent(key, 10),
    subscriptions: await store.subscriptions.list(key),
    run: await store.digestRuns.get(seeded.subscriptionId, '2025-W49'),
    estate: await store.estate.get(key),
    canvas: await store.canvases.get(key, 'C1'),
    installation: await store.installations.get(key),
    workspace: await store.workspaces.get(key),
  };
}

export const ONE_EACH: PurgeCounts = {
  digestRuns: 1,
  subscriptions: 1,
  reviews: 1,
  observations: 1,
  decisions: 1,
  estate: 1,
  digestPace: 1,
  idempotencyKeys: 2,
  canvases: 1,
  installation: 1,
  workspace: 1,
};

const NONE = Object.fromEntries(Object.keys(ONE_EACH).map((k) => [k, 0]));

function purger(store: Store): TenantPurger {
  if (!(store.tenants instanceof TenantPurger)) throw new Error('not the shared purge');
  return store.tenants;
}

export function purgeContract(ctx: ContractContext): void {
  describe('tenant purge', () => {
    it('purging A deletes every record of A and leaves B, whose key extends A, untouched', async () => {
      // Arrange
      const a = uniqueTeam();
      const b = `${a}0`;
      const seededA = await seedTenant(ctx.store, a);
      const seededB = await seedTenant(ctx.store, b);
      const bBefore = await readTenant(ctx.store, b, seededB);
      const rawBefore = rawText(await dumpStore(ctx.store));
      // Act
      const counts = await ctx.store.tenants.purge(a);
      // Assert
      expect(counts).toEqual(ONE_EACH);
      expect(await readTenant(ctx.store, a, seededA)).toEqual({
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
      expect(await readTenant(ctx.store, b, seededB)).toEqual(bBefore);
      const rawAfter = rawText(await dumpStore(ctx.store));
      expect(rawBefore.includes(a)).toBe(true);
      expect(rawAfter.replaceAll(b, 'B').includes(a)).toBe(false);
      expect(rawAfter.includes(seededA.installation.botToken)).toBe(false);
      expect(rawAfter.includes(seededB.installation.botToken)).toBe(true);
      expect(await ctx.store.idempotency.remember(`slack-event:${b}:Ev1`, at(8), DAY)).toBe(
        'duplicate',
      );
      expect(await ctx.store.idempotency.remember(`slack-event:${a}:Ev1`, at(8), DAY)).toBe('new');
    });

    it('a second purge finds nothing left and counts zeros', async () => {
      // Arrange
      const key = uniqueTeam();
      await seedTenant(ctx.store, key);
      await ctx.store.tenants.purge(key);
      // Act
      const again = await ctx.store.tenants.purge(key);
      // Assert
      expect(again).toEqual(NONE);
    });

    it('a purge that died midway is finished by the next due run', async () => {
      // Arrange
      const key = uniqueTeam();
      const seeded = await seedTenant(ctx.store, key);
      await ctx.store.workspaces.markUninstalled(key, at(DAY), 1);
      const half = TENANT_RECORD_KINDS.slice(0, 4);
      await purger(ctx.store).purgeKinds(key, half);
      const listed = (await ctx.store.workspaces.listPurgeable(at(2 * DAY))).map((w) => w.key);
      // Act
      const outcomes = await ctx.store.tenants.purgeDue(at(2 * DAY));
      // Assert
      expect(listed).toContain(key);
      const mine = outcomes.find((o) => o.key === key);
      expect(mine).toEqual({
        key,
        outcome: 'purged',
        counts: { ...ONE_EACH, ...Object.fromEntries(half.map((kind) => [kind, 0])) },
      });
      expect(await readTenant(ctx.store, key, seeded)).toMatchObject({
        estate: null,
        canvas: null,
        installation: null,
        workspace: null,
      });
      expect(rawText(await dumpStore(ctx.store)).includes(key)).toBe(false);
    });

    it('purgeDue purges the tenants due only', async () => {
      // Arrange
      const [due, notYet, active] = [uniqueTeam(), uniqueTeam(), uniqueTeam()];
      for (const key of [due, notYet, active]) await seedTenant(ctx.store, key);
      await ctx.store.workspaces.markUninstalled(due, at(DAY), 7);
      await ctx.store.workspaces.markUninstalled(notYet, at(DAY), 30);
      // Act
      const outcomes = await ctx.store.tenants.purgeDue(at(10 * DAY));
      // Assert
      const keys = outcomes.map((o) => o.key);
      expect(keys).toContain(due);
      expect(keys).not.toContain(notYet);
      expect(keys).not.toContain(active);
      expect(await ctx.store.workspaces.get(due)).toBeNull();
      expect(await ctx.store.workspaces.get(notYet)).toMatchObject({ status: 'uninstalled' });
      expect(await ctx.store.estate.get(notYet)).not.toBeNull();
      expect(await ctx.store.installations.get(active)).not.toBeNull();
    });

    it('a tenant reinstalled while its purge runs keeps its new installation and workspace', async () => {
      // Arrange
      const key = uniqueTeam();
      await seedTenant(ctx.store, key);
      await ctx.store.workspaces.markUninstalled(key, at(DAY), 1);
      const real = purger(ctx.store).erasers;
      const racing = new TenantPurger(
        {
          ...real,
          records: {
            ...real.records,
            reviews: async (k) => {
              const deleted = await real.records.reviews(k);
              await ctx.store.installations.put(installationInput(k), at(3 * DAY));
              await ctx.store.workspaces.activate(k, { externalId: 'ext-new' }, at(3 * DAY));
              return deleted;
            },
          },
        },
        ctx.store.workspaces,
      );
      // Act
      const outcomes = await racing.purgeDue(at(2 * DAY));
      // Assert
      expect(outcomes.find((o) => o.key === key)).toMatchObject({
        outcome: 'reinstalled',
        counts: { reviews: 1, installation: 0, workspace: 0 },
      });
      expect(await ctx.store.workspaces.get(key)).toMatchObject({
        status: 'active',
        externalId: 'ext-new',
      });
      expect(await ctx.store.installations.get(key)).not.toBeNull();
    });

    it('refuses a key that is no tenant key', async () => {
      await expect(ctx.store.tenants.purge('C0CHANNEL')).rejects.toBeInstanceOf(InvalidRecordError);
    });
  });
}
