import { afterEach, describe, expect, it } from 'vitest';
import { planningContext, runProjection } from '../../src/app/planning.js';
import { periodOf } from '../../src/domain/period.js';
import { type DigestHarness, digestHarness, SEED_PANEL } from '../digest/digest-harness.js';

let h: DigestHarness;

afterEach(async () => {
  await h.close();
});

/** Stores the team's observation of the period that contains `at`, observed at `at`. */
async function observe(teamId: string, at: string, conversationsPerMonth: number) {
  const when = new Date(at);
  const period = periodOf(when, 7);
  await h.store.observations.put({
    teamId,
    periodKey: period.key,
    periodStart: period.start,
    at: when,
    snapshot: { ...SEED_PANEL, conversationsPerMonth },
    quality: [],
    source: { requestedBy: null, metricsFrom: 'file', detail: 'test' },
    message: null,
    updatedAt: when,
  });
}

describe('/scale project: the growth observed in the history', () => {
  it('counts the observations by their review periods, whatever time of the week they were made', async () => {
    // Arrange: +30%/month over three weeks, observed Friday evening, Monday 01:00, then Tuesday
    // 09:00: 11 days and 13 hours in milliseconds, three weekly periods
    h = digestHarness({ now: '2026-12-01T09:00:00Z' });
    await observe('T1', '2026-11-20T20:00:00Z', 2659);
    await observe('T1', '2026-11-23T01:00:00Z', 2824);
    await observe('T1', '2026-12-01T09:00:00Z', 3000);
    // Act
    const context = await planningContext(h.deps, 'T1');
    const projection = runProjection(h.deps, context, {
      volume: 3000,
      growthPercent: null,
      months: 3,
    });
    // Assert
    expect(context.observedGrowthPercent).toBe(30);
    expect(projection.request).toMatchObject({ monthlyGrowthPercent: 30, growthSource: 'history' });
  });

  it("uses the plan's default growth with fewer than three observed periods", async () => {
    h = digestHarness({ now: '2026-12-01T09:00:00Z' });
    await observe('T2', '2026-11-23T01:00:00Z', 2824);
    await observe('T2', '2026-12-01T09:00:00Z', 3000);
    const context = await planningContext(h.deps, 'T2');
    expect(context.observedGrowthPercent).toBeNull();
    expect(
      runProjection(h.deps, context, { volume: 3000, growthPercent: null, months: 3 }).request,
    ).toMatchObject({ monthlyGrowthPercent: 20, growthSource: 'plan' });
  });
});
