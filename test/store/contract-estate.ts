import { describe, expect, it } from 'vitest';
import type { EstateChange } from '../../src/domain/estate-types.js';
import { InvalidRecordError, MalformedEstateError } from '../../src/store/errors.js';
import { MAX_ESTATE_CHANGES } from '../../src/store/ports.js';
import type { ContractContext } from './contract.js';
import { at, DAY, estateChange, MINUTE, uniqueTeam } from './fixtures.js';

export function estateContract(ctx: ContractContext): void {
  describe('estate', () => {
    it('a team that marked nothing done has no estate', async () => {
      // Arrange
      const team = uniqueTeam();
      // Act
      const read = await ctx.store.estate.get(team);
      // Assert
      expect(read).toBeNull();
    });

    it('appends changes in order and reads them back whole, dates as Dates', async () => {
      // Arrange
      const team = uniqueTeam();
      const first = estateChange('d1');
      const second = estateChange('d2', {
        at: at(2 * DAY),
        actionKey: 'stage-move',
        text: 'Move to stage 3',
        set: { stage: 3, dbTier: 'db.r6g.large' },
        configured: { stage: null, servers: 2, dbTier: 'db.t3.medium' },
        targets: ['cpu', 'memory'],
        before: {},
      });
      // Act
      const afterFirst = await ctx.store.estate.append(team, first, at(MINUTE));
      const afterSecond = await ctx.store.estate.append(team, second, at(2 * DAY));
      const read = await ctx.store.estate.get(team);
      // Assert
      expect(afterFirst).toEqual({
        teamId: team,
        changes: [first],
        version: 1,
        updatedAt: at(MINUTE),
      });
      expect(afterSecond).toEqual({
        teamId: team,
        changes: [first, second],
        version: 2,
        updatedAt: at(2 * DAY),
      });
      expect(read).toEqual(afterSecond);
      expect(read?.changes[0]?.at).toBeInstanceOf(Date);
      expect(read?.updatedAt).toBeInstanceOf(Date);
    });

    it('a change whose id is already recorded (a retried click) is kept once', async () => {
      // Arrange
      const team = uniqueTeam();
      const written = await ctx.store.estate.append(team, estateChange('d1'), at(0));
      // Act
      const again = await ctx.store.estate.append(
        team,
        estateChange('d1', { text: 'the retry' }),
        at(MINUTE),
      );
      // Assert
      expect(again).toEqual(written);
      expect(await ctx.store.estate.get(team)).toEqual(written);
    });

    // 103 appends one after the other: a few seconds on FerretDB, hence the explicit timeout.
    it(`keeps only the last ${MAX_ESTATE_CHANGES} changes`, { timeout: 120_000 }, async () => {
      // Arrange
      const team = uniqueTeam();
      const total = MAX_ESTATE_CHANGES + 3;
      // Act
      for (let i = 1; i <= total; i++) {
        await ctx.store.estate.append(team, estateChange(`d${i}`, { at: at(i * MINUTE) }), at(i));
      }
      const read = await ctx.store.estate.get(team);
      // Assert
      expect(read?.changes).toHaveLength(MAX_ESTATE_CHANGES);
      expect(read?.changes[0]?.id).toBe('d4');
      expect(read?.changes.at(-1)?.id).toBe(`d${total}`);
      expect(read?.version).toBe(total);
    });

    it('two concurrent appends of one team both land', async () => {
      // Arrange
      const team = uniqueTeam();
      const changes = [estateChange('d1'), estateChange('d2')];
      // Act
      await Promise.all(changes.map((change) => ctx.store.estate.append(team, change, at(0))));
      const read = await ctx.store.estate.get(team);
      // Assert
      expect(read?.changes.map((c) => c.id).sort()).toEqual(['d1', 'd2']);
      expect(read?.version).toBe(2);
    });

    it('six concurrent appends of one team all land, each once, a retried one too', async () => {
      // Arrange
      const team = uniqueTeam();
      const ids = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6'];
      // Act
      const results = await Promise.all(
        [...ids, 'd3'].map((id) => ctx.store.estate.append(team, estateChange(id), at(0))),
      );
      const read = await ctx.store.estate.get(team);
      // Assert
      expect(read?.changes.map((c) => c.id).sort()).toEqual(ids);
      expect(read?.version).toBe(ids.length);
      for (const [i, result] of results.entries()) {
        expect(result.changes.map((c) => c.id)).toContain([...ids, 'd3'][i]);
      }
    });

    it('teams are apart, ids that share text with a separator too', async () => {
      // Arrange
      const team = uniqueTeam();
      // Act
      await ctx.store.estate.append(team, estateChange('d1'), at(0));
      await ctx.store.estate.append(`${team}|1`, estateChange('d2'), at(0));
      // Assert
      expect((await ctx.store.estate.get(team))?.changes.map((c) => c.id)).toEqual(['d1']);
      expect((await ctx.store.estate.get(`${team}|1`))?.changes.map((c) => c.id)).toEqual(['d2']);
      expect(await ctx.store.estate.get(`${team}|2`)).toBeNull();
    });

    it('a malformed stored estate reads as null, is logged once, and is never written over', async () => {
      // Arrange
      const team = uniqueTeam();
      const id = await ctx.harness.insertMalformed('estate', { teamId: team, key: '' });
      // Act
      const reads = [await ctx.store.estate.get(team), await ctx.store.estate.get(team)];
      const append = ctx.store.estate.append(team, estateChange('d1'), at(0));
      // Assert
      expect(reads).toEqual([null, null]);
      await expect(append).rejects.toBeInstanceOf(MalformedEstateError);
      expect(await ctx.store.estate.get(team)).toBeNull();
      const warnings = ctx.harness.logger.warningsFor(id, 'estates');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.msg).toBe('Skipping a malformed stored document');
    });

    it('refuses invalid changes and team ids, and stores nothing', async () => {
      // Arrange
      const team = uniqueTeam();
      const bad = (overrides: Record<string, unknown>) =>
        ({ ...estateChange('d1'), ...overrides }) as unknown as EstateChange;
      const invalid = [
        bad({ id: '' }),
        bad({ at: '2025-12-01T09:00:00Z' }),
        bad({ targets: ['cpuPercent'] }),
        bad({ before: { cpu: 'high' } }),
        bad({ set: { stage: 0 } }),
        bad({ set: { servers: 2.5 } }),
        bad({ set: { size: 'large' } }),
        bad({ configured: { stage: 2, servers: null } }),
        bad({ extra: true }),
      ];
      // Act
      const outcomes = await Promise.allSettled([
        ...invalid.map((change) => ctx.store.estate.append(team, change, at(0))),
        ctx.store.estate.append('', estateChange('d1'), at(0)),
        ctx.store.estate.get(''),
      ]);
      // Assert
      for (const outcome of outcomes) {
        expect(outcome.status).toBe('rejected');
        if (outcome.status === 'rejected')
          expect(outcome.reason).toBeInstanceOf(InvalidRecordError);
      }
      expect(await ctx.store.estate.get(team)).toBeNull();
    });

    it('clean-up keeps estates however old: they are what the team runs, not history', async () => {
      // Arrange: far in the past, so no other test's data is older than the cutoff.
      const team = uniqueTeam();
      const long = at(-900 * DAY);
      const written = await ctx.store.estate.append(team, estateChange('d1', { at: long }), long);
      // Act
      await ctx.store.cleanup({ now: at(-500 * DAY), retentionDays: 1 });
      // Assert
      expect(await ctx.store.estate.get(team)).toEqual(written);
    });
  });
}
