import type { CapacityPlanViewModel } from '../../blocks/capacity-plan-model.js';
import type { Forecast } from '../../src/domain/review-types.js';
import { ACK_AT, cpu, UNTIL } from './fixtures.js';

/** A capacity plan view model (hand-built, no engine): three actions, three weeks, two decisions. */

export const rising: Forecast = {
  indicator: 'cpu',
  status: 'rising',
  method: 'theil-sen',
  observations: 4,
  spanWeeks: 4,
  rate: 4,
  intervalPercent: 80,
  crossings: [],
  text: 'Server CPU crosses 75% in about 2 weeks (around 14 Dec): +4 pts a week',
};

export function planModel(overrides: Partial<CapacityPlanViewModel> = {}): CapacityPlanViewModel {
  return {
    weekLabel: 'Week 50, 2025',
    stage: {
      number: 2,
      name: 'Growing Team',
      conversationsPerMonth: { min: 1000, max: 5000 },
      conversationsThisMonth: 2340,
      source: 'carried',
      note: null,
    },
    estate: {
      servers: { count: 2, max: null, source: 'configured', note: 'configured' },
      database: null,
      measures: ['Pool database connections'],
      monthlyCost: 85,
    },
    actions: [
      {
        key: 'cpu:upgrade-server',
        text: 'Upgrade the server to 2 vCPU',
        severity: 'act',
        state: 'acknowledged',
        owner: { userId: 'U2BEN', at: ACK_AT },
        snoozeUntil: null,
        decideBy: UNTIL,
        overdue: false,
        cost: { min: 20, max: 30 },
        costNote: null,
      },
      {
        key: 'read-replicas',
        text: 'Add a read replica *now*',
        severity: 'watch',
        state: 'snoozed',
        owner: { userId: 'U0ADMIN', at: ACK_AT },
        snoozeUntil: UNTIL,
        decideBy: null,
        overdue: false,
        cost: null,
        costNote: null,
      },
      {
        key: 'archive-old-data',
        text: 'Archive old data',
        severity: 'plan',
        state: 'open',
        owner: null,
        snoozeUntil: null,
        decideBy: null,
        overdue: true,
        cost: { min: 0, max: 0 },
        costNote: null,
      },
    ],
    forecasts: [rising],
    indicators: [cpu],
    forecastMinReviews: 3,
    weeks: [
      {
        label: 'Week 50, 2025',
        observed: true,
        stage: 2,
        headline: 'CPU approaching its limit',
        readings: ['CPU 72%'],
      },
      { label: 'Week 49, 2025', observed: true, stage: 2, headline: null, readings: ['CPU 66%'] },
      { label: 'Week 48, 2025', observed: false, stage: null, headline: null, readings: [] },
    ],
    decisions: [
      {
        at: ACK_AT,
        userId: 'U2BEN',
        kind: 'ack',
        action: 'Upgrade the server to 2 vCPU',
        snoozeUntil: null,
        automatic: false,
      },
      {
        at: ACK_AT,
        userId: 'scale-review',
        kind: 'unsnooze',
        action: 'Add a read replica',
        snoozeUntil: null,
        automatic: true,
      },
    ],
    ...overrides,
  };
}
