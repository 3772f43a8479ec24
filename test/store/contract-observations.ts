import { describe, expect, it } from 'vitest';
import { InvalidRecordError } from '../../src/store/errors.js';
import type { ObservationRecord } from '../../src/store/ports.js';
import type { ContractContext } from './contract.js';
import { at, DAY, MINUTE, observation, uniqueTeam } from './fixtures.js';

export function observationContract(ctx: ContractContext): void {
  describe('observations', () => {
    it('puts an observation and gets it back whole, dates as Dates', async () => {
      const team = uniqueTeam();
      const record = observation(team, '2025-W49');

      await ctx.store.observations.put(record);
      const read = await ctx.store.observations.get(team, '2025-W49');

      expect(read).toEqual(record);
      expect(read?.periodStart).toBeInstanceOf(Date);
      expect(read?.at).toBeInstanceOf(Date);
      expect(read?.updatedAt).toBeInstanceOf(Date);
      expect(await ctx.store.observations.get(team, '2025-W50')).toBeNull();
      expect(await ctx.store.observations.get(uniqueTeam(), '2025-W49')).toBeNull();
    });

    it('keeps a null message', async () => {
      const team = uniqueTeam();
      const record = observation(team, '2025-W49', { message: null, quality: [] });

      await ctx.store.observations.put(record);

      expect(await ctx.store.observations.get(team, '2025-W49')).toEqual(record);
    });

    it('a second put for the same team and period replaces the first: one observation per period', async () => {
      const team = uniqueTeam();
      await ctx.store.observations.put(observation(team, '2025-W49'));
      const latest = observation(team, '2025-W49', {
        at: at(2 * DAY),
        snapshot: { cpuPercent: 80 },
        quality: [],
        source: { requestedBy: 'digest', metricsFrom: 'postgres' },
        message: { reviewId: 'review-2', hash: 'sha256:def' },
        updatedAt: at(2 * DAY),
      });

      await ctx.store.observations.put(latest);

      expect(await ctx.store.observations.get(team, '2025-W49')).toEqual(latest);
      expect(await ctx.store.observations.getMany(team, ['2025-W49'])).toEqual([latest]);
    });

    it('concurrent puts of one new period leave exactly one observation, one of those put', async () => {
      const team = uniqueTeam();
      const records = Array.from({ length: 10 }, (_, i) =>
        observation(team, '2025-W49', { snapshot: { cpuPercent: 50 + i } }),
      );

      await Promise.all(records.map((record) => ctx.store.observations.put(record)));

      const read = await ctx.store.observations.getMany(team, ['2025-W49']);
      expect(read).toHaveLength(1);
      expect(records).toContainEqual(read[0]);
    });

    it('getMany returns the periods that exist, in the order asked, for that team only', async () => {
      const team = uniqueTeam();
      const other = uniqueTeam();
      const week = (key: string, cpu: number) =>
        observation(team, key, { snapshot: { cpuPercent: cpu } });
      for (const record of [week('2025-W47', 47), week('2025-W48', 48), week('2025-W50', 50)]) {
        await ctx.store.observations.put(record);
      }
      await ctx.store.observations.put(observation(other, '2025-W49'));

      const read = await ctx.store.observations.getMany(team, [
        '2025-W50',
        '2025-W49',
        '2025-W48',
        '2025-W47',
        '2025-W46',
      ]);

      expect(read.map((o) => [o.periodKey, o.snapshot.cpuPercent])).toEqual([
        ['2025-W50', 50],
        ['2025-W48', 48],
        ['2025-W47', 47],
      ]);
      expect(read.every((o) => o.teamId === team)).toBe(true);
      const repeated = await ctx.store.observations.getMany(team, ['2025-W48', '2025-W48']);
      expect(repeated.map((o) => o.periodKey)).toEqual(['2025-W48']);
      expect(await ctx.store.observations.getMany(team, ['2024-W01'])).toEqual([]);
    });

    it('keys that share text with the separator stay apart', async () => {
      const team = uniqueTeam();
      await ctx.store.observations.put(observation(`${team}|x`, '2025-W49'));

      expect(await ctx.store.observations.get(team, '2025-W49')).toBeNull();
      expect((await ctx.store.observations.get(`${team}|x`, '2025-W49'))?.teamId).toBe(`${team}|x`);
    });

    it("keeps the period's peaks and stage; an observation without them still reads", async () => {
      // Arrange
      const team = uniqueTeam();
      const withPeaks = observation(team, '2025-W49', {
        peaks: { cpuPercent: 91.5, memoryPercent: 60, dbConnections: 180 },
        stage: 3,
      });
      const older = observation(team, '2025-W48');
      // Act
      await ctx.store.observations.put(withPeaks);
      await ctx.store.observations.put(older);
      const [read, readOlder] = await ctx.store.observations.getMany(team, [
        '2025-W49',
        '2025-W48',
      ]);
      // Assert
      expect(read).toEqual(withPeaks);
      expect(readOlder).toEqual(older);
      expect(readOlder && 'peaks' in readOlder).toBe(false);
      expect(readOlder && 'stage' in readOlder).toBe(false);
    });

    it('refuses peaks of unknown metrics or out of bounds, and a stage that is not a positive integer', async () => {
      // Arrange
      const team = uniqueTeam();
      const bad = (overrides: Record<string, unknown>) =>
        ({ ...observation(team, '2025-W49'), ...overrides }) as unknown as ObservationRecord;
      const invalid = [
        bad({ peaks: { cpu: 90 } }),
        bad({ peaks: { cpuPercent: 140 } }),
        bad({ peaks: { capturedAt: '2025-12-01T08:55:00Z' } }),
        bad({ stage: 0 }),
        bad({ stage: 1.5 }),
      ];
      // Act
      const outcomes = await Promise.allSettled(
        invalid.map((record) => ctx.store.observations.put(record)),
      );
      // Assert
      for (const outcome of outcomes) {
        expect(outcome.status).toBe('rejected');
        if (outcome.status === 'rejected')
          expect(outcome.reason).toBeInstanceOf(InvalidRecordError);
      }
      expect(await ctx.store.observations.get(team, '2025-W49')).toBeNull();
    });

    it('refuses invalid records, keys and key lists, and stores nothing', async () => {
      const team = uniqueTeam();
      const bad = (overrides: Record<string, unknown>) =>
        ({ ...observation(team, '2025-W49'), ...overrides }) as unknown as ObservationRecord;
      const invalid = [
        bad({ snapshot: { cpuPercent: 140 } }),
        bad({ periodKey: '2025|W49' }),
        bad({ periodKey: '' }),
        bad({ teamId: '' }),
        bad({ at: '2025-12-01T09:00:00Z' }),
        bad({ quality: [{ metric: 'cpu', issue: 'stale', detail: '' }] }),
        bad({ message: { reviewId: '', hash: 'h' } }),
        bad({ extra: true }),
      ];

      for (const record of invalid) {
        await expect(ctx.store.observations.put(record)).rejects.toBeInstanceOf(InvalidRecordError);
      }
      const tooMany = Array.from({ length: 101 }, (_, i) => `2025-W${i}`);
      for (const keys of [[], tooMany, ['a|b'], ['']]) {
        await expect(ctx.store.observations.getMany(team, keys)).rejects.toBeInstanceOf(
          InvalidRecordError,
        );
      }
      await expect(ctx.store.observations.get('', '2025-W49')).rejects.toBeInstanceOf(
        InvalidRecordError,
      );
      await expect(ctx.store.observations.get(team, 'a|b')).rejects.toBeInstanceOf(
        InvalidRecordError,
      );
      const hundred = Array.from({ length: 100 }, (_, i) => `2025-W${i}`);
      expect(await ctx.store.observations.getMany(team, hundred)).toEqual([]);
      expect(await ctx.store.observations.get(team, '2025-W49')).toBeNull();
    });

    it('reads an observation of a long history back through its key', async () => {
      const team = uniqueTeam();
      const weeks = Array.from({ length: 60 }, (_, i) => `2024-P${String(i).padStart(2, '0')}`);
      await Promise.all(
        weeks.map((key, i) =>
          ctx.store.observations.put(
            observation(team, key, { at: at(i * 7 * DAY), updatedAt: at(i * 7 * DAY + MINUTE) }),
          ),
        ),
      );

      const read = await ctx.store.observations.getMany(team, weeks.slice(50).reverse());

      expect(read.map((o) => o.periodKey)).toEqual(weeks.slice(50).reverse());
      expect(read[0]?.at).toEqual(at(59 * 7 * DAY));
    });
  });
}
