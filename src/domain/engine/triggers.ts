import type { IndicatorKey, Stage, StageTrigger } from '../plan/schema.js';
import type { FiredTrigger, Indicator } from '../review-types.js';

export type MetricTrigger = Extract<StageTrigger, { kind: 'metric' }>;
export type ManualTrigger = Extract<StageTrigger, { kind: 'manual' }>;

export interface FiredMetricTrigger {
  fired: FiredTrigger;
  trigger: MetricTrigger;
  indicator: IndicatorKey;
}

/**
 * The current stage's metric triggers whose indicator value is strictly above `above`.
 * Only the current stage's triggers are evaluated ("CPU >70% consistently" belongs to stage 2).
 * An unknown indicator never fires a trigger.
 */
export function fireTriggers(stage: Stage, indicators: readonly Indicator[]): FiredMetricTrigger[] {
  return stage.triggers.flatMap((trigger) => {
    if (trigger.kind !== 'metric') return [];
    const indicator = indicators.find((i) => i.key === trigger.indicator);
    if (!indicator || indicator.status === 'unknown' || indicator.value === null) return [];
    if (!(indicator.value > trigger.above)) return [];
    return [
      {
        fired: { stage: stage.number, key: trigger.key, text: trigger.text },
        trigger,
        indicator: trigger.indicator,
      },
    ];
  });
}

/** Triggers that cannot be measured ("Multiple servers needed"): never fired, listed as a reminder. */
export function manualTriggers(stage: Stage): ManualTrigger[] {
  return stage.triggers.filter((t): t is ManualTrigger => t.kind === 'manual');
}

export function manualTriggerNote(stage: Stage, trigger: ManualTrigger): string {
  return `not measurable, check by hand: "${trigger.text}" (stage ${stage.number} trigger)`;
}
