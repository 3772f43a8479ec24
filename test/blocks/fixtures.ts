import type { CostReport, Projection } from '../../src/domain/projection-types.js';
import type { Indicator, Recommendation, Review } from '../../src/domain/review-types.js';

/** Hand-built fixtures (no engine): small, readable, and exactly what the builders see. */

export const cpu: Indicator = {
  key: 'cpu',
  label: 'Server CPU',
  value: 72,
  unit: '%',
  threshold: 75,
  approachingAt: 70,
  critical: 90,
  thresholdSource: { kind: 'panel' },
  status: 'approaching',
  delta: 6,
  text: 'Server CPU: 72% (consider scaling at >75%)',
};

export const p95: Indicator = {
  key: 'responseTimeP95',
  label: 'Response time (P95)',
  value: null,
  unit: 'ms',
  threshold: 500,
  approachingAt: 400,
  critical: 1000,
  thresholdSource: { kind: 'panel' },
  status: 'unknown',
  delta: null,
  text: 'Response time (P95): unknown (no datapoints in the window)',
  note: 'no datapoints in the window',
};

export const upgradeServer: Recommendation = {
  key: 'cpu:upgrade-server',
  severity: 'act',
  basis: 'evidence',
  indicator: 'cpu',
  action: 'upgrade-server',
  text: 'Upgrade the server to 2 vCPU',
  impact: 'CPU back under 50%',
  monthlyCostChange: { min: 20, max: 30 },
  reason: 'Server CPU 82% is over 75%',
  reasons: [
    {
      indicator: 'cpu',
      trigger: null,
      level: 'over',
      confirmation: null,
      text: 'Server CPU 82% is over 75%',
    },
  ],
};

export const addReplica: Recommendation = {
  key: 'dbConnections:read-replica',
  severity: 'watch',
  basis: 'evidence',
  indicator: 'dbConnections',
  action: 'read-replica',
  text: 'Add a read replica',
  impact: 'Halves read load on the primary',
  monthlyCostChange: null,
  reasons: [
    {
      indicator: 'dbConnections',
      trigger: null,
      level: 'approaching',
      confirmation: null,
      text: 'Database Connections 85 is approaching 90',
    },
  ],
};

export function review(overrides: Partial<Review> = {}): Review {
  return {
    generatedAt: '2025-12-01T09:00:00.000Z',
    stage: {
      number: 2,
      name: 'Growing Team',
      conversationsPerMonth: { min: 1000, max: 5000 },
      basis: 'conversations',
    },
    triggersFired: [],
    indicators: [cpu, p95],
    recommendations: [upgradeServer, addReplica],
    headline: 'CPU approaching its limit: upgrade the server',
    nextReviewAt: '2025-12-08T09:00:00.000Z',
    dataQuality: { missing: [], stale: [], notes: [] },
    snapshot: { cpuPercent: 72 },
    period: { key: '2025-W49', start: '2025-12-01T00:00:00.000Z' },
    comparedWith: null,
    forecasts: [],
    infrastructure: {
      servers: { count: 1, max: 1, source: 'assumed', note: 'assumed' },
      dbTier: null,
    },
    ...overrides,
  };
}

/** Fri 5 Dec 2025 10:32:00 UTC */
export const ACK_AT = new Date('2025-12-05T10:32:00Z');
export const ACK_UNIX = 1764930720;
/** Fri 12 Dec 2025 00:00:00 UTC */
export const UNTIL = new Date('2025-12-12T00:00:00Z');
export const UNTIL_UNIX = 1765497600;

export function projection(overrides: Partial<Projection> = {}): Projection {
  return {
    request: { volume: 2000, monthlyGrowthPercent: 30, months: 3, growthSource: 'argument' },
    cappedFrom: null,
    rows: [
      { month: 0, volume: 2000, stage: 2 },
      { month: 1, volume: 2600, stage: 2 },
      { month: 2, volume: 3380, stage: 2 },
      { month: 3, volume: 4394, stage: 2 },
    ],
    projectedVolume: 4394,
    currentStage: { number: 2, name: 'Growing Team' },
    projectedStage: { number: 2, name: 'Growing Team' },
    crossings: [
      { month: 3, kind: 'prepare', stage: 3, atConversations: 4000, text: 'Plan the DB migration' },
    ],
    action: 'Upgrade DB soon',
    stageBoundaries: [
      { stage: 2, atConversations: 1000 },
      { stage: 3, atConversations: 5000 },
      { stage: 4, atConversations: 20000 },
    ],
    ...overrides,
  };
}

export function costReport(overrides: Partial<CostReport> = {}): CostReport {
  return {
    current: {
      stage: { number: 2, name: 'Growing Team' },
      components: [],
      componentTotal: { min: 70, max: 85 },
      totalCost: { min: 70, max: 85 },
      plusWhatsAppFees: true,
    },
    target: {
      stage: { number: 3, name: 'Scaling' },
      components: [
        { kind: 'server', name: 'AWS t3.medium', monthlyCost: { min: 30, max: 40 } },
        {
          kind: 'email',
          name: 'Amazon SES',
          monthlyCost: { min: 0, max: 0 },
          usagePrice: '$0.10 per 1,000 emails',
        },
      ],
      componentTotal: { min: 30, max: 40 },
      totalCost: { min: 150, max: 250 },
      plusWhatsAppFees: true,
    },
    delta: { min: 80, max: 165 },
    helpdesk: {
      name: 'Zendesk',
      agents: 5,
      agentsSource: 'stage',
      pricePerAgentMonthly: 55,
      monthly: 275,
      savings: { min: 25, max: 125 },
    },
    ...overrides,
  };
}
