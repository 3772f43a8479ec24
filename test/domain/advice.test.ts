import { describe, expect, it } from 'vitest';
import { advice, NOW, reviewNow, SEED, week } from './advice-fixtures.js';

const STAGE_2 = { conversationsPerMonth: 3000 };
const STAGE_3 = { conversationsPerMonth: 8000, dbSizeMb: 5000 };
const STAGE_4 = { conversationsPerMonth: 30_000, dbSizeMb: 100_000 };

describe('advice: the seed', () => {
  it('gives the seed panel "Monitor, no action needed yet", with or without history', () => {
    expect(reviewNow({}, undefined).headline).toBe('Monitor, no action needed yet');
    expect(reviewNow({}, []).headline).toBe('Monitor, no action needed yet');
    expect(reviewNow({}, [week(1, {}), week(2, {})]).recommendations).toEqual([]);
  });
});

describe('advice 1-3: one observation per period is the evidence', () => {
  it('says "first breach" however often the same week is reviewed', () => {
    // Arrange: stage 2 at 76% CPU; the current week's own earlier statuses are not history
    const sameWeek = [
      { periodStart: NOW, at: NOW, snapshot: { ...SEED, ...STAGE_2, cpuPercent: 76 }, quality: [] },
    ];
    // Act
    const runs = [
      reviewNow({ ...STAGE_2, cpuPercent: 76 }, []),
      reviewNow({ ...STAGE_2, cpuPercent: 76 }, sameWeek),
    ];
    // Assert
    for (const r of runs) {
      expect(r.headline).toBe(
        'Monitor: CPU >70% consistently (first breach), confirm at the next review',
      );
      expect(advice(r)).toEqual([
        {
          severity: 'watch',
          key: 'stage-upgrade:3',
          // The watch severity says "ahead" (issue 21: the text no longer repeats it).
          text: 'Move to stage 3 (Medium Team): Add load balancer',
          // Stage 3 is "$213+": the most it adds stays open (issue 20, class 10).
          cost: { min: 128, max: null },
          reasons: ['stage 2 trigger: CPU >70% consistently, now 76% (first breach)'],
        },
      ]);
    }
  });

  it('counts two observations of one period once', () => {
    // Arrange: last week was observed twice; the later observation (60%) is that week's
    const early = week(1, { ...STAGE_2, cpuPercent: 71 });
    const late = {
      ...week(1, { ...STAGE_2, cpuPercent: 60 }),
      at: new Date(early.at.getTime() + 3600_000),
    };
    // Act
    const r = reviewNow({ ...STAGE_2, cpuPercent: 76 }, [
      week(2, { ...STAGE_2, cpuPercent: 60 }),
      late,
      early,
    ]);
    // Assert
    expect(r.recommendations[0]?.breaches).toEqual({ counted: 1, required: 2, ofLast: 3 });
    expect(r.indicators[0]?.delta).toBe(16);
  });

  it('acts on the second breached week', () => {
    const r = reviewNow({ ...STAGE_2, cpuPercent: 76 }, [week(1, { ...STAGE_2, cpuPercent: 74 })]);
    expect(r.headline).toBe('Scale: Move to stage 3 (Medium Team): Add load balancer');
    expect(advice(r)[0]?.reasons).toEqual([
      'stage 2 trigger: CPU >70% consistently, now 76% (over in 2 of the last 3 weeks)',
    ]);
  });
});

