import { afterEach, describe, expect, it } from 'vitest';
import { subscribe } from '../../src/app/subscriptions.js';
import { SlackTransientError } from '../../src/digest/poster.js';
import { runDigestTick } from '../../src/digest/run-digest.js';
import { type DigestHarness, digestHarness, SEED_PANEL, staticMetrics } from './digest-harness.js';

/** Stage 2 at 76% CPU: the stage-2 trigger "CPU >70% consistently" breached for the first time. */
const FIRST_BREACH = { ...SEED_PANEL, conversationsPerMonth: 3000, cpuPercent: 76 };
const HEADLINE = 'Monitor: CPU &gt;70% consistently (first breach), confirm at the next review';
const TEAM = 'T1';
let h: DigestHarness;

afterEach(async () => {
  await h.close();
});

async function subscribeChannels(count: number) {
  h.clock.now = new Date('2026-11-28T10:00:00Z');
  for (let i = 0; i < count; i += 1) {
    await subscribe(h.deps, {
      teamId: TEAM,
      channelId: `C${String(i).padStart(3, '0')}`,
      userId: 'U1',
      schedule: null,
      timezone: 'UTC',
    });
  }
  h.clock.now = new Date('2026-11-30T09:00:30Z');
}

describe('the digest gives one team one advice', () => {
  it('says the same thing in all 30 channels of a team in one tick', async () => {
    // Arrange
    h = digestHarness({ now: '2026-11-28T10:00:00Z', snapshot: FIRST_BREACH });
    await subscribeChannels(30);

    // Act
    const summary = await runDigestTick(h.deps);

    // Assert
    expect(summary).toMatchObject({ due: 30, sent: 30, failed: 0 });
    const texts = new Set(h.poster.posted.map((p) => p.message.text));
    expect([...texts]).toEqual([`Scaling Indicators · Week 49, 2026: ${HEADLINE}`]);
    const blocks = new Set(h.poster.posted.map((p) => JSON.stringify(p.message.blocks)));
    expect(blocks.size).toBe(1);
    expect([...blocks][0]).not.toContain('vs last review');
    const observation = await h.store.observations.get(TEAM, '2026-W49');
    expect(observation?.snapshot.cpuPercent).toBe(76);
  });

  it('says after a rerun what the killed attempt said, even when the metrics moved on', async () => {
    // Arrange: the first attempt posts, then dies before recording it (a lost answer)
    h = digestHarness({ now: '2026-11-28T10:00:00Z', snapshot: FIRST_BREACH });
    await subscribeChannels(1);
    h.poster.failAfterPosting = new SlackTransientError('request_timeout');
    const first = await runDigestTick(h.deps);
    const posted = h.poster.posted[0]?.message.text;

    // Act: a later tick, with CPU now critical; the lease has been given back
    h.deps.metrics = staticMetrics({ ...FIRST_BREACH, cpuPercent: 95 });
    h.clock.now = new Date('2026-11-30T09:01:30Z');
    const rerun = await runDigestTick(h.deps);

    // Assert
    expect(first.failed).toBe(1);
    expect(rerun).toMatchObject({ edited: 1, sent: 0 });
    expect(h.poster.posted).toHaveLength(1);
    expect(h.poster.posted[0]?.edits).toBe(1);
    expect(h.poster.posted[0]?.message.text).toBe(posted);
    expect(posted).toBe(`Scaling Indicators · Week 49, 2026: ${HEADLINE}`);
  });

  it('keys the digest of a channel ahead of UTC by its own week', async () => {
    // Arrange: Monday 09:00 in Auckland is Sunday 20:00 UTC, still ISO week 49 in UTC
    h = digestHarness({ now: '2026-12-01T10:00:00Z', snapshot: SEED_PANEL });
    await subscribe(h.deps, {
      teamId: TEAM,
      channelId: 'CNZ',
      userId: 'U1',
      schedule: null,
      timezone: 'Pacific/Auckland',
    });
    h.clock.now = new Date('2026-12-06T20:00:30Z');

    // Act
    await runDigestTick(h.deps);

    // Assert
    const [post] = h.poster.posted;
    expect(post?.message.metadata.event_payload.periodKey).toBe('2026-W50');
    expect(post?.message.text).toBe(
      'Scaling Indicators · Week 50, 2026: Monitor, no action needed yet',
    );
  });
});
