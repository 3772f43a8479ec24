import { describe, expect, it } from 'vitest';
import { InvalidRecordError } from '../../src/store/errors.js';
import type { InstallationInput } from '../../src/store/ports.js';
import type { ContractContext } from './contract.js';
import { at, HOUR, MINUTE, uniqueTeam } from './fixtures.js';
import { dumpStore, rawText } from './support/raw-dump.js';
import {
  installationInput,
  orgInstallationInput,
  sealed,
  uniqueEnterprise,
} from './tenant-fixtures.js';

const rotated = () => ({ botToken: sealed(), refreshToken: sealed(), botTokenExpiresAt: at(HOUR) });

export function installationContract(ctx: ContractContext): void {
  describe('installations', () => {
    it('a tenant that never installed has no installation', async () => {
      // Arrange
      const key = uniqueTeam();
      // Act
      const read = await ctx.store.installations.get(key);
      // Assert
      expect(read).toBeNull();
      expect(await ctx.store.installations.keys()).not.toContain(key);
    });

    it('stores a workspace install and reads it back whole, dates as Dates', async () => {
      // Arrange
      const key = uniqueTeam();
      const input = installationInput(key);
      // Act
      const written = await ctx.store.installations.put(input, at(MINUTE));
      const read = await ctx.store.installations.get(key);
      // Assert
      expect(written).toEqual({ ...input, version: written.version, updatedAt: at(MINUTE) });
      expect(written.version).toBeGreaterThanOrEqual(1);
      expect(read).toEqual(written);
      expect(read?.botTokenExpiresAt).toBeInstanceOf(Date);
      expect(await ctx.store.installations.keys()).toContain(key);
    });

    it('stores an org-wide install under its enterprise id', async () => {
      // Arrange
      const key = uniqueEnterprise();
      // Act
      const written = await ctx.store.installations.put(orgInstallationInput(key), at(0));
      // Assert
      expect(await ctx.store.installations.get(key)).toEqual(written);
      expect(written).toMatchObject({ teamId: null, enterpriseId: key, isEnterpriseInstall: true });
    });

    it('a reinstall replaces the record whole, with a higher version', async () => {
      // Arrange
      const key = uniqueTeam();
      const first = await ctx.store.installations.put(installationInput(key), at(0));
      const again = installationInput(key, {
        scopes: ['chat:write'],
        installerUserId: 'U_BEN',
        installedAt: at(HOUR),
        refreshToken: null,
        botTokenExpiresAt: null,
      });
      // Act
      const second = await ctx.store.installations.put(again, at(HOUR));
      // Assert
      expect(second).toEqual({ ...again, version: second.version, updatedAt: at(HOUR) });
      expect(second.version).toBeGreaterThan(first.version);
      expect(await ctx.store.installations.get(key)).toEqual(second);
    });

    it('replaceTokens at the current version lands, keeps the rest and raises the version', async () => {
      // Arrange
      const key = uniqueTeam();
      const before = await ctx.store.installations.put(installationInput(key), at(0));
      const tokens = rotated();
      // Act
      const result = await ctx.store.installations.replaceTokens(
        key,
        before.version,
        tokens,
        at(MINUTE),
      );
      // Assert
      const expected = { ...before, ...tokens, version: before.version + 1, updatedAt: at(MINUTE) };
      expect(result).toEqual({ ok: true, record: expected });
      expect(await ctx.store.installations.get(key)).toEqual(expected);
    });

    it('replaceTokens at an older version is refused with the current record, which stays', async () => {
      // Arrange
      const key = uniqueTeam();
      const before = await ctx.store.installations.put(installationInput(key), at(0));
      const won = await ctx.store.installations.replaceTokens(
        key,
        before.version,
        rotated(),
        at(1),
      );
      // Act
      const late = await ctx.store.installations.replaceTokens(
        key,
        before.version,
        rotated(),
        at(2),
      );
      // Assert
      if (!won.ok) throw new Error('the first refresh should land');
      expect(late).toEqual({ ok: false, current: won.record });
      expect(await ctx.store.installations.get(key)).toEqual(won.record);
    });

    it('of six replicas refreshing at once exactly one lands; the others read its token', async () => {
      // Arrange
      const key = uniqueTeam();
      const before = await ctx.store.installations.put(installationInput(key), at(0));
      const attempts = Array.from({ length: 6 }, rotated);
      // Act
      const results = await Promise.all(
        attempts.map((tokens) =>
          ctx.store.installations.replaceTokens(key, before.version, tokens, at(MINUTE)),
        ),
      );
      // Assert
      const winners = results.flatMap((r) => (r.ok ? [r.record] : []));
      expect(winners).toHaveLength(1);
      const winner = winners[0];
      for (const result of results.filter((r) => !r.ok)) {
        expect(result).toEqual({ ok: false, current: winner });
      }
      expect(await ctx.store.installations.get(key)).toEqual(winner);
      expect(attempts.map((t) => t.botToken)).toContain(winner?.botToken);
    });

    it('delete removes the record at once; a refresh begun before it cannot write it back', async () => {
      // Arrange
      const key = uniqueTeam();
      const before = await ctx.store.installations.put(installationInput(key), at(0));
      // Act
      const deleted = await ctx.store.installations.delete(key);
      const again = await ctx.store.installations.delete(key);
      const late = await ctx.store.installations.replaceTokens(
        key,
        before.version,
        rotated(),
        at(1),
      );
      // Assert
      expect([deleted, again]).toEqual([true, false]);
      expect(late).toEqual({ ok: false, current: null });
      expect(await ctx.store.installations.get(key)).toBeNull();
      expect(await ctx.store.installations.keys()).not.toContain(key);
    });

    it('installs again after a delete, and refreshes from there', async () => {
      // Arrange
      const key = uniqueTeam();
      await ctx.store.installations.put(installationInput(key), at(0));
      await ctx.store.installations.delete(key);
      // Act
      const reinstalled = await ctx.store.installations.put(installationInput(key), at(HOUR));
      const refreshed = await ctx.store.installations.replaceTokens(
        key,
        reinstalled.version,
        rotated(),
        at(2 * HOUR),
      );
      // Assert
      expect(refreshed.ok).toBe(true);
      expect(await ctx.store.installations.keys()).toContain(key);
    });

    it('tenants are apart', async () => {
      // Arrange
      const [a, b] = [uniqueTeam(), uniqueTeam()];
      const first = await ctx.store.installations.put(installationInput(a), at(0));
      const other = await ctx.store.installations.put(installationInput(b), at(0));
      // Act
      await ctx.store.installations.replaceTokens(a, first.version, rotated(), at(1));
      await ctx.store.installations.delete(a);
      // Assert
      expect(await ctx.store.installations.get(a)).toBeNull();
      expect(await ctx.store.installations.get(b)).toEqual(other);
    });

    it('keeps the sealed tokens exactly as given, and no replaced token at rest', async () => {
      // Arrange
      const key = uniqueTeam();
      const first = await ctx.store.installations.put(installationInput(key), at(0));
      const tokens = rotated();
      // Act
      await ctx.store.installations.replaceTokens(key, first.version, tokens, at(1));
      const kept = rawText(await dumpStore(ctx.store));
      await ctx.store.installations.delete(key);
      const afterDelete = rawText(await dumpStore(ctx.store));
      // Assert
      const atRest = (text: string, secret: string | null) =>
        secret !== null && text.includes(secret);
      expect([tokens.botToken, tokens.refreshToken].map((t) => atRest(kept, t))).toEqual([
        true,
        true,
      ]);
      expect([first.botToken, first.refreshToken].map((t) => atRest(kept, t))).toEqual([
        false,
        false,
      ]);
      expect([tokens.botToken, tokens.refreshToken].map((t) => atRest(afterDelete, t))).toEqual([
        false,
        false,
      ]);
    });

    it('a malformed stored installation reads as null, is logged once, and a reinstall replaces it', async () => {
      // Arrange
      const key = uniqueTeam();
      const id = await ctx.harness.insertMalformed('installation', { teamId: key, key: '' });
      // Act
      const reads = [
        await ctx.store.installations.get(key),
        await ctx.store.installations.get(key),
      ];
      const refresh = await ctx.store.installations.replaceTokens(key, 1, rotated(), at(1));
      const reinstalled = await ctx.store.installations.put(installationInput(key), at(2));
      // Assert
      expect(reads).toEqual([null, null]);
      expect(refresh).toEqual({ ok: false, current: null });
      expect(await ctx.store.installations.get(key)).toEqual(reinstalled);
      const warnings = ctx.harness.logger.warningsFor(id, 'installations');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.msg).toBe('Skipping a malformed stored document');
    });

    it('a malformed stored installation is removed by delete', async () => {
      // Arrange
      const key = uniqueTeam();
      await ctx.harness.insertMalformed('installation', { teamId: key, key: '' });
      // Act
      const deleted = await ctx.store.installations.delete(key);
      // Assert
      expect(deleted).toBe(true);
      const raw = rawText(await dumpStore(ctx.store));
      expect(raw.includes('"botToken":42') || raw.includes('\\"botToken\\": 42')).toBe(false);
    });

    it('refuses plain tokens, mismatched keys and bad shapes, and stores nothing', async () => {
      // Arrange
      const key = uniqueTeam();
      const bad = (overrides: Record<string, unknown>) =>
        ({ ...installationInput(key), ...overrides }) as unknown as InstallationInput;
      const invalid = [
        bad({ botToken: 'xoxb-1234-5678-abcdef' }),
        bad({ refreshToken: 'xoxe-1-abcdef' }),
        bad({ botToken: 'sealed with spaces' }),
        bad({ botToken: '' }),
        bad({ key: uniqueTeam() }),
        bad({ key: 'C0CHANNEL', teamId: 'C0CHANNEL' }),
        bad({ isEnterpriseInstall: true }),
        bad({ refreshToken: null }),
        bad({ installedAt: '2025-12-01T09:00:00Z' }),
        bad({ userToken: sealed() }),
      ];
      // Act
      const outcomes = await Promise.allSettled(
        invalid.map((input) => ctx.store.installations.put(input, at(0))),
      );
      const refresh = ctx.store.installations.replaceTokens(
        key,
        1,
        { botToken: 'https://example.com', refreshToken: null, botTokenExpiresAt: null },
        at(0),
      );
      // Assert
      for (const outcome of outcomes) {
        expect(outcome.status).toBe('rejected');
        if (outcome.status === 'rejected') {
          expect(outcome.reason).toBeInstanceOf(InvalidRecordError);
        }
      }
      await expect(refresh).rejects.toBeInstanceOf(InvalidRecordError);
      await expect(ctx.store.installations.get('not-a-team')).rejects.toBeInstanceOf(
        InvalidRecordError,
      );
      expect(await ctx.store.installations.get(key)).toBeNull();
    });
  });
}