describe("advice 4: the plan's sizing tables", () => {
  it('sizes the database from dbSizes: an 88 GB database at stage 3 moves to Large', () => {
    const r = reviewNow({ ...STAGE_3, dbSizeMb: 88 * 1024 }, undefined);
    expect(advice(r)).toEqual([
      {
        // One reading is not confirmed (issue 20, class 5): a watch that already names the tier.
        severity: 'watch',
        key: 'vertical-db-upgrade',
        text: 'Upgrade the database to Large (500 GB, 16 GB RAM, 4 vCPU)',
        cost: { min: 140, max: 140 },
        reasons: ['Database Storage 88 GB is over 80 GB (not confirmed: no history)'],
      },
    ]);
    expect(r.recommendations[0]?.costNote).toBe(
      "$200/month against $60 now; current tier assumed: the smallest tier that holds 88 GB (it does not fit stage 3's AWS RDS db.t3.small); set infrastructure.dbTier",
    );
    expect(r.recommendations[0]?.impact).toBe(
      "Holds the 152.1 GB projected in 3 months (at the plan's default 20%/month growth) under 80% of 500 GB",
    );
    expect(r.indicators.find((i) => i.key === 'dbStorage')?.text).toBe(
      "Database Storage: 88 GB (consider scaling at >80 GB: 80% of Medium's 100 GB)",
    );
  });

  it('uses a configured tier and says so', () => {
    const r = reviewNow({ ...STAGE_3, dbSizeMb: 90 * 1024 }, undefined, {
      infrastructure: { dbTier: 'Large' },
    });
    expect(r.infrastructure.dbTier).toMatchObject({ name: 'Large', source: 'configured' });
    expect(r.indicators.find((i) => i.key === 'dbStorage')?.status).toBe('ok');
  });

  it('counts servers from additionalServerCost: CPU at 90% on 2 servers at stage 3', () => {
    const r = reviewNow({ ...STAGE_3, cpuPercent: 90 }, undefined, {
      infrastructure: { servers: 2 },
    });
    // Sized with headroom (issue 20, class 11): 65% at the busy hour, and one server's loss
    // covered; 3 servers would run at 60%, 90% if one failed.
    expect(advice(r)).toEqual([
      {
        severity: 'watch',
        key: 'horizontal-scaling',
        text: "Add 2 servers (2 → 4): more than stage 3's 2, see stage 4",
        cost: { min: 60, max: 120 },
        reasons: ['Server CPU 90% is over 75% (not confirmed: no history)'],
      },
    ]);
    expect(r.recommendations[0]?.sizing).toEqual({
      kind: 'servers',
      from: 2,
      to: 4,
      basis: 'Server CPU 90% on 2 servers is about 45% on 4 (target 65%), 60% if one fails',
      beyondMax: 2,
    });
  });

  it('adds as many servers as the load needs, from the count the metrics report', () => {
    const r = reviewNow(
      { ...STAGE_4, cpuPercent: 88, memoryPercent: 86, serverCount: 3 },
      undefined,
    );
    // Memory is not spread by more servers: it asks for larger instances on its own (class 11).
    expect(advice(r)[0]).toEqual({
      severity: 'watch',
      key: 'horizontal-scaling',
      text: 'Add 2 servers (3 → 5)',
      cost: { min: 60, max: 120 },
      reasons: ['Server CPU 88% is over 75% (not confirmed: no history)'],
    });
    expect(advice(r)[1]?.key).toBe('right-size');
    const big = reviewNow({ ...STAGE_4, cpuPercent: 89, serverCount: 5 }, undefined);
    expect(big.recommendations[0]?.text).toBe(
      "Add 2 servers (5 → 7): raise the group's maximum of 5",
    );
  });

  it('states stage moves in the one cost convention, open ends open', () => {
    const costOf = (changes: object) =>
      reviewNow({ ...SEED, ...changes }, undefined).recommendations.find((r) =>
        r.key.startsWith('stage-upgrade'),
      )?.monthlyCostChange;
    expect(costOf({ conversationsPerMonth: 600 })).toEqual({ min: 40, max: 65 });
    // Stage 3 is "$213+": to it, the most is open; from it, the least is.
    expect(costOf({ conversationsPerMonth: 4500 })).toEqual({ min: 128, max: null });
    expect(costOf({ conversationsPerMonth: 16_000, dbSizeMb: 5000 })).toEqual({
      min: null,
      max: 587,
    });
  });
});

describe('advice 5: one action, many reasons', () => {
  it('recommends one capacity action for CPU and the latency and errors it causes', () => {
    const r = reviewNow(
      { ...STAGE_4, cpuPercent: 85, responseTimeP95Ms: 620, errorRatePercent: 2 },
      [week(1, { ...STAGE_4, cpuPercent: 84, responseTimeP95Ms: 600, errorRatePercent: 2 })],
      { infrastructure: { servers: 3 } },
    );
    expect(advice(r)).toEqual([
      {
        severity: 'act',
        key: 'horizontal-scaling',
        text: 'Add 2 servers (3 → 5)',
        cost: { min: 60, max: 120 },
        reasons: [
          'Server CPU 85% is over 75% (over in 2 of the last 3 weeks)',
          'Response Time P95 620ms is over 500ms (over in 2 of the last 3 weeks)',
          'Error Rate 2% is over 1% (over in 2 of the last 3 weeks)',
        ],
      },
    ]);
  });

  it('offers what the stage already pays for at no extra cost', () => {
    const r = reviewNow({ ...STAGE_3, responseTimeP95Ms: 520 }, undefined, {
      estate: { configured: { measures: ['critical-indexes'] } },
    });
    expect(r.recommendations[0]).toMatchObject({
      key: 'redis-caching',
      monthlyCostChange: { min: 0, max: 0 },
      costNote: "uses stage 3's AWS ElastiCache ($25/month, already in the stage's cost)",
      alternatives: [
        'Upgrade the database to Medium (100 GB, 4 GB RAM, 2 vCPU)',
        'Compress images and serve media from a CDN',
      ],
    });
  });

  it('leaves a snoozed action out of the headline, once', () => {
    const r = reviewNow({ cpuPercent: 74, dbConnections: 85 }, undefined, {
      snoozedKeys: ['redis-caching', 'connection-pooling'],
    });
    expect(r.recommendations.map((x) => x.key)).toEqual(['redis-caching', 'connection-pooling']);
    expect(r.headline).toBe('Monitor, no action needed yet');
  });
});

