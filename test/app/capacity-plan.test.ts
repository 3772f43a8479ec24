import { describe, expect, it } from 'vitest';
import { capacityPlanOf, readingsOf } from '../../src/app/capacity-plan.js';
import type { PeriodReview } from '../../src/app/recent-periods.js';
import { DEFAULT_PLAN } from '../../src/domain/plan/default-plan.js';
import type { DecisionRecord } from '../../src/store/ports.js';
import { ACK_AT, addReplica, review, UNTIL, upgradeServer } from '../blocks/fixtures.js';

/** The plan's view model from what the store gave (pure): states, weeks and the decisions log. */

const T = new Date('2025-12-08T09:00:00Z');

function period(key: string, options: { cpu: number; headline?: string; stage?: number }) {
  const reviewed = options.headline === undefined ? null : review({ headline: options.headline });
  return {
    observation: {
      teamId: 'T1',
      periodKey: key,
      periodStart: T,
      at: T,
      snapshot: { cpuPercent: options.cpu, conversationsPerMonth: 2340 },
      quality: [],
      source: { requestedBy: 'digest', metricsFrom: 'file' },
      message: null,
      updatedAt: T,
      ...(options.stage === undefined ? {} : { stage: options.stage }),
    },
    record: reviewed && {
      id: `r-${key}`,
      teamId: 'T1',
      channelId: 'C1',
      source: { requestedBy: 'digest', metricsFrom: 'file' },
      createdAt: T,
      review: reviewed,
    },
  } satisfies PeriodReview;
}

function decision(fields: Partial<DecisionRecord>): DecisionRecord {
  return {
    id: 'd1',
    teamId: 'T1',
    reviewId: 'r1',
    recommendationKey: upgradeServer.key,
    kind: 'ack',
    userId: 'U2BEN',
    at: ACK_AT,
    snoozeUntil: null,
    metricsAtDecision: {},
    ...fields,
  };
}

describe('capacityPlanOf', () => {
  it('gives each action its state and owner, and the weeks from the latest observed to the oldest', () => {
    // Arrange
    const latest = review({
      recommendations: [
        { ...upgradeServer, decideBy: '2025-12-12T00:00:00.000Z' },
        addReplica,
        { ...addReplica, key: 'archive-old-data', text: 'Archive old data', overdue: true },
      ],
      estate: {
        stage: { number: 2, source: 'carried' },
        measures: ['connection-pooling'],
        monthlyCost: 85,
      },
    });
    const keys = ['2025-W51', '2025-W50', '2025-W49', '2025-W48', '2025-W47'];
    // Act
    const vm = capacityPlanOf({
      message: {
        reviewId: 'r1',
        review: latest,
        weekLabel: 'Week 50, 2025',
        conversationsThisMonth: 2340,
        sourceLine: 'test',
        decisions: {
          [upgradeServer.key]: { kind: 'ack', userId: 'U2BEN', at: ACK_AT },
          [addReplica.key]: { kind: 'snooze', userId: 'U0ADMIN', at: ACK_AT, snoozeUntil: UNTIL },
        },
      },
      periods: [
        period('2025-W50', { cpu: 72, headline: 'CPU approaching its limit', stage: 2 }),
        period('2025-W48', { cpu: 66 }),
      ],
      periodKeys: keys,
      log: [
        decision({ kind: 'snooze', snoozeUntil: UNTIL, recommendationKey: addReplica.key }),
        decision({ kind: 'done', recommendationKey: 'gone-action', change: undefined }),
        decision({ kind: 'unsnooze', recommendationKey: addReplica.key, automatic: true }),
      ],
      plan: DEFAULT_PLAN,
    });
    // Assert
    expect(vm.actions.map((a) => [a.text, a.state, a.owner?.userId ?? null])).toEqual([
      ['Upgrade the server to 2 vCPU', 'acknowledged', 'U2BEN'],
      ['Add a read replica', 'snoozed', 'U0ADMIN'],
      ['Archive old data', 'open', null],
    ]);
    expect(vm.actions[0]?.decideBy).toEqual(new Date('2025-12-12T00:00:00.000Z'));
    expect(vm.actions[1]?.snoozeUntil).toEqual(UNTIL);
    expect(vm.actions[2]?.overdue).toBe(true);
    expect(vm.stage).toMatchObject({ source: 'carried', conversationsThisMonth: 2340 });
    expect(vm.estate.measures).toEqual([
      "Pool database connections (PgBouncer in transaction mode, or Supabase's pooler)",
    ]);
    expect(vm.estate.monthlyCost).toBe(85);
    expect(vm.weeks).toEqual([
      {
        label: 'Week 50, 2025',
        observed: true,
        stage: 2,
        headline: 'CPU approaching its limit',
        readings: ['CPU 72%', 'conversations 2,340/month'],
      },
      { label: 'Week 49, 2025', observed: false, stage: null, headline: null, readings: [] },
      {
        label: 'Week 48, 2025',
        observed: true,
        stage: null,
        headline: null,
        readings: ['CPU 66%', 'conversations 2,340/month'],
      },
    ]);
    expect(vm.decisions.map((d) => [d.kind, d.action, d.automatic])).toEqual([
      ['snooze', 'Add a read replica', false],
      ['done', 'gone-action', false],
      ['unsnooze', 'Add a read replica', true],
    ]);
  });

  it('reads key indicators from a snapshot in the catalog order, skipping what is missing', () => {
    expect(readingsOf({ memoryPercent: 61.5, cpuPercent: 70, dbSizeMb: 6144 })).toEqual([
      'CPU 70%',
      'memory 61.5%',
      'DB size 6 GB',
    ]);
  });
});
