import { describe, expect, it } from 'vitest';
import { InvalidRecordError } from '../../src/store/errors.js';
import type { WorkspaceSettings } from '../../src/store/ports.js';
import type { ContractContext } from './contract.js';
import { at, DAY, HOUR, MINUTE, uniqueTeam } from './fixtures.js';
import { dumpStore, rawText } from './support/raw-dump.js';
import { sealed, uniqueEnterprise } from './tenant-fixtures.js';

/** Settings as the App Home modal would save them: nested JSON, dotted and odd keys included. */
function settings(): WorkspaceSettings {
  return {
    values: {
      metrics: {
        source: 'cloudwatch',
        cloudwatch: { region: 'eu-west-1', roleArn: 'arn:aws:iam::123:role/x' },
      },
      plan: { thresholds: { cpu: 70 }, growth: null, 'odd.key': ['a', 1, true], $weird: {} },
      slack: { admins: ['U_ANA'], ackers: [] },
    },
    secrets: { 'metrics.postgres.url': sealed() },
  };
}

export function workspaceContract(ctx: ContractContext): void {
  describe('workspaces', () => {
    it('a tenant never activated has no record', async () => {
      expect(await ctx.store.workspaces.get(uniqueTeam())).toBeNull();
    });

    it('activate starts a tenant active, with no settings and the given external id', async () => {
      // Arrange
      const key = uniqueTeam();
      // Act
      const record = await ctx.store.workspaces.activate(key, { externalId: 'ext-1' }, at(0));
      // Assert
      expect(record).toEqual({
        key,
        status: 'active',
        installedAt: at(0),
        uninstalledAt: null,
        purgeAfter: null,
        externalId: 'ext-1',
        settings: { values: {}, secrets: {} },
        settingsUpdatedBy: null,
        version: record.version,
        updatedAt: at(0),
      });
      expect(await ctx.store.workspaces.get(key)).toEqual(record);
    });

    it('activating an active tenant again keeps it as it is (settings, external id)', async () => {
      // Arrange
      const key = uniqueEnterprise();
      const first = await ctx.store.workspaces.activate(key, { externalId: 'ext-1' }, at(0));
      const edited = await ctx.store.workspaces.updateSettings(
        key,
        first.version,
        settings(),
        'U_ANA',
        at(1),
      );
      // Act
      const again = await ctx.store.workspaces.activate(key, { externalId: 'ext-2' }, at(HOUR));
      // Assert
      if (!edited.ok) throw new Error('the edit should land');
      expect(again).toEqual(edited.record);
    });

    it('updateSettings at the current version stores the settings exactly, and who made them', async () => {
      // Arrange
      const key = uniqueTeam();
      const first = await ctx.store.workspaces.activate(key, { externalId: 'ext-1' }, at(0));
      const wanted = settings();
      // Act
      const result = await ctx.store.workspaces.updateSettings(
        key,
        first.version,
        wanted,
        'U_ANA',
        at(MINUTE),
      );
      // Assert
      const expected = {
        ...first,
        settings: wanted,
        settingsUpdatedBy: 'U_ANA',
        version: first.version + 1,
        updatedAt: at(MINUTE),
      };
      expect(result).toEqual({ ok: true, record: expected });
      expect(await ctx.store.workspaces.get(key)).toEqual(expected);
      expect(expected.externalId).toBe('ext-1');
    });

    it('an edit from an older version is refused with the current record', async () => {
      // Arrange
      const key = uniqueTeam();
      const first = await ctx.store.workspaces.activate(key, { externalId: 'ext-1' }, at(0));
      const won = await ctx.store.workspaces.updateSettings(
        key,
        first.version,
        settings(),
        'U_ANA',
        at(1),
      );
      // Act
      const late = await ctx.store.workspaces.updateSettings(
        key,
        first.version,
        settings(),
        'U_BEN',
        at(2),
      );
      // Assert
      if (!won.ok) throw new Error('the first edit should land');
      expect(late).toEqual({ ok: false, current: won.record });
    });

    it('of five concurrent edits from one version exactly one lands', async () => {
      // Arrange
      const key = uniqueTeam();
      const first = await ctx.store.workspaces.activate(key, { externalId: 'ext-1' }, at(0));
      const users = ['U1', 'U2', 'U3', 'U4', 'U5'];
      // Act
      const results = await Promise.all(
        users.map((user) =>
          ctx.store.workspaces.updateSettings(key, first.version, settings(), user, at(1)),
        ),
      );
      // Assert
      const winners = results.flatMap((r) => (r.ok ? [r.record] : []));
      expect(winners).toHaveLength(1);
      for (const loser of results.filter((r) => !r.ok)) {
        expect(loser).toEqual({ ok: false, current: winners[0] });
      }
      expect(await ctx.store.workspaces.get(key)).toEqual(winners[0]);
    });

    it('markUninstalled sets the purge date, drops secrets and external id at once, once', async () => {
      // Arrange
      const key = uniqueTeam();
      const first = await ctx.store.workspaces.activate(key, { externalId: 'ext-1' }, at(0));
      const wanted = settings();
      await ctx.store.workspaces.updateSettings(key, first.version, wanted, 'U_ANA', at(1));
      // Act
      const gone = await ctx.store.workspaces.markUninstalled(key, at(DAY), 30);
      const again = await ctx.store.workspaces.markUninstalled(key, at(2 * DAY), 1);
      // Assert
      expect(gone).toMatchObject({
        status: 'uninstalled',
        installedAt: at(0),
        uninstalledAt: at(DAY),
        purgeAfter: at(31 * DAY),
        externalId: null,
        settings: { values: wanted.values, secrets: {} },
      });
      expect(again).toEqual(gone);
      expect(await ctx.store.workspaces.get(key)).toEqual(gone);
      const secret = wanted.secrets['metrics.postgres.url'] ?? 'missing';
      expect(rawText(await dumpStore(ctx.store)).includes(secret)).toBe(false);
    });

    it('an uninstalled tenant takes no settings', async () => {
      // Arrange
      const key = uniqueTeam();
      await ctx.store.workspaces.activate(key, { externalId: 'ext-1' }, at(0));
      const gone = await ctx.store.workspaces.markUninstalled(key, at(1), 7);
      // Act
      const edit = await ctx.store.workspaces.updateSettings(
        key,
        gone.version,
        settings(),
        'U_ANA',
        at(2),
      );
      // Assert
      expect(edit).toEqual({ ok: false, current: gone });
    });

    it('a reinstall after an uninstall starts clean: no settings, a new external id', async () => {
      // Arrange
      const key = uniqueTeam();
      const first = await ctx.store.workspaces.activate(key, { externalId: 'ext-1' }, at(0));
      await ctx.store.workspaces.updateSettings(key, first.version, settings(), 'U_ANA', at(1));
      await ctx.store.workspaces.markUninstalled(key, at(DAY), 30);
      // Act
      const back = await ctx.store.workspaces.activate(key, { externalId: 'ext-2' }, at(2 * DAY));
      // Assert
      expect(back).toMatchObject({
        status: 'active',
        installedAt: at(2 * DAY),
        uninstalledAt: null,
        purgeAfter: null,
        externalId: 'ext-2',
        settings: { values: {}, secrets: {} },
        settingsUpdatedBy: null,
      });
      expect(await ctx.store.workspaces.get(key)).toEqual(back);
    });

    it('an uninstall of a tenant without a record leaves one, so its data is purged', async () => {
      // Arrange
      const key = uniqueTeam();
      // Act
      const gone = await ctx.store.workspaces.markUninstalled(key, at(0), 0);
      // Assert
      expect(gone).toMatchObject({
        key,
        status: 'uninstalled',
        installedAt: null,
        purgeAfter: at(0),
      });
      expect((await ctx.store.workspaces.listPurgeable(at(0))).map((w) => w.key)).toContain(key);
    });

    it('lists the uninstalled tenants due at now (equal included), oldest first', async () => {
      // Arrange
      const [due, dueNow, later, active] = [uniqueTeam(), uniqueTeam(), uniqueTeam(), uniqueTeam()];
      const mine = new Set([due, dueNow, later, active]);
      for (const key of mine)
        await ctx.store.workspaces.activate(key, { externalId: 'ext-1' }, at(0));
      await ctx.store.workspaces.markUninstalled(dueNow, at(DAY), 2);
      await ctx.store.workspaces.markUninstalled(due, at(0), 1);
      await ctx.store.workspaces.markUninstalled(later, at(2 * DAY), 2);
      // Act
      const listed = await ctx.store.workspaces.listPurgeable(at(3 * DAY));
      // Assert
      expect(listed.map((w) => w.key).filter((k) => mine.has(k))).toEqual([due, dueNow]);
      expect(listed.every((w) => w.status === 'uninstalled')).toBe(true);
    });

    it('delete removes the record; tenants are apart', async () => {
      // Arrange
      const [a, b] = [uniqueTeam(), uniqueTeam()];
      await ctx.store.workspaces.activate(a, { externalId: 'ext-a' }, at(0));
      const other = await ctx.store.workspaces.activate(b, { externalId: 'ext-b' }, at(0));
      // Act
      const deleted = [await ctx.store.workspaces.delete(a), await ctx.store.workspaces.delete(a)];
      // Assert
      expect(deleted).toEqual([true, false]);
      expect(await ctx.store.workspaces.get(a)).toBeNull();
      expect(await ctx.store.workspaces.get(b)).toEqual(other);
    });

    it('a malformed stored record reads as null, is logged once, and an install starts it clean', async () => {
      // Arrange
      const key = uniqueTeam();
      const id = await ctx.harness.insertMalformed('workspace', { teamId: key, key: '' });
      // Act
      const reads = [await ctx.store.workspaces.get(key), await ctx.store.workspaces.get(key)];
      const edit = await ctx.store.workspaces.updateSettings(key, 1, settings(), 'U_ANA', at(1));
      const fresh = await ctx.store.workspaces.activate(key, { externalId: 'ext-1' }, at(2));
      // Assert
      expect(reads).toEqual([null, null]);
      expect(edit).toEqual({ ok: false, current: null });
      expect(fresh).toMatchObject({ status: 'active', externalId: 'ext-1' });
      expect(await ctx.store.workspaces.get(key)).toEqual(fresh);
      const warnings = ctx.harness.logger.warningsFor(id, 'workspaces');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.msg).toBe('Skipping a malformed stored document');
    });

    it('refuses a bad envelope, key, external id or retention, and stores nothing', async () => {
      // Arrange
      const key = uniqueTeam();
      const first = await ctx.store.workspaces.activate(key, { externalId: 'ext-1' }, at(0));
      const edit = (value: unknown) =>
        ctx.store.workspaces.updateSettings(
          key,
          first.version,
          value as WorkspaceSettings,
          'U1',
          at(1),
        );
      // Act
      const refused = [
        edit({ values: {}, secrets: { 'metrics.postgres.url': 'postgres://u:p@db/x' } }),
        edit({ values: {}, secrets: { url: 'xoxb-123' } }),
        edit({ values: { when: new Date() }, secrets: {} }),
        edit({ values: [], secrets: {} }),
        edit({ values: { big: 'x'.repeat(70_000) }, secrets: {} }),
        edit({ values: {}, secrets: {}, extra: 1 }),
        ctx.store.workspaces.activate('not-a-team', { externalId: 'ext-1' }, at(0)),
        ctx.store.workspaces.activate(uniqueTeam(), { externalId: 'x' }, at(0)),
        ctx.store.workspaces.markUninstalled(key, at(0), -1),
      ];
      // Assert
      for (const call of refused) await expect(call).rejects.toBeInstanceOf(InvalidRecordError);
      expect(await ctx.store.workspaces.get(key)).toEqual(first);
    });
  });
}
