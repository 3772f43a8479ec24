import { describe, expect, it } from 'vitest';
import { InvalidRecordError } from '../../src/store/errors.js';
import type { NewReviewRecord } from '../../src/store/ports.js';
import type { ContractContext } from './contract.js';
import { at, fullView, MINUTE, reviewRecord, sampleReview, uniqueTeam } from './fixtures.js';

export function reviewContract(ctx: ContractContext): void {
  describe('reviews', () => {
    it('saves a review and gets it back whole, optional fields included', async () => {
      const team = uniqueTeam();
      const record = reviewRecord(team, at(0));

      const id = await ctx.store.reviews.save(record);
      const read = await ctx.store.reviews.get(id);

      expect(read).toEqual({ ...record, id });
      expect(read?.createdAt).toBeInstanceOf(Date);
      expect(read?.review.recommendations[0]?.breaches).toEqual({
        counted: 1,
        required: 2,
        ofLast: 3,
      });
      expect(read?.review.indicators[1]?.note).toBe('no traffic');
    });

    it('keeps the view a message showed, dates inside it as Dates', async () => {
      const team = uniqueTeam();
      const record = reviewRecord(team, at(0), { view: fullView() });

      const id = await ctx.store.reviews.save(record);
      const read = await ctx.store.reviews.get(id);
      const [latest] = await ctx.store.reviews.latest({ teamId: team, limit: 1 });

      expect(read).toEqual({ ...record, id });
      expect(latest).toEqual({ ...record, id });
      const [snoozed, acked] = read?.view?.carriedForward ?? [];
      expect(snoozed?.decision.at).toBeInstanceOf(Date);
      expect(snoozed?.decision.snoozeUntil).toBeInstanceOf(Date);
      expect(acked?.decision).toEqual({
        kind: 'ack',
        userId: 'U_BEN',
        at: fullView().carriedForward?.[1]?.decision.at,
      });
      expect(read?.view?.delayed?.scheduledFor).toBeInstanceOf(Date);
    });

    it('a record without a view reads back without one; a minimal view stays minimal', async () => {
      const team = uniqueTeam();
      const bare = reviewRecord(team, at(0));
      const minimal = reviewRecord(team, at(1), {
        view: { kind: 'status', weekLabel: 'Week 49, 2025', sourceLine: 'file snapshot.json' },
      });

      const bareRead = await ctx.store.reviews.get(await ctx.store.reviews.save(bare));
      const minimalRead = await ctx.store.reviews.get(await ctx.store.reviews.save(minimal));

      expect(bareRead).not.toHaveProperty('view');
      expect(bareRead).toEqual({ ...bare, id: bareRead?.id });
      expect(minimalRead).toEqual({ ...minimal, id: minimalRead?.id });
    });

    it('refuses a record whose view is invalid', async () => {
      const team = uniqueTeam();
      const bad = reviewRecord(team, at(0), {
        view: { ...fullView(), delayed: { scheduledFor: '2025-12-01' } },
      } as unknown as Partial<NewReviewRecord>);

      await expect(ctx.store.reviews.save(bad)).rejects.toBeInstanceOf(InvalidRecordError);
      expect(await ctx.store.reviews.latest({ teamId: team, limit: 10 })).toEqual([]);
    });

    it('returns null for an unknown id and for a string that is no id at all', async () => {
      await ctx.store.reviews.save(reviewRecord(uniqueTeam(), at(0)));

      expect(await ctx.store.reviews.get(ctx.harness.unknownId)).toBeNull();
      expect(await ctx.store.reviews.get('not-an-id')).toBeNull();
      expect(await ctx.store.reviews.get('')).toBeNull();
    });

    it('lists the latest reviews newest first, for the team, a channel or no channel', async () => {
      const team = uniqueTeam();
      const other = uniqueTeam();
      const headline = (h: string) => ({ review: sampleReview({ headline: h }) });
      await ctx.store.reviews.save(
        reviewRecord(team, at(1 * MINUTE), { channelId: 'C1', ...headline('c1-old') }),
      );
      await ctx.store.reviews.save(
        reviewRecord(team, at(3 * MINUTE), { channelId: 'C2', ...headline('c2') }),
      );
      await ctx.store.reviews.save(
        reviewRecord(team, at(2 * MINUTE), { channelId: null, ...headline('cli') }),
      );
      await ctx.store.reviews.save(
        reviewRecord(team, at(4 * MINUTE), { channelId: 'C1', ...headline('c1-new') }),
      );
      await ctx.store.reviews.save(reviewRecord(other, at(9 * MINUTE), headline('other team')));

      const headlines = async (channelId?: string | null, limit = 10) =>
        (await ctx.store.reviews.latest({ teamId: team, channelId, limit })).map(
          (r) => r.review.headline,
        );

      expect(await headlines()).toEqual(['c1-new', 'c2', 'cli', 'c1-old']);
      expect(await headlines(undefined, 2)).toEqual(['c1-new', 'c2']);
      expect(await headlines('C1')).toEqual(['c1-new', 'c1-old']);
      expect(await headlines(null)).toEqual(['cli']);
      expect(await headlines('C9')).toEqual([]);
    });

    it('breaks ties on createdAt by insertion order (the later save first)', async () => {
      const team = uniqueTeam();
      const first = await ctx.store.reviews.save(reviewRecord(team, at(0)));
      const second = await ctx.store.reviews.save(reviewRecord(team, at(0)));

      const latest = await ctx.store.reviews.latest({ teamId: team, limit: 2 });

      expect(latest.map((r) => r.id)).toEqual([second, first]);
    });

    it('saves many at once and returns their ids in input order', async () => {
      const team = uniqueTeam();
      const records = [1, 2, 3].map((n) =>
        reviewRecord(team, at(n * MINUTE), { review: sampleReview({ headline: `h${n}` }) }),
      );

      const ids = await ctx.store.reviews.saveMany(records);

      expect(ids).toHaveLength(3);
      const read = await Promise.all(ids.map((id) => ctx.store.reviews.get(id)));
      expect(read.map((r) => r?.review.headline)).toEqual(['h1', 'h2', 'h3']);
      expect(await ctx.store.reviews.saveMany([])).toEqual([]);
    });

    it('refuses an invalid record or limit and stores nothing', async () => {
      const team = uniqueTeam();
      const bad = { ...reviewRecord(team, at(0)), source: { kind: 'carrier-pigeon' } };

      await expect(
        ctx.store.reviews.save(bad as unknown as NewReviewRecord),
      ).rejects.toBeInstanceOf(InvalidRecordError);
      await expect(ctx.store.reviews.latest({ teamId: team, limit: 0 })).rejects.toBeInstanceOf(
        InvalidRecordError,
      );
      expect(await ctx.store.reviews.latest({ teamId: team, limit: 10 })).toEqual([]);
    });
  });
}