describe('advice 6: the headline leads with what matters', () => {
  it('acts at once on critical readings and counts the other actions', () => {
    const r = reviewNow(
      {
        ...STAGE_3,
        cpuPercent: 93,
        memoryPercent: 85,
        dbConnections: 96,
        responseTimeP95Ms: 1200,
        errorRatePercent: 2,
        dbSizeMb: 17_000,
      },
      [],
      { infrastructure: { servers: 2 } },
    );
    // Critical CPU beyond stage 3's two servers: servers now, and the move they belong to, as one
    // plan with one total (issue 20, classes 4 and 7); latency and errors join the saturated CPU;
    // the connections get the free pooler first.
    expect(r.headline).toBe(
      'Scale now: Move to stage 4 (Large Team): Move to an auto-scaling group; 1 more recommendation',
    );
    expect(advice(r)).toEqual([
      {
        severity: 'critical',
        key: 'stage-upgrade:4',
        text: 'Move to stage 4 (Large Team): Move to an auto-scaling group',
        cost: { min: null, max: 587 },
        reasons: [
          'Server CPU 93% is over its critical 90%',
          'Response Time P95 1,200ms is over its critical 1,000ms',
          'Error Rate 2% is over 1% (first breach)',
          'Memory 85% is over 80% (first breach)',
          'Database Storage 16.6 GB is over 16 GB (first breach)',
        ],
      },
      {
        severity: 'critical',
        key: 'connection-pooling',
        text: "Pool database connections (PgBouncer in transaction mode, or Supabase's pooler)",
        cost: { min: 0, max: 0 },
        reasons: ['Database Connections 96 is over its critical 95'],
      },
    ]);
    expect(r.recommendations[0]?.relief?.text).toBe('Add 2 servers now (2 → 4)');
    expect(r.recommendations[0]?.includes).toEqual([
      'the database: RDS Multi-AZ db.m5.large (Large, 500 GB)',
      'the server: Auto-scaling group, 2-5× t3.large',
    ]);
  });

  it('leads with CPU at 96% at stage 4, not with DB connections', () => {
    const r = reviewNow({ ...STAGE_4, cpuPercent: 96, dbConnections: 92 }, []);
    expect(r.headline).toBe('Scale now: Add 2 servers (2 → 4); 1 more recommendation');
  });

  it('counts unconfirmed breaches in a watch headline', () => {
    const r = reviewNow(
      { ...STAGE_3, cpuPercent: 85, memoryPercent: 85, responseTimeP95Ms: 700 },
      [],
    );
    expect(r.headline).toBe(
      'Monitor: Server CPU over 75% (first breach), confirm at the next review; 1 more recommendation',
    );
  });
});

describe('advice 7: one threshold per indicator line', () => {
  it('names the stage 2 trigger on the CPU line when it is the threshold that fired', () => {
    const r = reviewNow({ ...STAGE_2, cpuPercent: 72 }, []);
    expect(r.indicators[0]).toMatchObject({
      status: 'over',
      threshold: 70,
      text: 'Server CPU: 72% (consider scaling at >70%, the stage 2 trigger)',
    });
  });

  it('names the critical level and the threshold when critical fired', () => {
    const r = reviewNow({ cpuPercent: 96 }, []);
    expect(r.indicators[0]?.text).toBe(
      'Server CPU: 96% (critical: over 90%; consider scaling at >75%)',
    );
  });
});

