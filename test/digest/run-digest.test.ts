import { afterEach, describe, expect, it, vi } from 'vitest';
import { subscribe } from '../../src/app/subscriptions.js';
import type { Every } from '../../src/digest/heartbeat.js';
import { SlackPermanentError, SlackTransientError } from '../../src/digest/poster.js';
import { runDigestTick } from '../../src/digest/run-digest.js';
import { MetricsThrottledError } from '../../src/metrics/errors.js';
import { WAIT_DEADLINE_MS } from '../support/wait.js';
import { type DigestHarness, digestHarness } from './digest-harness.js';

const TEAM = 'T1';
let h: DigestHarness;

afterEach(async () => {
  await h.close();
});

/** Subscribes at `at` (Monday 09:00 UTC by default), then moves the clock to `tickAt`. */
async function subscribed(at: string, tickAt: string, channelId = 'C1') {
  h.clock.now = new Date(at);
  const sub = await subscribe(h.deps, {
    teamId: TEAM,
    channelId,
    userId: 'U1',
    schedule: null,
    timezone: 'UTC',
  });
  h.clock.now = new Date(tickAt);
  return sub;
}

describe('runDigestTick', () => {
  it('posts the due digest once, records its ts and schedules the next week', async () => {
    // Arrange: subscribed on Saturday, due Monday 30 Nov 09:00 UTC
    h = digestHarness({ now: '2026-11-28T10:00:00Z' });
    const sub = await subscribed('2026-11-28T10:00:00Z', '2026-11-30T09:00:30Z');
    // Act
    const summary = await runDigestTick(h.deps);
    // Assert
    expect(summary).toMatchObject({ due: 1, sent: 1, edited: 0, skipped: 0, failed: 0 });
    const [post] = h.poster.postsTo('C1');
    expect(h.poster.posted).toHaveLength(1);
    expect(post?.message.metadata).toEqual({
      event_type: 'scale_review_digest',
      event_payload: { subscriptionId: sub.id, periodKey: '2026-W49' },
    });
    expect(post?.message.text).toContain('Monitor, no action needed yet');
    const run = await h.store.digestRuns.get(sub.id, '2026-W49');
    expect(run).toMatchObject({ status: 'sent', posted: { channelId: 'C1', ts: post?.ts } });
    const after = await h.store.subscriptions.get(TEAM, 'C1');
    expect(after?.nextRunAt.toISOString()).toBe('2026-12-07T09:00:00.000Z');
    expect(after?.lastResult).toMatchObject({
      periodKey: '2026-W49',
      status: 'sent',
      ts: post?.ts,
    });
    // The table and the trend chart, and the same message with the mrkdwn lines for a refusal
    expect(post?.message.blocks.map((b) => b.type)).toContain('table');
    expect(post?.message.blocks.map((b) => b.type)).toContain('data_visualization');
    expect(post?.message.plain?.map((b) => b.type)).not.toContain('table');
  });

  it('sends nothing when nothing is due, and never twice for one period', async () => {
    h = digestHarness({ now: '2026-11-28T10:00:00Z' });
    await subscribed('2026-11-28T10:00:00Z', '2026-11-30T09:00:30Z');
    await runDigestTick(h.deps);
    // Act: a later tick, and a forced run of the same channel and period
    h.clock.now = new Date('2026-11-30T09:05:00Z');
    const later = await runDigestTick(h.deps);
    const forced = await runDigestTick(h.deps, { only: { teamId: TEAM, channelId: 'C1' } });
    // Assert
    expect(later.due).toBe(0);
    expect(forced).toMatchObject({ due: 1, sent: 0, skipped: 1 });
    expect(h.poster.posted).toHaveLength(1);
  });

  it('catches up after downtime with only the latest missed period, marked delayed', async () => {
    // Arrange: subscribed 2 Nov; the bot was down for the 9th, 16th and 23rd
    h = digestHarness({ now: '2026-11-01T10:00:00Z' });
    await subscribed('2026-11-01T10:00:00Z', '2026-11-25T12:00:00Z');
    // Act
    const summary = await runDigestTick(h.deps);
    // Assert
    expect(summary.sent).toBe(1);
    expect(h.poster.posted).toHaveLength(1);
    const post = h.poster.posted[0];
    expect(post?.message.metadata.event_payload.periodKey).toBe('2026-W48');
    expect(JSON.stringify(post?.message.blocks)).toMatch(/[Dd]elayed/);
    const after = await h.store.subscriptions.get(TEAM, 'C1');
    expect(after?.nextRunAt.toISOString()).toBe('2026-11-30T09:00:00.000Z');
  });

  it('edits instead of reposting when a crash lost the ts after posting', async () => {
    // Arrange: the post reaches Slack but the call fails ambiguously (the ts is never recorded)
    h = digestHarness({ now: '2026-11-28T10:00:00Z' });
    const sub = await subscribed('2026-11-28T10:00:00Z', '2026-11-30T09:00:30Z');
    h.poster.failAfterPosting = new SlackTransientError('request_error');
    const first = await runDigestTick(h.deps);
    // Act: the next tick re-claims the released run and finds the message by its metadata
    h.clock.now = new Date('2026-11-30T09:01:30Z');
    const second = await runDigestTick(h.deps);
    // Assert
    expect(first).toMatchObject({ sent: 0, failed: 1 });
    expect(second).toMatchObject({ sent: 0, edited: 1 });
    expect(h.poster.posted).toHaveLength(1);
    expect(h.poster.posted[0]?.edits).toBe(1);
    const run = await h.store.digestRuns.get(sub.id, '2026-W49');
    expect(run).toMatchObject({ status: 'sent', posted: { ts: h.poster.posted[0]?.ts } });
  });

  it('a rerun after a crash past the post edits the digest and posts no second one', async () => {
    // Arrange: the post made it, then the store failed before the run was marked sent
    h = digestHarness({ now: '2026-11-28T10:00:00Z' });
    const sub = await subscribed('2026-11-28T10:00:00Z', '2026-11-30T09:00:30Z');
    const markSent = h.store.digestRuns.markSent.bind(h.store.digestRuns);
    let failures = 1;
    h.store.digestRuns.markSent = async (...args) => {
      if (failures-- > 0) throw new Error('store went away');
      return markSent(...args);
    };
    const first = await runDigestTick(h.deps);
    // Act
    h.clock.now = new Date('2026-11-30T09:01:30Z');
    const second = await runDigestTick(h.deps);
    // Assert
    expect(first).toMatchObject({ sent: 0, failed: 1 });
    expect(second).toMatchObject({ edited: 1, failed: 0 });
    expect(h.poster.posted).toHaveLength(1);
    expect(await h.store.digestRuns.get(sub.id, '2026-W49')).toMatchObject({ status: 'sent' });
  });

  it('leaves a slot alone while another replica holds a live lease', async () => {
    h = digestHarness({ now: '2026-11-28T10:00:00Z' });
    const sub = await subscribed('2026-11-28T10:00:00Z', '2026-11-30T09:00:30Z');
    await h.store.digestRuns.claim({
      subscriptionId: sub.id,
      periodKey: '2026-W49',
      owner: 'replica-b',
      now: h.clock.now,
      leaseMs: 60_000,
    });
    const summary = await runDigestTick(h.deps);
    expect(summary).toMatchObject({ due: 1, leased: 1, sent: 0 });
    expect(h.poster.posted).toHaveLength(0);
  });

  it('renews its lease while the post is slow; a dead sender (no heartbeat) loses it', async () => {
    // Arrange: replica-a's post hangs; its heartbeat is driven by hand
    h = digestHarness({ now: '2026-11-28T10:00:00Z' });
    const sub = await subscribed('2026-11-28T10:00:00Z', '2026-11-30T09:00:30Z');
    const start = h.clock.now.getTime();
    const beats: (() => void)[] = [];
    const every: Every = (everyMs, beat) => {
      expect(everyMs).toBe(h.deps.leaseMs / 3);
      beats.push(beat);
      return () => beats.splice(beats.indexOf(beat), 1);
    };
    let release = () => {};
    const post = h.poster.post.bind(h.poster);
    h.poster.post = async (...args) => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return post(...args);
    };
    const slow = runDigestTick({ ...h.deps, every });
    await vi.waitFor(() => expect(beats).toHaveLength(1), { timeout: WAIT_DEADLINE_MS });
    // Act: a heartbeat two thirds into the lease, then another replica past the first lease's end
    h.clock.now = new Date(start + (h.deps.leaseMs * 2) / 3);
    beats[0]?.();
    await vi.waitFor(
      async () =>
        expect((await h.store.digestRuns.get(sub.id, '2026-W49'))?.updatedAt).toEqual(h.clock.now),
      { timeout: WAIT_DEADLINE_MS },
    );
    const heardAt = h.clock.now;
    h.clock.now = new Date(start + h.deps.leaseMs + 1);
    const other = await runDigestTick({ ...h.deps, owner: 'replica-b' });
    release();
    const done = await slow;
    // Assert
    expect(other).toMatchObject({ due: 1, leased: 1, sent: 0 });
    expect(other.held).toEqual([
      {
        subscriptionId: sub.id,
        teamId: TEAM,
        channelId: 'C1',
        periodKey: '2026-W49',
        owner: 'replica-a',
        leaseUntil: new Date(heardAt.getTime() + h.deps.leaseMs),
        lastHeardAt: heardAt,
      },
    ]);
    expect(done).toMatchObject({ sent: 1 });
    expect(beats).toEqual([]);
    expect(h.poster.posted).toHaveLength(1);
  });

  it('exactly one of many concurrent ticks posts each digest', async () => {
    h = digestHarness({ now: '2026-11-28T10:00:00Z' });
    for (let i = 0; i < 10; i++) {
      await subscribed('2026-11-28T10:00:00Z', '2026-11-30T09:00:30Z', `C${i}`);
    }
    const replicas = ['a', 'b', 'c'].map((id) => ({ ...h.deps, owner: `replica-${id}` }));
    await Promise.all(replicas.map((deps) => runDigestTick(deps)));
    expect(h.poster.posted).toHaveLength(10);
    expect(new Set(h.poster.posted.map((p) => p.channelId)).size).toBe(10);
  });

  it('marks a permanently failing channel, DMs the subscriber once, and serves the others', async () => {
    h = digestHarness({ now: '2026-11-28T10:00:00Z' });
    await subscribed('2026-11-28T10:00:00Z', '2026-11-30T09:00:30Z', 'CGONE');
    await subscribed('2026-11-28T10:00:00Z', '2026-11-30T09:00:30Z', 'COK');
    h.poster.postFailures.push(new SlackPermanentError('channel_not_found'));
    const summary = await runDigestTick(h.deps);
    // The next week fails again: no second DM
    h.clock.now = new Date('2026-12-07T09:00:30Z');
    h.poster.postFailures.push(new SlackPermanentError('channel_not_found'));
    await runDigestTick(h.deps);
    expect(summary).toMatchObject({ due: 2, sent: 1, failed: 1 });
    expect(h.poster.postsTo('COK')).toHaveLength(2);
    expect(h.poster.dms).toHaveLength(1);
    expect(h.poster.dms[0]?.text).toBe(
      'The weekly Scale Review digest for <#CGONE> could not be posted (`channel_not_found`): Scale Review cannot see it any more (it was deleted, or it is private and the app was removed). Invite the app back with `/invite @Scale Review`, or run `/scale unsubscribe` there.',
    );
    const gone = await h.store.subscriptions.get(TEAM, 'CGONE');
    expect(gone?.failure).toMatchObject({ code: 'channel_not_found', reported: true });
  });

  it('sends the mrkdwn lines alone when the native blocks are off (digest.chart: false)', async () => {
    h = digestHarness({ now: '2026-11-28T10:00:00Z' });
    await subscribed('2026-11-28T10:00:00Z', '2026-11-30T09:00:30Z');
    h.deps.nativeBlocks = false;
    const summary = await runDigestTick(h.deps);
    expect(summary.sent).toBe(1);
    const [post] = h.poster.posted;
    expect(post?.message.plain).toBeUndefined();
    expect(JSON.stringify(post?.message.blocks)).not.toMatch(/"type":"(table|data_visualization)"/);
  });

  it('fetches metrics once per tick for every channel due', async () => {
    h = digestHarness({ now: '2026-11-28T10:00:00Z' });
    for (const c of ['C1', 'C2', 'C3']) {
      await subscribed('2026-11-28T10:00:00Z', '2026-11-30T09:00:30Z', c);
    }
    await runDigestTick(h.deps);
    expect(h.metrics.calls).toBe(1);
    expect(h.poster.posted).toHaveLength(3);
  });

  it('sends a degraded digest, never "ok", when the metrics source fails', async () => {
    h = digestHarness({ now: '2026-11-28T10:00:00Z' });
    await subscribed('2026-11-28T10:00:00Z', '2026-11-30T09:00:30Z');
    h.deps.metrics = {
      kind: 'cloudwatch',
      describe: () => 'CloudWatch',
      fetch: async () => {
        throw new MetricsThrottledError(3);
      },
    };
    const summary = await runDigestTick(h.deps);
    expect(summary.sent).toBe(1);
    const text = JSON.stringify(h.poster.posted[0]?.message);
    expect(text).toContain('throttled');
    expect(h.poster.posted[0]?.message.text).toContain('Data unavailable');
    const [latest] = await h.store.reviews.latest({ teamId: TEAM, limit: 1 });
    expect(latest?.review.indicators.every((i) => i.status === 'unknown')).toBe(true);
  });
});
