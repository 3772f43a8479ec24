import { randomBytes } from 'node:crypto';
import type { EstateChange } from '../../src/domain/estate-types.js';
import type { MessageView } from '../../src/domain/review-message.js';
import type { Review } from '../../src/domain/review-types.js';
import type { Logger } from '../../src/logging/logger.js';
import type {
  NewDecision,
  NewReviewRecord,
  ObservationRecord,
  SubscriptionInput,
} from '../../src/store/ports.js';

export const T0 = new Date('2025-12-01T09:00:00.000Z');

export function at(offsetMs: number): Date {
  return new Date(T0.getTime() + offsetMs);
}

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** A team id no other test uses, so tests share one store without seeing each other's data. */
export function uniqueTeam(): string {
  return `T${randomBytes(6).toString('hex').toUpperCase()}`;
}

export function sampleReview(options: { headline?: string; cpu?: number } = {}): Review {
  const cpu = options.cpu ?? 72;
  return {
    generatedAt: '2025-12-01T09:00:00.000Z',
    stage: {
      number: 2,
      name: 'Growth',
      conversationsPerMonth: { min: 1000, max: 5000 },
      basis: 'conversations',
    },
    triggersFired: [{ stage: 2, key: 'cpu-consistently', text: 'CPU >70% consistently' }],
    indicators: [
      {
        key: 'cpu',
        label: 'Server CPU',
        value: cpu,
        unit: '%',
        threshold: 75,
        approachingAt: 60,
        critical: 90,
        thresholdSource: { kind: 'panel' },
        status: cpu > 75 ? 'over' : 'approaching',
        delta: 4.5,
        text: `Server CPU: ${cpu}% (consider scaling at >75%)`,
      },
      {
        key: 'errorRate',
        label: 'Error rate',
        value: null,
        unit: '%',
        threshold: 1,
        approachingAt: 0.5,
        critical: 5,
        thresholdSource: { kind: 'panel' },
        status: 'unknown',
        delta: null,
        text: 'Error rate: unknown',
        note: 'no traffic',
      },
    ],
    recommendations: [
      {
        key: 'upgrade-server',
        severity: 'watch',
        basis: 'evidence',
        indicator: 'cpu',
        action: 'upgrade-server',
        text: 'Upgrade the server',
        impact: 'CPU headroom for 2x volume',
        monthlyCostChange: { min: 20, max: null },
        reason: `Server CPU ${cpu}% is over 70%`,
        reasons: [
          {
            indicator: 'cpu',
            trigger: null,
            level: 'over',
            confirmation: { state: 'unconfirmed', counted: 1, required: 2, ofLast: 3, clean: 0 },
            text: `Server CPU ${cpu}% is over 70%`,
          },
        ],
        breaches: { counted: 1, required: 2, ofLast: 3 },
      },
    ],
    headline: options.headline ?? 'Approaching: CPU',
    nextReviewAt: '2025-12-08T09:00:00.000Z',
    dataQuality: { missing: ['errorRate'], stale: [], notes: ['error rate: no traffic'] },
    snapshot: { cpuPercent: cpu, conversationsPerMonth: 2400, capturedAt: '2025-12-01T08:55:00Z' },
    period: { key: '2025-W49', start: '2025-12-01T00:00:00.000Z' },
    comparedWith: null,
    forecasts: [],
    infrastructure: {
      servers: { count: 1, max: 1, source: 'assumed', note: 'assumed' },
      dbTier: null,
    },
  };
}

/** A small but valid review, for bulk tests. */
export function minimalReview(headline: string): Review {
  return {
    generatedAt: '2025-12-01T09:00:00.000Z',
    stage: {
      number: 1,
      name: 'Seed',
      conversationsPerMonth: { min: 0, max: 1000 },
      basis: 'default',
    },
    triggersFired: [],
    indicators: [],
    recommendations: [],
    headline,
    nextReviewAt: '2025-12-08T09:00:00.000Z',
    dataQuality: { missing: [], stale: [], notes: [] },
    snapshot: {},
    period: { key: '2025-W49', start: '2025-12-01T00:00:00.000Z' },
    comparedWith: null,
    forecasts: [],
    infrastructure: {
      servers: { count: 1, max: 1, source: 'assumed', note: 'assumed' },
      dbTier: null,
    },
  };
}

export function reviewRecord(
  teamId: string,
  createdAt: Date,
  overrides: Partial<NewReviewRecord> = {},
): NewReviewRecord {
  return {
    teamId,
    channelId: 'C1',
    source: { requestedBy: 'slack', metricsFrom: 'cloudwatch', detail: 'AWS/EC2 eu-west-1' },
    createdAt,
    review: sampleReview(),
    ...overrides,
  };
}

