import type { IndicatorSpec, PanelIndicatorKey } from '../catalog/catalog.js';
import type { DbSize, IndicatorKey, Plan, Stage, Threshold } from '../plan/schema.js';
import type { IndicatorStatus, ThresholdSource } from '../review-types.js';
import type { MetricTrigger } from './triggers.js';

const MB_PER_GB = 1024;

/** A panel indicator is named by its plan threshold (a plan may rename it), else by the catalog. */
export function indicatorLabel(plan: Plan, spec: IndicatorSpec): string {
  return spec.kind === 'panel' ? plan.thresholds[spec.key].label : spec.label;
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
 * The panel thresholds of an indicator judged on its own value (CPU, memory, P95, errors). When
 * the current stage has a lower "when to scale" trigger on the indicator (stage 2: CPU >70%
 * consistently), that trigger is the threshold (one threshold per indicator, and the line says it
 * is the stage's trigger); the approaching band keeps the panel's proportion.
 */
export function panelLimits(plan: Plan, stage: Stage, key: PanelIndicatorKey): Limits {
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

/**
 * The panel thresholds of an indicator judged as a share of its limit (DB connections: percents of
 * the pool maximum); the limits are in the indicator's unit (connection counts).
 */
export function shareLimits(plan: Plan, key: PanelIndicatorKey, limit: number): Limits {
  const t = plan.thresholds[key];
  return {
    over: (t.over * limit) / 100,
    approaching: (t.approaching * limit) / 100,
    critical: (t.critical * limit) / 100,
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
