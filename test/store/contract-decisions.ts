import { describe, expect, it } from 'vitest';
import { InvalidRecordError } from '../../src/store/errors.js';
import type { ContractContext } from './contract.js';
import { at, DAY, decision, estateChange, HOUR, MINUTE, uniqueTeam } from './fixtures.js';

const KEY = 'cpu:upgrade-server';

export function decisionContract(ctx: ContractContext): void {
  describe('decisions', () => {
    it('records a decision with the metrics at decision time and reads it back', async () => {
      const team = uniqueTeam();
      const input = decision(team, 'snooze', at(0), {
        reason: 'migration next week',
        automatic: false,
        metricsAtDecision: {
          cpuPercent: 72.5,
          memoryPercent: 40,
          capturedAt: '2025-12-01T08:55:00Z',
        },
      });

      const recorded = await ctx.store.decisions.record(input);
      const [read] = await ctx.store.decisions.listRecent(team, 10);

      expect(recorded).toEqual({ ...input, id: recorded.id });
      expect(read).toEqual(recorded);
      expect(read?.snoozeUntil).toEqual(at(7 * DAY));
    });

    it('an ack is active; nothing is active for another key or team', async () => {
      const team = uniqueTeam();
      const ack = await ctx.store.decisions.record(decision(team, 'ack', at(0)));

      expect(await ctx.store.decisions.active(team, KEY, at(365 * DAY))).toEqual(ack);
      expect(await ctx.store.decisions.active(team, 'memory:upgrade', at(0))).toBeNull();
      expect(await ctx.store.decisions.active(uniqueTeam(), KEY, at(0))).toBeNull();
    });

    it('a snooze is active until snoozeUntil, and expired exactly at snoozeUntil', async () => {
      const team = uniqueTeam();
      const until = at(3 * DAY);
      const snooze = await ctx.store.decisions.record(
        decision(team, 'snooze', at(0), { snoozeUntil: until }),
      );

      expect(await ctx.store.decisions.active(team, KEY, at(1 * MINUTE))).toEqual(snooze);
      expect(await ctx.store.decisions.active(team, KEY, new Date(until.getTime() - 1))).toEqual(
        snooze,
      );
      expect(await ctx.store.decisions.active(team, KEY, until)).toBeNull();
      expect(await ctx.store.decisions.active(team, KEY, at(4 * DAY))).toBeNull();
    });

    it('latest is the newest decision of the key, whatever its kind', async () => {
      const team = uniqueTeam();
      await ctx.store.decisions.record(decision(team, 'snooze', at(0)));
      const unsnooze = await ctx.store.decisions.record(decision(team, 'unsnooze', at(1 * HOUR)));
      await ctx.store.decisions.record({
        ...decision(team, 'ack', at(2 * HOUR)),
        recommendationKey: 'memory:upgrade',
      });

      expect(await ctx.store.decisions.latest(team, KEY)).toEqual(unsnooze);
      expect((await ctx.store.decisions.latest(team, 'memory:upgrade'))?.kind).toBe('ack');
      expect(await ctx.store.decisions.latest(team, 'db:replica')).toBeNull();
      expect(await ctx.store.decisions.latest(uniqueTeam(), KEY)).toBeNull();
    });

    it('latest breaks a tie of `at` by insertion order', async () => {
      const team = uniqueTeam();
      await ctx.store.decisions.record(decision(team, 'snooze', at(0)));
      const second = await ctx.store.decisions.record(decision(team, 'unsnooze', at(0)));

      expect(await ctx.store.decisions.latest(team, KEY)).toEqual(second);
    });

    it('the latest decision wins: unsnooze ends a snooze, an ack after it is active', async () => {
      const team = uniqueTeam();
      await ctx.store.decisions.record(decision(team, 'snooze', at(0)));
      await ctx.store.decisions.record(decision(team, 'unsnooze', at(1 * HOUR)));

      expect(await ctx.store.decisions.active(team, KEY, at(2 * HOUR))).toBeNull();

      const ack = await ctx.store.decisions.record(decision(team, 'ack', at(3 * HOUR)));
      expect(await ctx.store.decisions.active(team, KEY, at(4 * HOUR))).toEqual(ack);
    });

    it('a later snooze supersedes an ack, and once it expires nothing is active', async () => {
      const team = uniqueTeam();
      await ctx.store.decisions.record(decision(team, 'ack', at(0)));
      const snooze = await ctx.store.decisions.record(
        decision(team, 'snooze', at(HOUR), { snoozeUntil: at(DAY) }),
      );

      expect(await ctx.store.decisions.active(team, KEY, at(2 * HOUR))).toEqual(snooze);
      expect(await ctx.store.decisions.active(team, KEY, at(DAY))).toBeNull();
    });

    it('orders by decision time, not by insertion order', async () => {
      const team = uniqueTeam();
      const late = await ctx.store.decisions.record(decision(team, 'ack', at(2 * HOUR)));
      await ctx.store.decisions.record(decision(team, 'unsnooze', at(1 * HOUR)));

      expect(await ctx.store.decisions.active(team, KEY, at(3 * HOUR))).toEqual(late);
    });

    it('lists decisions for reviews and the recent ones, newest first', async () => {
      const team = uniqueTeam();
      const a1 = await ctx.store.decisions.record(decision(team, 'ack', at(1), { reviewId: 'ra' }));
      const b1 = await ctx.store.decisions.record(
        decision(team, 'snooze', at(2), { reviewId: 'rb', recommendationKey: 'memory:add' }),
      );
      const a2 = await ctx.store.decisions.record(
        decision(team, 'unsnooze', at(3), { reviewId: 'ra' }),
      );
      await ctx.store.decisions.record(decision(uniqueTeam(), 'ack', at(4), { reviewId: 'rc' }));

      expect(await ctx.store.decisions.listForReviews(['ra'])).toEqual([a2, a1]);
      expect(await ctx.store.decisions.listForReviews(['ra', 'rb', 'nope'])).toEqual([a2, b1, a1]);
      expect(await ctx.store.decisions.listForReviews([])).toEqual([]);
      expect(await ctx.store.decisions.listRecent(team, 2)).toEqual([a2, b1]);
    });

    it('keeps the automatic flag of a decision the bot took itself', async () => {
      const team = uniqueTeam();
      const input = decision(team, 'unsnooze', at(0), {
        userId: 'scale-review',
        automatic: true,
        reason: 'CPU went from approaching to over',
      });

      await ctx.store.decisions.record(input);

      const [read] = await ctx.store.decisions.listRecent(team, 1);
      expect(read?.automatic).toBe(true);
      expect(read?.reason).toBe('CPU went from approaching to over');
    });

    it('a done is active however late, and its change round-trips', async () => {
      // Arrange
      const team = uniqueTeam();
      const input = decision(team, 'done', at(0), { change: estateChange('d-1') });
      // Act
      const done = await ctx.store.decisions.record(input);
      // Assert
      expect(done).toEqual({ ...input, id: done.id });
      expect(await ctx.store.decisions.active(team, KEY, at(365 * DAY))).toEqual(done);
      expect(await ctx.store.decisions.latest(team, KEY)).toEqual(done);
      const [read] = await ctx.store.decisions.listRecent(team, 1);
      expect(read).toEqual(done);
      expect(read?.change?.at).toBeInstanceOf(Date);
    });

    it('an unsnooze never undoes a done: the done stays active, latest is the unsnooze', async () => {
      // Arrange
      const team = uniqueTeam();
      const done = await ctx.store.decisions.record(decision(team, 'done', at(0)));
      // Act
      await ctx.store.decisions.record(
        decision(team, 'unsnooze', at(HOUR), { userId: 'scale-review', automatic: true }),
      );
      const unsnooze = await ctx.store.decisions.record(decision(team, 'unsnooze', at(2 * HOUR)));
      // Assert
      expect(await ctx.store.decisions.active(team, KEY, at(3 * HOUR))).toEqual(done);
      expect(await ctx.store.decisions.latest(team, KEY)).toEqual(unsnooze);
    });

    it('a later decision of another kind supersedes a done', async () => {
      // Arrange
      const acked = uniqueTeam();
      const snoozed = uniqueTeam();
      for (const team of [acked, snoozed]) {
        await ctx.store.decisions.record(decision(team, 'done', at(0)));
      }
      // Act
      const ack = await ctx.store.decisions.record(decision(acked, 'ack', at(HOUR)));
      const snooze = await ctx.store.decisions.record(
        decision(snoozed, 'snooze', at(HOUR), { snoozeUntil: at(DAY) }),
      );
      // Assert
      expect(await ctx.store.decisions.active(acked, KEY, at(2 * HOUR))).toEqual(ack);
      expect(await ctx.store.decisions.active(snoozed, KEY, at(2 * HOUR))).toEqual(snooze);
      expect(await ctx.store.decisions.active(snoozed, KEY, at(DAY))).toBeNull();
      await ctx.store.decisions.record(decision(snoozed, 'unsnooze', at(3 * HOUR)));
      expect(await ctx.store.decisions.active(snoozed, KEY, at(4 * HOUR))).toBeNull();
    });

    it('refuses a change on a decision other than done, and a done with snoozeUntil', async () => {
      // Arrange
      const team = uniqueTeam();
      const change = estateChange('d-1');
      // Act
      const outcomes = await Promise.allSettled([
        ctx.store.decisions.record(decision(team, 'ack', at(0), { change })),
        ctx.store.decisions.record(decision(team, 'done', at(0), { snoozeUntil: at(DAY) })),
        ctx.store.decisions.record(
          decision(team, 'done', at(0), { change: { ...change, targets: ['nope' as 'cpu'] } }),
        ),
      ]);
      // Assert
      for (const outcome of outcomes) {
        expect(outcome.status).toBe('rejected');
        if (outcome.status === 'rejected')
          expect(outcome.reason).toBeInstanceOf(InvalidRecordError);
      }
      expect(await ctx.store.decisions.listRecent(team, 10)).toEqual([]);
    });

    it('refuses a snooze without snoozeUntil and an ack with one', async () => {
      const team = uniqueTeam();

      await expect(
        ctx.store.decisions.record(decision(team, 'snooze', at(0), { snoozeUntil: null })),
      ).rejects.toBeInstanceOf(InvalidRecordError);
      await expect(
        ctx.store.decisions.record(decision(team, 'ack', at(0), { snoozeUntil: at(DAY) })),
      ).rejects.toBeInstanceOf(InvalidRecordError);
      expect(await ctx.store.decisions.listRecent(team, 10)).toEqual([]);
    });
  });
}
