import { describe, expect, it } from 'vitest';
import { InvalidRecordError } from '../../src/store/errors.js';
import type { CanvasRecord } from '../../src/store/ports.js';
import type { ContractContext } from './contract.js';
import { at, MINUTE, uniqueTeam } from './fixtures.js';

function record(teamId: string, channelId: string, fields: Partial<CanvasRecord> = {}) {
  return {
    teamId,
    channelId,
    canvasId: 'F0CANVAS1',
    sections: { stage: 'h1', actions: 'h2' },
    refusal: null,
    updatedAt: at(0),
    ...fields,
  } satisfies CanvasRecord;
}

export function canvasContract(ctx: ContractContext): void {
  describe('canvases', () => {
    it('reads nothing for a channel without a record, and a record back as it was put', async () => {
      // Arrange
      const team = uniqueTeam();
      const put = record(team, 'C1');
      // Act
      const before = await ctx.store.canvases.get(team, 'C1');
      await ctx.store.canvases.put(put);
      // Assert
      expect(before).toBeNull();
      expect(await ctx.store.canvases.get(team, 'C1')).toEqual(put);
      expect(await ctx.store.canvases.get(team, 'C2')).toBeNull();
      expect(await ctx.store.canvases.get(uniqueTeam(), 'C1')).toBeNull();
    });

    it('replaces the channel record whole: sections, refusal and canvas id', async () => {
      // Arrange
      const team = uniqueTeam();
      await ctx.store.canvases.put(record(team, 'C1'));
      const refused = record(team, 'C1', {
        canvasId: null,
        sections: {},
        refusal: { code: 'canvas_disabled_user_team', at: at(MINUTE), told: true },
        updatedAt: at(MINUTE),
      });
      // Act
      await ctx.store.canvases.put(refused);
      // Assert
      expect(await ctx.store.canvases.get(team, 'C1')).toEqual(refused);
    });

    it('keeps each channel of a team apart, and survives a restart', async () => {
      // Arrange
      const team = uniqueTeam();
      const one = record(team, 'C1', { canvasId: 'F1' });
      const two = record(team, 'C2', { canvasId: 'F2', sections: {} });
      await ctx.store.canvases.put(one);
      await ctx.store.canvases.put(two);
      // Act
      const store = await ctx.reopen();
      // Assert
      expect(await store.canvases.get(team, 'C1')).toEqual(one);
      expect(await store.canvases.get(team, 'C2')).toEqual(two);
    });

    it('refuses invalid records and keys, and stores nothing', async () => {
      // Arrange
      const team = uniqueTeam();
      const invalid = [
        { ...record(team, 'C1'), channelId: 'C1|x' },
        { ...record(team, 'C1'), canvasId: '' },
        { ...record(team, 'C1'), sections: { stage: 7 } },
        { ...record(team, 'C1'), refusal: { code: 'x', at: at(0) } },
        { ...record(team, 'C1'), extra: true },
      ] as unknown as CanvasRecord[];
      // Act
      const results = await Promise.allSettled(invalid.map((r) => ctx.store.canvases.put(r)));
      const read = ctx.store.canvases.get(team, 'C1|x');
      // Assert
      for (const result of results) {
        expect(result.status).toBe('rejected');
        if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(InvalidRecordError);
      }
      await expect(read).rejects.toBeInstanceOf(InvalidRecordError);
      expect(await ctx.store.canvases.get(team, 'C1')).toBeNull();
    });

    it('a malformed stored record reads as null and is logged once', async () => {
      // Arrange
      const team = uniqueTeam();
      const id = await ctx.harness.insertMalformed('canvas', { teamId: team, key: 'C1' });
      // Act
      const reads = [
        await ctx.store.canvases.get(team, 'C1'),
        await ctx.store.canvases.get(team, 'C1'),
      ];
      // Assert
      expect(reads).toEqual([null, null]);
      const warnings = ctx.harness.logger.warningsFor(id, 'canvases');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.msg).toBe('Skipping a malformed stored document');
    });
  });
}
