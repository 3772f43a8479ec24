import type { IndicatorKey, Plan, Stage, Threshold } from '../plan/schema.js';
import type { IndicatorStatus, IndicatorUnit } from '../review-types.js';

/** Indicators in review order. */
export const REVIEW_INDICATORS = [
  'cpu',
  'memory',
  'dbConnections',
  'responseTimeP95',
  'errorRate',
  'dbStorage',
  'conversations',
] as const satisfies readonly IndicatorKey[];

export const INDICATOR_UNIT = {
  cpu: '%',
  memory: '%',
  dbConnections: 'connections',
  responseTimeP95: 'ms',
  errorRate: '%',
  dbStorage: 'MB',
  conversations: 'conversations/month',
} as const satisfies Record<IndicatorKey, IndicatorUnit>;

export const STAGE_INDICATOR_LABEL = {
  dbStorage: 'Database Storage',
  conversations: 'Conversations',
} as const;

export type PanelIndicatorKey = keyof Plan['thresholds'];
export type StageIndicatorKey = keyof typeof STAGE_INDICATOR_LABEL;

export function indicatorLabel(plan: Plan, key: IndicatorKey): string {
  if (key === 'dbStorage' || key === 'conversations') return STAGE_INDICATOR_LABEL[key];
  return plan.thresholds[key].label;
}

/** The resolved limits of one indicator, in the indicator's unit. */
export interface Limits {
  /** Strict: a value above it is `over`. Null when the indicator has no upper limit. */
  over: number | null;
  /** Inclusive: a value at or above it (and not over) is `approaching`. */
  approaching: number | null;
  wording: Threshold['wording'];
}

/** `value > over` is over; `value >= approaching` is approaching; else ok. Exactly 75% CPU is approaching. */
export function statusFor(value: number, limits: Limits): IndicatorStatus {
  if (limits.over !== null && value > limits.over) return 'over';
  if (limits.approaching !== null && value >= limits.approaching) return 'approaching';
  return 'ok';
}

export function panelLimits(plan: Plan, key: Exclude<PanelIndicatorKey, 'dbConnections'>): Limits {
  const t = plan.thresholds[key];
  return { over: t.over, approaching: t.approaching, wording: t.wording };
}

/** DB connection thresholds are percents of the pool maximum; the limits are connection counts. */
export function connectionLimits(plan: Plan, maxConnections: number): Limits {
  const t = plan.thresholds.dbConnections;
  return {
    over: (t.over * maxConnections) / 100,
    approaching: (t.approaching * maxConnections) / 100,
    wording: t.wording,
  };
}

/**
 * Stage-dependent limits (DB storage, conversations): `over` is the stage's lowest metric trigger
 * on that indicator when it has one, else the stage limit (dbStorageLimitMb, conversations max);
 * `approaching` is `over × plan.stageApproachingRatio`. The open-ended last stage has no
 * conversations limit (null).
 */
export function stageLimits(plan: Plan, stage: Stage, key: StageIndicatorKey): Limits {
  const triggerValues = stage.triggers.flatMap((t) =>
    t.kind === 'metric' && t.indicator === key ? [t.above] : [],
  );
  const stageLimit = key === 'dbStorage' ? stage.dbStorageLimitMb : stage.conversationsPerMonth.max;
  const over = triggerValues.length > 0 ? Math.min(...triggerValues) : stageLimit;
  return {
    over,
    approaching: over === null ? null : over * plan.stageApproachingRatio,
    wording: 'considerAt',
  };
}
