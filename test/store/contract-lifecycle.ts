import { describe, expect, it } from 'vitest';
import type { NewReviewRecord } from '../../src/store/ports.js';
import type { ContractContext } from './contract.js';
import {
  at,
  DAY,
  decision,
  MINUTE,
  minimalReview,
  observation,
  reviewRecord,
  sampleReview,
  subscriptionInput,
  uniqueTeam,
} from './fixtures.js';

const HISTORY = 10_000;
/**
 * A real server's timeout: FerretDB 1.x answers `latest` by scanning and sorting the whole
 * collection (about 2 s for 10,000 reviews on a quiet machine, 27 s with a CPU hog beside it). The
 * inserts are five `saveMany` batches either way.
 */
const BULK = { timeout: 120_000 };

/** A deterministic permutation of 0..n-1, so reviews are not inserted in time order. */
function shuffled(n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  let seed = 42;
  for (let i = n - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = seed % (i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}

export function lifecycleContract(ctx: ContractContext): void {
  describe('store lifecycle', () => {
    it('says what it is and that it is healthy', async () => {
      expect(ctx.store.describe()).toMatch(/\S/);
      expect(await ctx.store.health()).toEqual({ ok: true, detail: ctx.store.describe() });
    });

    it('reads everything back after a restart', async () => {
      const team = uniqueTeam();
      const reviewId = await ctx.store.reviews.save(reviewRecord(team, at(0)));
      const snooze = await ctx.store.decisions.record(
        decision(team, 'snooze', at(1), { reviewId }),
      );
      const sub = await ctx.store.subscriptions.upsert(subscriptionInput(team, 'C1'), at(2));
      await ctx.store.digestRuns.claim({
        subscriptionId: sub.id,
        periodKey: 'W1',
        owner: 'a',
        now: at(3),
        leaseMs: DAY,
      });
      await ctx.store.digestRuns.recordPosted(
        sub.id,
        'W1',
        'a',
        { channelId: 'C1', ts: '9.9' },
        at(4),
      );
      await ctx.store.idempotency.remember(`k:${team}`, at(5), DAY);
      await ctx.store.digestRuns.recordReview(sub.id, 'W1', 'a', reviewId, at(5));
      const week = observation(team, '2025-W49', { message: { reviewId, hash: 'h1' } });
      await ctx.store.observations.put(week);

      const store = await ctx.reopen();

      expect((await store.reviews.get(reviewId))?.review).toEqual(sampleReview());
      expect(await store.decisions.active(team, snooze.recommendationKey, at(MINUTE))).toEqual(
        snooze,
      );
      expect(await store.subscriptions.get(team, 'C1')).toEqual(sub);
      expect(await store.digestRuns.get(sub.id, 'W1')).toMatchObject({
        posted: { ts: '9.9' },
        reviewId,
      });
      expect(await store.observations.get(team, '2025-W49')).toEqual(week);
      const claim = await store.digestRuns.claim({
        subscriptionId: sub.id,
        periodKey: 'W1',
        owner: 'b',
        now: at(6),
        leaseMs: DAY,
      });
      expect(claim.outcome).toBe('leased');
      expect(await store.idempotency.remember(`k:${team}`, at(6), DAY)).toBe('duplicate');
    });

    it('skips malformed stored documents and logs each one once', async () => {
      const team = uniqueTeam();
      const { harness, store } = ctx;
      const badReview = await harness.insertMalformed('review', { teamId: team, key: 'C1' });
      const badDecision = await harness.insertMalformed('decision', { teamId: team, key: 'k:bad' });
      const badSub = await harness.insertMalformed('subscription', { teamId: team, key: 'C1' });
      const badRun = await harness.insertMalformed('digestRun', { teamId: team, key: 'W1' });
      const badWeek = await harness.insertMalformed('observation', {
        teamId: team,
        key: '2025-W40',
      });
      const goodWeek = observation(team, '2025-W41');
      await store.observations.put(goodWeek);
      const goodReview = await store.reviews.save(reviewRecord(team, at(0)));
      const goodDecision = await store.decisions.record(decision(team, 'ack', at(0)));
      const goodSub = await store.subscriptions.upsert(subscriptionInput(team, 'C2'), at(0));

      for (let read = 0; read < 2; read++) {
        expect((await store.reviews.latest({ teamId: team, limit: 10 })).map((r) => r.id)).toEqual([
          goodReview,
        ]);
        expect(await store.reviews.get(badReview)).toBeNull();
        expect(await store.decisions.listRecent(team, 10)).toEqual([goodDecision]);
        expect(await store.decisions.active(team, 'k:bad', at(1))).toBeNull();
        expect(await store.subscriptions.list(team)).toEqual([goodSub]);
        expect(await store.subscriptions.get(team, 'C1')).toBeNull();
        expect(await store.digestRuns.get(team, 'W1')).toBeNull();
        const claim = await store.digestRuns.claim({
          subscriptionId: team,
          periodKey: 'W1',
          owner: 'x',
          now: at(1),
          leaseMs: DAY,
        });
        expect(claim.outcome).toBe('leased');
        expect(await store.observations.get(team, '2025-W40')).toBeNull();
        expect(await store.observations.getMany(team, ['2025-W41', '2025-W40'])).toEqual([
          goodWeek,
        ]);
      }

      const bad = {
        reviews: badReview,
        decisions: badDecision,
        subscriptions: badSub,
        digest_runs: badRun,
        observations: badWeek,
      };
      for (const [collection, id] of Object.entries(bad)) {
        expect(harness.logger.warningsFor(id, collection), collection).toHaveLength(1);
      }
      expect(harness.logger.warningsFor(badReview)[0]?.msg).toBe(
        'Skipping a malformed stored document',
      );
    });

    it('cleans up history older than the retention, keeping live snoozes and recent data', async () => {
      // Far in the past, so no other test's data is older than the cutoff.
      const now = at(-500 * DAY);
      const old = at(-900 * DAY);
      const recent = at(-600 * DAY);
      const team = uniqueTeam();
      await ctx.store.reviews.save(reviewRecord(team, old));
      await ctx.store.observations.put(observation(team, 'old', { at: old, updatedAt: recent }));
      const keptWeek = observation(team, 'recent', { at: recent, updatedAt: recent });
      await ctx.store.observations.put(keptWeek);
      const keptReview = await ctx.store.reviews.save(reviewRecord(team, recent));
      await ctx.store.decisions.record(decision(team, 'ack', old));
      await ctx.store.decisions.record(
        decision(team, 'snooze', old, { snoozeUntil: at(0), recommendationKey: 'long' }),
      );
      await ctx.store.decisions.record(
        decision(team, 'ack', recent, { recommendationKey: 'recent' }),
      );
      await ctx.store.idempotency.remember(`old:${team}`, old, MINUTE);
      await ctx.store.idempotency.remember(`fresh:${team}`, at(-501 * DAY), DAY);
      const claim = (period: string, when: Date) =>
        ctx.store.digestRuns.claim({
          subscriptionId: team,
          periodKey: period,
          owner: 'a',
          now: when,
          leaseMs: MINUTE,
        });
      await claim('old-sent', old);
      await ctx.store.digestRuns.markSent(team, 'old-sent', 'a', old);
      await claim('recent-sent', recent);
      await ctx.store.digestRuns.markSent(team, 'recent-sent', 'a', recent);

      const counts = await ctx.store.cleanup({ now, retentionDays: 365 });

      expect(counts).toEqual({
        reviews: 1,
        observations: 1,
        decisions: 1,
        idempotencyKeys: 1,
        digestRuns: 1,
      });
      expect(await ctx.store.observations.getMany(team, ['old', 'recent'])).toEqual([keptWeek]);
      expect(
        (await ctx.store.reviews.latest({ teamId: team, limit: 10 })).map((r) => r.id),
      ).toEqual([keptReview]);
      const keys = (await ctx.store.decisions.listRecent(team, 10)).map((d) => d.recommendationKey);
      expect(keys.sort()).toEqual(['long', 'recent']);
      expect(await ctx.store.digestRuns.get(team, 'old-sent')).toBeNull();
      expect((await ctx.store.digestRuns.get(team, 'recent-sent'))?.status).toBe('sent');
      expect(await ctx.store.idempotency.remember(`fresh:${team}`, at(-501 * DAY + 1), DAY)).toBe(
        'duplicate',
      );
    });
    it('lists the latest 10 of 10,000 reviews correctly, through an index', BULK, async () => {
      const team = uniqueTeam();
      const review = minimalReview('bulk');
      const records: NewReviewRecord[] = shuffled(HISTORY).map((i) => ({
        teamId: team,
        channelId: i % 2 === 0 ? 'C1' : 'C2',
        source: { requestedBy: 'cli', metricsFrom: 'file' },
        createdAt: at(i * 1000),
        review,
      }));
      for (let start = 0; start < HISTORY; start += 2000) {
        await ctx.store.reviews.saveMany(records.slice(start, start + 2000));
      }

      const teamWide = await ctx.store.reviews.latest({ teamId: team, limit: 10 });
      const channel = await ctx.store.reviews.latest({ teamId: team, channelId: 'C1', limit: 10 });

      const times = (list: { createdAt: Date }[]) =>
        list.map((r) => r.createdAt.getTime() / 1000 - at(0).getTime() / 1000);
      expect(times(teamWide)).toEqual([9999, 9998, 9997, 9996, 9995, 9994, 9993, 9992, 9991, 9990]);
      expect(times(channel)).toEqual([9998, 9996, 9994, 9992, 9990, 9988, 9986, 9984, 9982, 9980]);

      const { latestIndexes } = ctx.harness;
      const teamPlan = await ctx.harness.explainLatest(ctx.store, { teamId: team, limit: 10 });
      const channelPlan = await ctx.harness.explainLatest(ctx.store, {
        teamId: team,
        channelId: 'C1',
        limit: 10,
      });
      expect(await ctx.harness.reviewIndexNames(ctx.store)).toEqual(
        expect.arrayContaining([latestIndexes.teamWide, latestIndexes.channel]),
      );
      if (teamPlan.explained) {
        expect(teamPlan.index).toBe(latestIndexes.teamWide);
        expect(channelPlan.index).toBe(latestIndexes.channel);
        expect(`${teamPlan.detail} ${channelPlan.detail}`).not.toMatch(
          /TEMP B-TREE|"stage":"SORT"/,
        );
      } else {
        // FerretDB 1.x pushes only `_id` equality down to its backend, so its explain shows a full
        // scan and cannot show (or use) our indexes for this query. See docs/store.md.
        expect(teamPlan.detail).toMatch(/^FerretDB v1\..*filterPushdown=false/);
        expect(channelPlan.detail).toMatch(/^FerretDB v1\..*filterPushdown=false/);
      }
    });
  });
}
