import { describe, expect, it } from 'vitest';
import { InvalidRecordError } from '../../src/store/errors.js';
import type { ClaimRequest } from '../../src/store/ports.js';
import type { ContractContext } from './contract.js';
import { at, HOUR, MINUTE, uniqueTeam } from './fixtures.js';

const LEASE = 10 * MINUTE;

function request(subscriptionId: string, owner: string, now: Date): ClaimRequest {
  return { subscriptionId, periodKey: '2025-W49', owner, now, leaseMs: LEASE };
}

export function digestRunContract(ctx: ContractContext): void {
  describe('digest runs', () => {
    it('the first claim wins a fresh slot; a second claimant sees the live lease', async () => {
      const sub = uniqueTeam();

      const first = await ctx.store.digestRuns.claim(request(sub, 'replica-a', at(0)));
      const second = await ctx.store.digestRuns.claim(request(sub, 'replica-b', at(MINUTE)));

      expect(first.outcome).toBe('claimed');
      expect(first.run).toMatchObject({
        subscriptionId: sub,
        periodKey: '2025-W49',
        status: 'running',
        owner: 'replica-a',
        leaseUntil: at(LEASE),
        attempt: 1,
        claimedAt: at(0),
        posted: null,
        sentAt: null,
        error: null,
        reviewId: null,
      });
      expect(second.outcome).toBe('leased');
      expect(second.run.owner).toBe('replica-a');
      expect(await ctx.store.digestRuns.get(sub, '2025-W49')).toEqual(first.run);
      expect(await ctx.store.digestRuns.get(sub, '2025-W50')).toBeNull();
    });

    it('20 concurrent claims of one slot: exactly one wins', async () => {
      const sub = uniqueTeam();
      const owners = Array.from({ length: 20 }, (_, i) => `replica-${i}`);

      const results = await Promise.all(
        owners.map((owner) => ctx.store.digestRuns.claim(request(sub, owner, at(0)))),
      );

      const winners = results.filter((r) => r.outcome === 'claimed');
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => r.outcome === 'leased')).toHaveLength(19);
      const stored = await ctx.store.digestRuns.get(sub, '2025-W49');
      expect(stored?.owner).toBe(winners[0]?.run.owner);
      expect(stored?.attempt).toBe(1);
    });

    it('an expired lease (leaseUntil == now) is re-claimed, keeping the posted ts; the old owner is fenced', async () => {
      const sub = uniqueTeam();
      await ctx.store.digestRuns.claim(request(sub, 'replica-a', at(0)));
      await ctx.store.digestRuns.recordPosted(
        sub,
        '2025-W49',
        'replica-a',
        { channelId: 'C1', ts: '1.000100' },
        at(MINUTE),
      );

      const early = await ctx.store.digestRuns.claim(request(sub, 'replica-b', at(LEASE - 1)));
      const retaken = await ctx.store.digestRuns.claim(request(sub, 'replica-b', at(LEASE)));

      expect(early.outcome).toBe('leased');
      expect(retaken.outcome).toBe('claimed');
      expect(retaken.run).toMatchObject({
        owner: 'replica-b',
        attempt: 2,
        leaseUntil: at(2 * LEASE),
        posted: { channelId: 'C1', ts: '1.000100', at: at(MINUTE) },
      });
      const fenced = { code: 'late', message: 'lost the lease' };
      expect(
        await ctx.store.digestRuns.markFailed(sub, '2025-W49', 'replica-a', fenced, at(LEASE)),
      ).toBe(false);
      expect(await ctx.store.digestRuns.release(sub, '2025-W49', 'replica-a', at(LEASE))).toBe(
        false,
      );
    });

    it('20 concurrent claims of an expired lease: exactly one wins', async () => {
      const sub = uniqueTeam();
      await ctx.store.digestRuns.claim(request(sub, 'crashed', at(0)));
      const later = at(LEASE + MINUTE);

      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          ctx.store.digestRuns.claim(request(sub, `r${i}`, later)),
        ),
      );

      expect(results.filter((r) => r.outcome === 'claimed')).toHaveLength(1);
      expect((await ctx.store.digestRuns.get(sub, '2025-W49'))?.attempt).toBe(2);
    });

    it('a sent run is done for good, even long after its lease', async () => {
      const sub = uniqueTeam();
      await ctx.store.digestRuns.claim(request(sub, 'replica-a', at(0)));
      await ctx.store.digestRuns.recordPosted(
        sub,
        '2025-W49',
        'replica-a',
        { channelId: 'C1', ts: '2.0001' },
        at(1),
      );

      expect(await ctx.store.digestRuns.markSent(sub, '2025-W49', 'replica-a', at(2))).toBe(true);
      expect(await ctx.store.digestRuns.markSent(sub, '2025-W49', 'replica-a', at(3))).toBe(false);

      for (const now of [at(3), at(LEASE), at(1000 * HOUR)]) {
        const again = await ctx.store.digestRuns.claim(request(sub, 'replica-b', now));
        expect(again.outcome).toBe('done');
        expect(again.run).toMatchObject({
          status: 'sent',
          sentAt: at(2),
          leaseUntil: null,
          posted: { ts: '2.0001' },
        });
      }
      const concurrent = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          ctx.store.digestRuns.claim(request(sub, `r${i}`, at(LEASE * 3))),
        ),
      );
      expect(concurrent.map((r) => r.outcome)).toEqual(Array(5).fill('done'));
    });

    it('a released run can be claimed at once by another replica', async () => {
      const sub = uniqueTeam();
      await ctx.store.digestRuns.claim(request(sub, 'replica-a', at(0)));

      expect(await ctx.store.digestRuns.release(sub, '2025-W49', 'replica-a', at(1))).toBe(true);
      const next = await ctx.store.digestRuns.claim(request(sub, 'replica-b', at(2)));

      expect(next.outcome).toBe('claimed');
      expect(next.run).toMatchObject({ owner: 'replica-b', attempt: 2, status: 'running' });
    });

    it('a failed run keeps its error, and can be claimed again, which clears it', async () => {
      const sub = uniqueTeam();
      await ctx.store.digestRuns.claim(request(sub, 'replica-a', at(0)));
      const error = { code: 'ratelimited', message: 'gave up after 5 retries' };

      expect(
        await ctx.store.digestRuns.markFailed(sub, '2025-W49', 'replica-a', error, at(1)),
      ).toBe(true);
      expect(await ctx.store.digestRuns.get(sub, '2025-W49')).toMatchObject({
        status: 'failed',
        leaseUntil: null,
        error: { ...error, at: at(1) },
      });
      const retry = await ctx.store.digestRuns.claim(request(sub, 'replica-b', at(2)));

      expect(retry.outcome).toBe('claimed');
      expect(retry.run).toMatchObject({ owner: 'replica-b', attempt: 2, error: null });
    });

    it('records the review a digest shows once: a second call and a rerun keep the first', async () => {
      const sub = uniqueTeam();
      await ctx.store.digestRuns.claim(request(sub, 'replica-a', at(0)));

      await ctx.store.digestRuns.recordReview(sub, '2025-W49', 'replica-a', 'review-first', at(1));
      await ctx.store.digestRuns.recordReview(sub, '2025-W49', 'replica-a', 'review-second', at(2));
      const stored = await ctx.store.digestRuns.get(sub, '2025-W49');
      const rerun = await ctx.store.digestRuns.claim(request(sub, 'replica-b', at(LEASE)));
      await ctx.store.digestRuns.recordReview(
        sub,
        '2025-W49',
        'replica-b',
        'review-rerun',
        at(LEASE + 1),
      );
      const afterRerun = await ctx.store.digestRuns.get(sub, '2025-W49');

      expect(stored).toMatchObject({ reviewId: 'review-first', updatedAt: at(1) });
      expect(rerun.outcome).toBe('claimed');
      expect(rerun.run).toMatchObject({ owner: 'replica-b', attempt: 2, reviewId: 'review-first' });
      expect(afterRerun?.reviewId).toBe('review-first');
      expect(await ctx.store.digestRuns.markSent(sub, '2025-W49', 'replica-b', at(LEASE + 2))).toBe(
        true,
      );
      expect((await ctx.store.digestRuns.get(sub, '2025-W49'))?.reviewId).toBe('review-first');
    });

    it('recordReview on a period without a run creates nothing; an invalid id is refused', async () => {
      const sub = uniqueTeam();

      await ctx.store.digestRuns.recordReview(sub, '2025-W49', 'replica-a', 'review-1', at(0));

      expect(await ctx.store.digestRuns.get(sub, '2025-W49')).toBeNull();
      await ctx.store.digestRuns.claim(request(sub, 'replica-a', at(1)));
      await expect(
        ctx.store.digestRuns.recordReview(sub, '2025-W49', 'replica-a', '', at(2)),
      ).rejects.toBeInstanceOf(InvalidRecordError);
      expect((await ctx.store.digestRuns.get(sub, '2025-W49'))?.reviewId).toBeNull();
    });

    it('a renewal extends the live lease of its holder; others, and the holder after expiry, are refused', async () => {
      const sub = uniqueTeam();
      const claimed = await ctx.store.digestRuns.claim(request(sub, 'replica-a', at(0)));
      const renew = (owner: string, now: Date, attempt = claimed.run.attempt) =>
        ctx.store.digestRuns.renew({ ...request(sub, owner, now), attempt });

      const renewed = await renew('replica-a', at(LEASE - 1));
      const stranger = await renew('replica-b', at(LEASE));
      const otherAttempt = await renew('replica-a', at(LEASE), 2);
      const during = await ctx.store.digestRuns.claim(request(sub, 'replica-b', at(LEASE + 1)));
      const late = await renew('replica-a', at(2 * LEASE - 1 + LEASE));

      expect(renewed).toBe(true);
      expect(stranger).toBe(false);
      expect(otherAttempt).toBe(false);
      expect(during.outcome).toBe('leased');
      expect(during.run).toMatchObject({
        owner: 'replica-a',
        leaseUntil: at(2 * LEASE - 1),
        updatedAt: at(LEASE - 1),
      });
      expect(late).toBe(false);
      const retaken = await ctx.store.digestRuns.claim(request(sub, 'replica-b', at(2 * LEASE)));
      expect(retaken.outcome).toBe('claimed');
      expect(await renew('replica-a', at(2 * LEASE + 1))).toBe(false);
      expect(await renew('replica-b', at(2 * LEASE + 1), 2)).toBe(true);
    });

    it('a renewal of a run sent, released or failed is refused', async () => {
      const ended = [
        (sub: string) => ctx.store.digestRuns.markSent(sub, '2025-W49', 'replica-a', at(1)),
        (sub: string) => ctx.store.digestRuns.release(sub, '2025-W49', 'replica-a', at(1)),
        (sub: string) =>
          ctx.store.digestRuns.markFailed(
            sub,
            '2025-W49',
            'replica-a',
            { code: 'not_in_channel', message: 'refused' },
            at(1),
          ),
      ];
      for (const end of ended) {
        const sub = uniqueTeam();
        await ctx.store.digestRuns.claim(request(sub, 'replica-a', at(0)));
        await end(sub);

        const renewed = await ctx.store.digestRuns.renew({
          ...request(sub, 'replica-a', at(2)),
          attempt: 1,
        });

        expect(renewed).toBe(false);
      }
    });

    it('a renewal at the same moment as recordPosted or markSent never undoes them', async () => {
      // FerretDB 1.x writes an updated document back whole: a renewal must not write the run
      for (let i = 0; i < 10; i++) {
        const sub = uniqueTeam();
        await ctx.store.digestRuns.claim(request(sub, 'replica-a', at(0)));
        const renew = () =>
          ctx.store.digestRuns.renew({ ...request(sub, 'replica-a', at(2)), attempt: 1 });
        await Promise.all([
          renew(),
          ctx.store.digestRuns.recordPosted(
            sub,
            '2025-W49',
            'replica-a',
            { channelId: 'C1', ts: `1.${i}` },
            at(2),
          ),
          renew(),
        ]);
        await Promise.all([
          renew(),
          ctx.store.digestRuns.markSent(sub, '2025-W49', 'replica-a', at(3)),
          renew(),
        ]);

        expect(await ctx.store.digestRuns.get(sub, '2025-W49')).toMatchObject({
          status: 'sent',
          posted: { ts: `1.${i}` },
        });
      }
    });
  });
}
