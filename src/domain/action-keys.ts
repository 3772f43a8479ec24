import { INDICATOR_KEYS, type IndicatorKey } from './plan/schema.js';

/**
 * Recommendation keys name the action, not the indicator: one action is recommended once, with
 * every indicator and trigger that calls for it, and decisions (acknowledge, snooze) key on it.
 * - a playbook action: its key, e.g. `redis-caching`, `horizontal-scaling`;
 * - a stage move: `stage-upgrade:<target stage>`, e.g. `stage-upgrade:3`;
 * - no playbook answer: `investigate:<indicator>`;
 * - fewer servers: `scale-down`; a lower stage: `stage-downgrade:<target stage>`.
 */
export const STAGE_UPGRADE_ACTION = 'stage-upgrade';
export const INVESTIGATE_ACTION = 'investigate';
/** Servers the team pays for and does not use (docs/plan.md, "Down as well as up"). */
export const SCALE_DOWN_ACTION = 'scale-down';
/** A stage below the one the team runs, when the volume has stayed in its range. */
export const STAGE_DOWNGRADE_ACTION = 'stage-downgrade';
/** The database past the plan's largest tier. */
export const BEYOND_LARGEST_TIER_ACTION = 'beyond-largest-tier';

export function stageDowngradeKey(targetStage: number): string {
  return `${STAGE_DOWNGRADE_ACTION}:${targetStage}`;
}

export function stageUpgradeKey(targetStage: number): string {
  return `${STAGE_UPGRADE_ACTION}:${targetStage}`;
}

export function investigateKey(indicator: IndicatorKey): string {
  return `${INVESTIGATE_ACTION}:${indicator}`;
}

const INDICATORS: ReadonlySet<string> = new Set(INDICATOR_KEYS);

function isIndicatorKey(value: string): value is IndicatorKey {
  return INDICATORS.has(value);
}

/**
 * The action key of a key written before recommendations were keyed by action (`cpu:redis-caching`,
 * `dbStorage:stage-upgrade`, `trigger:stage2-cpu`, `errorRate:investigate`). `stage` is the stage
 * of the review the key was made in (a stage move goes to stage + 1); null when unknown, in which
 * case stage moves keep their legacy key. Keys that are not legacy are returned unchanged.
 */
export function actionKeyOfLegacy(key: string, stage: number | null): string {
  const colon = key.indexOf(':');
  if (colon <= 0) return key;
  const head = key.slice(0, colon);
  const tail = key.slice(colon + 1);
  if (head === 'trigger') return stage === null ? key : stageUpgradeKey(stage + 1);
  if (!isIndicatorKey(head)) return key;
  if (tail === STAGE_UPGRADE_ACTION) return stage === null ? key : stageUpgradeKey(stage + 1);
  if (tail === INVESTIGATE_ACTION) return investigateKey(head);
  return tail;
}

/** Whether `key` was written before recommendations were keyed by action. */
export function isLegacyKey(key: string): boolean {
  return actionKeyOfLegacy(key, 0) !== key;
}