describe('advice 8: forecasts say when', () => {
  it('dates the crossings of a CPU rising 4 points a week', () => {
    const r = reviewNow({ cpuPercent: 70 }, [
      week(3, { cpuPercent: 58 }),
      week(2, { cpuPercent: 62 }),
      week(1, { cpuPercent: 66 }),
    ]);
    const cpu = r.forecasts.find((f) => f.indicator === 'cpu');
    expect(cpu?.text).toBe(
      'Server CPU crosses 75% in about 1 week (80% range 1 week, around 10 Dec) and its critical 90% in about 5 weeks (80% range 5 weeks, around 5 Jan): +4 pts a week (Theil–Sen over 4 weeks)',
    );
    // A server takes 1-3 days and the crossing is a week away: decide before the next review.
    expect(r.headline).toBe(
      "Plan now: Right-size the server: move to Railway Pro or AWS t3.small (stage 2's server), decide by 7 Dec",
    );
  });

  it('dates the stage boundary of conversations growing toward 5,000, with its cost', () => {
    const r = reviewNow({ ...STAGE_2, conversationsPerMonth: 4100 }, [
      week(3, { conversationsPerMonth: 3200 }),
      week(2, { conversationsPerMonth: 3500 }),
      week(1, { conversationsPerMonth: 3800 }),
    ]);
    expect(r.forecasts.find((f) => f.indicator === 'conversations')?.text).toBe(
      'Conversations reach 5,000/month, the top of stage 2, in about 2 weeks (80% range 2–3 weeks, around 18 Dec): stage 3 (Medium Team) costs $213+/month, +$128/month or more (at +43.1%/month, compound growth by Theil–Sen over 4 weeks)',
    );
  });

  it('gives no date to flat or short histories', () => {
    const flat = reviewNow({}, [week(2, {}), week(1, {})]);
    const short = reviewNow({ cpuPercent: 70 }, [week(1, { cpuPercent: 60 })]);
    const text = (r: typeof flat) => r.forecasts.find((f) => f.indicator === 'cpu')?.text;
    expect(text(flat)).toBe('Server CPU is flat: 0 pts a week (Theil–Sen over 3 weeks)');
    expect(text(short)).toBe('Server CPU: not enough history for a forecast (2 of 3 observations)');
    for (const r of [flat, short])
      expect(r.forecasts.every((f) => f.crossings.length === 0)).toBe(true);
  });

  it('gives a noisy history its range, to "possibly never", instead of calling it too noisy', () => {
    // Arrange: 40, 70, 35, 60 rises +2.1 pts a week (Theil–Sen), but its 80% range includes flat
    const noisy = reviewNow({ cpuPercent: 60 }, [
      week(3, { cpuPercent: 40 }),
      week(2, { cpuPercent: 70 }),
      week(1, { cpuPercent: 35 }),
    ]);
    // Act
    const cpu = noisy.forecasts.find((f) => f.indicator === 'cpu');
    // Assert
    expect(cpu?.text).toBe(
      'Server CPU crosses 75% in about 7 weeks (80% range: 1 week to possibly never, around 20 Jan) and its critical 90% in about 14 weeks (80% range: 2 weeks to possibly never, around 12 Mar): +2.1 pts a week (Theil–Sen over 4 weeks)',
    );
    expect(cpu?.crossings.map((c) => [c.possiblyNever, c.latestDays])).toEqual([
      [true, null],
      [true, null],
    ]);
    expect(noisy.headline).toBe(
      'Monitor, no action needed yet; Server CPU crosses 75% in about 7 weeks (around 20 Jan; possibly never)',
    );
  });
});

describe('severity and hysteresis across weeks', () => {
  it('lets a one-week blip pass without acting', () => {
    const afterBlip = reviewNow({ ...STAGE_3, cpuPercent: 60 }, [
      week(2, STAGE_3),
      week(1, { ...STAGE_3, cpuPercent: 80 }),
    ]);
    expect(afterBlip.recommendations).toEqual([]);
  });

  it('holds a confirmed breach for a week back under, then clears it', () => {
    const breached = [
      week(3, { ...STAGE_3, cpuPercent: 80 }),
      week(2, { ...STAGE_3, cpuPercent: 82 }),
    ];
    const held = reviewNow(
      { ...STAGE_3, cpuPercent: 70 },
      [...breached, week(1, { ...STAGE_3, cpuPercent: 81 })],
      {
        infrastructure: { servers: 2 },
      },
    );
    expect(advice(held)[0]).toMatchObject({
      severity: 'act',
      key: 'horizontal-scaling',
      reasons: [
        'Server CPU 70% is back under 75% (held: back under for 1 of 2 weeks needed to clear)',
      ],
    });
    const cleared = reviewNow({ ...STAGE_3, cpuPercent: 70 }, [
      ...breached,
      week(1, { ...STAGE_3, cpuPercent: 69 }),
    ]);
    expect(cleared.recommendations).toEqual([]);
  });

  it('acts at once on a critical reading, whatever the history', () => {
    const r = reviewNow({ errorRatePercent: 6 }, []);
    expect(r.recommendations[0]).toMatchObject({
      severity: 'critical',
      key: 'investigate:errorRate',
    });
    expect(r.headline).toBe(
      'Investigate now: 6% of requests fail: find the cause before adding capacity',
    );
  });
});
