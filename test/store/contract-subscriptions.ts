import { describe, expect, it } from 'vitest';
import { InvalidRecordError } from '../../src/store/errors.js';
import type { ContractContext } from './contract.js';
import { at, DAY, HOUR, subscriptionInput, uniqueTeam } from './fixtures.js';

export function subscriptionContract(ctx: ContractContext): void {
  describe('subscriptions', () => {
    it('inserts, then updates in place by (team, channel), keeping id and createdAt', async () => {
      const team = uniqueTeam();
      const created = await ctx.store.subscriptions.upsert(subscriptionInput(team, 'C1'), at(0));

      const updated = await ctx.store.subscriptions.upsert(
        subscriptionInput(team, 'C1', {
          schedule: { weekday: 5, time: '16:30' },
          timezone: 'America/Sao_Paulo',
          createdBy: 'U_BEA',
          nextRunAt: at(4 * DAY),
        }),
        at(HOUR),
      );

      expect(created).toMatchObject({
        ...subscriptionInput(team, 'C1'),
        createdAt: at(0),
        updatedAt: at(0),
      });
      expect(updated).toEqual({
        ...subscriptionInput(team, 'C1'),
        id: created.id,
        schedule: { weekday: 5, time: '16:30' },
        timezone: 'America/Sao_Paulo',
        createdBy: 'U_BEA',
        nextRunAt: at(4 * DAY),
        createdAt: at(0),
        updatedAt: at(HOUR),
      });
      expect(await ctx.store.subscriptions.list(team)).toHaveLength(1);
    });

    it('gets by channel and by id; lists a team sorted by channel, or every team', async () => {
      const team = uniqueTeam();
      const c2 = await ctx.store.subscriptions.upsert(subscriptionInput(team, 'C2'), at(0));
      const c1 = await ctx.store.subscriptions.upsert(subscriptionInput(team, 'C1'), at(0));

      expect(await ctx.store.subscriptions.get(team, 'C2')).toEqual(c2);
      expect(await ctx.store.subscriptions.getById(c1.id)).toEqual(c1);
      expect(await ctx.store.subscriptions.get(team, 'C9')).toBeNull();
      expect(await ctx.store.subscriptions.getById(ctx.harness.unknownId)).toBeNull();
      expect(await ctx.store.subscriptions.getById('nope')).toBeNull();
      expect(await ctx.store.subscriptions.list(team)).toEqual([c1, c2]);
      const all = await ctx.store.subscriptions.list();
      expect(all).toEqual(expect.arrayContaining([c1, c2]));
    });

    it('lists the due ones: active with nextRunAt <= now, oldest first', async () => {
      const team = uniqueTeam();
      const now = at(100 * DAY);
      const dueLater = await ctx.store.subscriptions.upsert(
        subscriptionInput(team, 'C1', { nextRunAt: now }),
        at(0),
      );
      const dueFirst = await ctx.store.subscriptions.upsert(
        subscriptionInput(team, 'C2', { nextRunAt: at(99 * DAY) }),
        at(0),
      );
      await ctx.store.subscriptions.upsert(
        subscriptionInput(team, 'C3', { nextRunAt: new Date(now.getTime() + 1) }),
        at(0),
      );
      await ctx.store.subscriptions.upsert(
        subscriptionInput(team, 'C4', { nextRunAt: at(98 * DAY), active: false }),
        at(0),
      );

      const due = (await ctx.store.subscriptions.listDue(now)).filter((s) => s.teamId === team);

      expect(due).toEqual([dueFirst, dueLater]);
    });

    it('moves the next run, records the last result and a failure; a re-subscribe clears it', async () => {
      const team = uniqueTeam();
      const sub = await ctx.store.subscriptions.upsert(subscriptionInput(team, 'C1'), at(0));
      const lastResult = {
        periodKey: '2025-W49',
        status: 'sent' as const,
        at: at(DAY),
        ts: '1733040000.000100',
      };
      const failure = { code: 'channel_not_found', at: at(2 * DAY), reported: false };

      expect(await ctx.store.subscriptions.setNextRun(sub.id, at(8 * DAY), lastResult)).toBe(true);
      expect(await ctx.store.subscriptions.setNextRun(sub.id, at(9 * DAY))).toBe(true);
      expect(await ctx.store.subscriptions.markFailure(sub.id, failure)).toBe(true);
      const read = await ctx.store.subscriptions.getById(sub.id);

      expect(read).toMatchObject({ nextRunAt: at(9 * DAY), lastResult, failure });
      expect(
        await ctx.store.subscriptions.markFailure(sub.id, { ...failure, reported: true }),
      ).toBe(true);
      expect((await ctx.store.subscriptions.getById(sub.id))?.failure?.reported).toBe(true);
      const again = await ctx.store.subscriptions.upsert(
        subscriptionInput(team, 'C1'),
        at(3 * DAY),
      );
      expect(again.failure).toBeUndefined();
      expect(again.lastResult).toEqual(lastResult);
    });

    it('unknown ids change nothing', async () => {
      expect(await ctx.store.subscriptions.setNextRun(ctx.harness.unknownId, at(0))).toBe(false);
      expect(await ctx.store.subscriptions.setNextRun('nope', at(0))).toBe(false);
      expect(
        await ctx.store.subscriptions.markFailure(ctx.harness.unknownId, {
          code: 'is_archived',
          at: at(0),
          reported: false,
        }),
      ).toBe(false);
    });

    it('deactivates once; an inactive subscription is never due', async () => {
      const team = uniqueTeam();
      await ctx.store.subscriptions.upsert(
        subscriptionInput(team, 'C1', { nextRunAt: at(0) }),
        at(0),
      );

      expect(await ctx.store.subscriptions.deactivate(team, 'C1', at(HOUR))).toBe(true);
      expect(await ctx.store.subscriptions.deactivate(team, 'C1', at(HOUR))).toBe(false);
      expect(await ctx.store.subscriptions.deactivate(team, 'C9', at(HOUR))).toBe(false);
      expect((await ctx.store.subscriptions.get(team, 'C1'))?.active).toBe(false);
      const due = await ctx.store.subscriptions.listDue(at(DAY));
      expect(due.filter((s) => s.teamId === team)).toEqual([]);
    });

    it('refuses a bad timezone, weekday or time', async () => {
      const team = uniqueTeam();
      const bad = [
        subscriptionInput(team, 'C1', { timezone: 'Mars/Olympus' }),
        subscriptionInput(team, 'C1', { schedule: { weekday: 8 as 1, time: '09:00' } }),
        subscriptionInput(team, 'C1', { schedule: { weekday: 1, time: '9am' } }),
      ];

      for (const input of bad) {
        await expect(ctx.store.subscriptions.upsert(input, at(0))).rejects.toBeInstanceOf(
          InvalidRecordError,
        );
      }
      expect(await ctx.store.subscriptions.list(team)).toEqual([]);
    });
  });
}
