import { describe, expect, it } from 'vitest';
import type { ContractContext } from './contract.js';
import { at, MINUTE, uniqueTeam } from './fixtures.js';

const TTL = 10 * MINUTE;

export function idempotencyContract(ctx: ContractContext): void {
  describe('idempotency keys', () => {
    it('a key is new once, then a duplicate until it expires', async () => {
      const key = `action:${uniqueTeam()}:U1:ack`;

      expect(await ctx.store.idempotency.remember(key, at(0), TTL)).toBe('new');
      expect(await ctx.store.idempotency.remember(key, at(1), TTL)).toBe('duplicate');
      expect(await ctx.store.idempotency.remember(key, at(TTL - 1), TTL)).toBe('duplicate');
      expect(await ctx.store.idempotency.remember(`${key}:other`, at(1), TTL)).toBe('new');
    });

    it('a forgotten key (its work failed) is new again, once', async () => {
      const key = `failed:${uniqueTeam()}`;
      await ctx.store.idempotency.remember(key, at(0), TTL);

      await ctx.store.idempotency.forget(key, at(1));

      expect(await ctx.store.idempotency.remember(key, at(2), TTL)).toBe('new');
      expect(await ctx.store.idempotency.remember(key, at(3), TTL)).toBe('duplicate');
      await ctx.store.idempotency.forget(`${key}:unknown`, at(3));
    });

    it('20 concurrent deliveries of one key: exactly one is new', async () => {
      const key = `event:${uniqueTeam()}`;

      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () => ctx.store.idempotency.remember(key, at(0), TTL)),
      );

      expect(outcomes.filter((o) => o === 'new')).toHaveLength(1);
    });

    it('an expired key (expiresAt == now) can be remembered again, once', async () => {
      const key = `retry:${uniqueTeam()}`;
      await ctx.store.idempotency.remember(key, at(0), TTL);

      expect(await ctx.store.idempotency.remember(key, at(TTL), TTL)).toBe('new');
      expect(await ctx.store.idempotency.remember(key, at(TTL + 1), TTL)).toBe('duplicate');
      expect(await ctx.store.idempotency.remember(key, at(3 * TTL), TTL)).toBe('new');
    });

    it('20 concurrent re-deliveries of an expired key: exactly one is new', async () => {
      const key = `late:${uniqueTeam()}`;
      await ctx.store.idempotency.remember(key, at(0), TTL);

      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () => ctx.store.idempotency.remember(key, at(2 * TTL), TTL)),
      );

      expect(outcomes.filter((o) => o === 'new')).toHaveLength(1);
    });
  });
}