/** A view with every optional part, dates included. */
export function fullView(): MessageView {
  return {
    kind: 'digest',
    weekLabel: 'Week 49, 2025',
    sourceLine: 'CloudWatch, eu-west-1',
    carriedForward: [
      {
        label: 'Implement Redis caching',
        decision: { kind: 'snooze', userId: 'U_ANA', at: at(-DAY), snoozeUntil: at(6 * DAY) },
        current: 'CPU 78%',
        reopenedBecause: 'CPU rose from 72% to 78%',
      },
      {
        label: 'Add a load balancer',
        decision: { kind: 'ack', userId: 'U_BEN', at: at(-2 * DAY) },
        current: 'CPU 78%',
      },
    ],
    projection: {
      monthlyGrowthPercent: 12.5,
      growthSource: 'observed',
      horizonMonths: 6,
      nextStage: {
        number: 3,
        name: 'Medium Team',
        inMonths: 4,
        monthlyCost: { min: 128, max: null },
      },
    },
    delayed: { scheduledFor: at(-HOUR) },
    degraded: ['chart unavailable'],
  };
}

/** An observation of `periodKey` (the period's start is not checked by the store). */
export function observation(
  teamId: string,
  periodKey: string,
  overrides: Partial<ObservationRecord> = {},
): ObservationRecord {
  return {
    teamId,
    periodKey,
    periodStart: at(-9 * HOUR),
    at: at(0),
    snapshot: { cpuPercent: 72, dbSizeMb: 88_000, capturedAt: '2025-12-01T08:55:00Z' },
    quality: [{ metric: 'errorRatePercent', issue: 'noTraffic', detail: 'no requests' }],
    source: { requestedBy: 'slack', metricsFrom: 'cloudwatch', detail: 'AWS/EC2 eu-west-1' },
    message: { reviewId: 'review-1', hash: 'sha256:abc' },
    updatedAt: at(MINUTE),
    ...overrides,
  };
}

export function decision(
  teamId: string,
  kind: NewDecision['kind'],
  decidedAt: Date,
  overrides: Partial<NewDecision> = {},
): NewDecision {
  return {
    teamId,
    reviewId: 'review-1',
    recommendationKey: 'cpu:upgrade-server',
    kind,
    userId: 'U_ANA',
    at: decidedAt,
    snoozeUntil: kind === 'snooze' ? new Date(decidedAt.getTime() + 7 * DAY) : null,
    metricsAtDecision: { cpuPercent: 72, capturedAt: '2025-12-01T08:55:00Z' },
    ...overrides,
  };
}

/** A Done change with every field, dates included (`id` is the click's decision id). */
export function estateChange(id: string, overrides: Partial<EstateChange> = {}): EstateChange {
  return {
    id,
    at: at(HOUR),
    userId: 'U_ANA',
    actionKey: 'add-servers',
    text: 'Add 2 servers (2 → 4)',
    set: { servers: 4, serverSize: 'AWS t3.medium', measures: ['connection-pooling'] },
    configured: { stage: 2, servers: null, dbTier: null },
    targets: ['cpu'],
    before: { cpu: 82.5 },
    ...overrides,
  };
}

export function subscriptionInput(
  teamId: string,
  channelId: string,
  overrides: Partial<SubscriptionInput> = {},
): SubscriptionInput {
  return {
    teamId,
    channelId,
    schedule: { weekday: 1, time: '09:00' },
    timezone: 'Europe/Lisbon',
    createdBy: 'U_ANA',
    active: true,
    nextRunAt: at(7 * DAY),
    ...overrides,
  };
}

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg: string;
}

/** A pino-like logger that keeps what it is given. */
export class CapturingLogger implements Logger {
  readonly entries: LogEntry[] = [];

  debug(obj: object, msg: string): void {
    this.entries.push({ level: 'debug', obj: { ...obj }, msg });
  }

  info(obj: object, msg: string): void {
    this.entries.push({ level: 'info', obj: { ...obj }, msg });
  }

  warn(obj: object, msg: string): void {
    this.entries.push({ level: 'warn', obj: { ...obj }, msg });
  }

  error(obj: object, msg: string): void {
    this.entries.push({ level: 'error', obj: { ...obj }, msg });
  }

  /** Warnings about stored document `id` (of `collection`, when given: row ids repeat across tables). */
  warningsFor(id: string, collection?: string): LogEntry[] {
    return this.entries.filter(
      (entry) =>
        entry.level === 'warn' &&
        entry.obj.id === id &&
        (collection === undefined || entry.obj.collection === collection),
    );
  }
}
