import type { DbSize, IndicatorKey, Plan, Stage, Threshold } from '../plan/schema.js';
import type { IndicatorStatus, IndicatorUnit, ThresholdSource } from '../review-types.js';
import type { MetricTrigger } from './triggers.js';

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

const MB_PER_GB = 1024;

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
  /** Strict: a value above it is `critical` (acts at once). Null when the indicator has none. */
  critical: number | null;
  wording: Threshold['wording'];
  /** Where `over` comes from. */
  source: ThresholdSource;
}

/** critical > over > approaching > ok. A value equal to a level is below it (75% CPU is approaching). */
export function statusFor(value: number, limits: Limits): IndicatorStatus {
  if (limits.critical !== null && value > limits.critical) return 'critical';
  if (limits.over !== null && value > limits.over) return 'over';
  if (limits.approaching !== null && value >= limits.approaching) return 'approaching';
  return 'ok';
}

/** `over` or `critical`: a breach of the threshold. */
export function isBreach(status: IndicatorStatus): boolean {
  return status === 'over' || status === 'critical';
}

function stageTriggersOn(stage: Stage, key: IndicatorKey): MetricTrigger[] {
  return stage.triggers.filter(
    (t): t is MetricTrigger => t.kind === 'metric' && t.indicator === key,
  );
}

function lowestTrigger(stage: Stage, key: IndicatorKey): MetricTrigger | null {
  return stageTriggersOn(stage, key).reduce<MetricTrigger | null>(
    (low, t) => (low === null || t.above < low.above ? t : low),
    null,
  );
}

/**
 * The panel thresholds of CPU, memory, P95 and errors. When the current stage has a lower "when to
 * scale" trigger on the indicator (stage 2: CPU >70% consistently), that trigger is the threshold
 * (one threshold per indicator, and the line says it is the stage's trigger); the approaching band
 * keeps the panel's proportion.
 */
export function panelLimits(
  plan: Plan,
  stage: Stage,
  key: Exclude<PanelIndicatorKey, 'dbConnections'>,
): Limits {
  const t = plan.thresholds[key];
  const trigger = lowestTrigger(stage, key);
  if (trigger === null || trigger.above >= t.over) {
    return {
      over: t.over,
      approaching: t.approaching,
      critical: t.critical,
      wording: t.wording,
      source: { kind: 'panel' },
    };
  }
  const ratio = t.over > 0 ? t.approaching / t.over : 1;
  return {
    over: trigger.above,
    approaching: trigger.above * ratio,
    critical: t.critical,
    wording: t.wording,
    source: { kind: 'trigger', stage: stage.number, trigger: trigger.key, text: trigger.text },
  };
}

/** DB connection thresholds are percents of the pool maximum; the limits are connection counts. */
export function connectionLimits(plan: Plan, maxConnections: number): Limits {
  const t = plan.thresholds.dbConnections;
  return {
    over: (t.over * maxConnections) / 100,
    approaching: (t.approaching * maxConnections) / 100,
    critical: (t.critical * maxConnections) / 100,
    wording: t.wording,
    source: { kind: 'panel' },
  };
}

/**
 * DB storage against its hard limit: the database's `dbSizes` tier when it has one, else the
 * stage's `dbStorageLimitMb`. `over` is the stage's lowest DB trigger (stage 1: 400 MB of 500 MB,
 * stage 2: 6 GB of 8 GB), else `storage.overRatio` of the limit (the seed's triggers sit at
 * 75–80% of their limits); `critical` is `storage.criticalRatio` of the limit.
 */
export function storageLimits(plan: Plan, stage: Stage, tier: DbSize | null): Limits {
  const limitMb = tier === null ? stage.dbStorageLimitMb : tier.storageGb * MB_PER_GB;
  const trigger = tier === null ? lowestTrigger(stage, 'dbStorage') : null;
  const over = trigger?.above ?? limitMb * plan.storage.overRatio;
  const source: ThresholdSource =
    trigger !== null
      ? { kind: 'trigger', stage: stage.number, trigger: trigger.key, text: trigger.text }
      : tier !== null
        ? { kind: 'tier', name: tier.name, limitMb }
        : { kind: 'stageLimit', stage: stage.number, limitMb };
  return {
    over,
    approaching: over * plan.stageApproachingRatio,
    critical: Math.max(over, limitMb * plan.storage.criticalRatio),
    wording: 'considerAt',
    source,
  };
}

/**
 * Conversations per month: `over` is the stage's lowest conversations trigger, else the top of the
 * stage's range; `approaching` is `over × stageApproachingRatio`. No critical level (a volume is a
 * stage, not an outage). The open-ended last stage has no limit (null).
 */
export function conversationLimits(plan: Plan, stage: Stage): Limits {
  const trigger = lowestTrigger(stage, 'conversations');
  const over = trigger?.above ?? stage.conversationsPerMonth.max;
  return {
    over,
    approaching: over === null ? null : over * plan.stageApproachingRatio,
    critical: null,
    wording: 'considerAt',
    source:
      trigger !== null
        ? { kind: 'trigger', stage: stage.number, trigger: trigger.key, text: trigger.text }
        : { kind: 'stageLimit', stage: stage.number, limitMb: null },
  };
}
