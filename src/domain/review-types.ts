import type { IndicatorUnit } from './catalog/shape.js';
import type { CostChange, CostRange } from './cost-change.js';
import type { MetricsSnapshot } from './metrics.js';
import type { IndicatorKey } from './plan/schema.js';

export const INDICATOR_STATUSES = ['ok', 'approaching', 'over', 'critical', 'unknown'] as const;
export type IndicatorStatus = (typeof INDICATOR_STATUSES)[number];

export { INDICATOR_UNITS, type IndicatorUnit } from './catalog/shape.js';

/** Where an indicator's `over` threshold comes from. */
export type ThresholdSource =
  | { kind: 'panel' }
  | { kind: 'trigger'; stage: number; trigger: string; text: string }
  | { kind: 'tier'; name: string; limitMb: number }
  | { kind: 'stageLimit'; stage: number; limitMb: number | null };

export interface Indicator {
  key: IndicatorKey;
  label: string;
  /** The measured value, or null when missing or invalid (status `unknown`). */
  value: number | null;
  unit: IndicatorUnit;
  /** The `over` threshold in the indicator's unit (DB connections: a connection count). */
  threshold: number | null;
  approachingAt: number | null;
  /** Above this the indicator is `critical` and acts at once; null when it has no such level. */
  critical: number | null;
  thresholdSource: ThresholdSource;
  status: IndicatorStatus;
  /** Change against the previous observation (same unit; percentage points for percentages). */
  delta: number | null;
  /** One line in the seed's panel style: "Server CPU: 72% (consider scaling at >75%)". */
  text: string;
  /** Why the value is unknown, or a remark such as "partial window". */
  note?: string;
  /** The fleet average, when `value` is the busiest instance's reading above it. */
  average?: number;
}

/**
 * How urgent an action is: `watch` (look again next review), `plan` (a decision is due before the
 * next review: a forecast crossing minus the action's lead time), `act` (confirmed), `critical`
 * (acts at once).
 */
export const SEVERITIES = ['watch', 'plan', 'act', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type { CostChange } from './cost-change.js';

export const REASON_LEVELS = ['approaching', 'over', 'critical'] as const;
export type ReasonLevel = (typeof REASON_LEVELS)[number];

/**
 * How a breach was judged across review periods (docs/plan.md, "Severity and hysteresis"):
 * - `critical`: over the critical level, acts at once;
 * - `confirmed`: over in `counted` of the last `ofLast` periods, at least `required`;
 * - `unconfirmed`: over now, not yet in enough periods (watch);
 * - `held`: confirmed earlier and back under now, but not yet for `required` clean periods in a row;
 * - `unknown`: confirmed or held earlier, no data now: the action stays open;
 * - `lapsed`: an unconfirmed breach earlier, no data now (watch);
 * - `unchecked`: no history was given (CLI status without a store): not confirmed, a watch.
 */
export interface Confirmation {
  state: 'critical' | 'confirmed' | 'unconfirmed' | 'held' | 'unknown' | 'lapsed' | 'unchecked';
  counted: number;
  required: number;
  ofLast: number;
  /** Consecutive periods under the threshold, counting now (for `held`). */
  clean: number;
}

/** One indicator or trigger that calls for an action. */
export interface RecommendationReason {
  indicator: IndicatorKey | null;
  /** The stage trigger's key when the reason is a fired trigger. */
  trigger: string | null;
  level: ReasonLevel;
  confirmation: Confirmation | null;
  /** "Server CPU 82% is over 75% (2 of the last 3 weeks)". */
  text: string;
}

export type Sizing =
  | { kind: 'servers'; from: number; to: number; basis: string; beyondMax: number | null }
  | {
      kind: 'dbTier';
      from: string | null;
      to: string;
      projectedMb: number;
      horizonMonths: number;
      basis: string;
    }
  | { kind: 'stage'; from: number; to: number }
  | { kind: 'server'; to: string };

export interface Recommendation {
  /** The action (src/domain/action-keys.ts), stable across reviews: decisions key on it. */
  key: string;
  severity: Severity;
  /** The indicator of the leading reason (null for none). */
  indicator: IndicatorKey | null;
  /** Playbook action key, `stage-upgrade` or `investigate`. */
  action: string;
  text: string;
  impact: string;
  monthlyCostChange: CostChange | null;
  /** Why the cost is what it is: "uses stage 3's AWS ElastiCache ($25/month, already paid)". */
  costNote?: string;
  /** The leading reason's text (the first of `reasons`). */
  reason?: string;
  /** Every indicator and trigger that calls for this action, most severe first. */
  reasons: RecommendationReason[];
  /** The leading reason's breach count, when hysteresis judged it. */
  breaches?: { counted: number; required: number; ofLast: number };
  sizing?: Sizing;
  /** Other applicable answers from the plan's responses, shown without buttons. */
  alternatives?: string[];
  /**
   * What the advice rests on: `evidence` (this and earlier periods' readings), `forecast` (a
   * crossing ahead, with a decision date), `saving` (capacity the team pays for and does not use).
   */
  basis: RecommendationBasis;
  /** The team's word on it: open, acknowledged, snoozed, or done (the Done button). */
  state?: ActionState;
  /** When to decide: the forecast crossing minus the action's lead time (ISO). */
  decideBy?: string;
  /** The decision date has passed: decide now. */
  overdue?: boolean;
  /** Days from the decision to the change being live. */
  leadDays?: { min: number; max: number };
  /** Immediate relief before a planned move: "Add 2 servers now (2 → 4)". */
  relief?: { text: string; monthlyCostChange: CostChange | null; note: string };
  /** Component changes a stage move includes, each said once under it. */
  includes?: string[];
}

export const RECOMMENDATION_BASES = ['evidence', 'forecast', 'saving'] as const;
export type RecommendationBasis = (typeof RECOMMENDATION_BASES)[number];

export const ACTION_STATES = ['open', 'acknowledged', 'snoozed', 'done'] as const;
export type ActionState = (typeof ACTION_STATES)[number];

/** What the team runs, as the review took it (docs/plan.md, "The estate"). */
export interface EstateFacts {
  stage: {
    number: number;
    source: 'done' | 'configured' | 'carried' | 'volume' | 'storage' | 'default';
    note?: string;
  };
  /** Measures already in place ("critical-indexes"). */
  measures: string[];
  /** What the team pays per month, when it said. */
  monthlyCost: number | null;
}

export interface StageRef {
  number: number;
  name: string;
  conversationsPerMonth: { min: number; max: number | null };
  /** How the stage was determined. */
  basis: 'conversations' | 'dbStorage' | 'default' | 'done' | 'configured' | 'carried';
}

export interface FiredTrigger {
  stage: number;
  key: string;
  text: string;
}

export interface DataQuality {
  missing: IndicatorKey[];
  stale: IndicatorKey[];
  notes: string[];
}

export interface ServerCountRef {
  count: number;
  /** The stage's largest server count (an auto-scaling group's maximum), when the plan says. */
  max: number | null;
  source: 'done' | 'configured' | 'metrics' | 'assumed';
  note: string;
}

export interface DbTierRef {
  name: string;
  storageGb: number;
  ramGb: number;
  vcpu: number;
  monthlyCost: number;
  source: 'done' | 'configured' | 'stage' | 'size';
  note: string;
}

export interface InfrastructureFacts {
  servers: ServerCountRef;
  /** Null when the database is a hosted plan without a `dbSizes` tier (stages 1–2). */
  dbTier: DbTierRef | null;
}

/**
 * What a forecast found (docs/plan.md, "Forecasts"): a dated `rising` trend; `flat` (the
 * Theil–Sen slope under the flat threshold); `falling`; `shift` (a level shift with too few
 * observations after it for a trend); `insufficient` history; a crossing `beyond` the horizon;
 * `over` every level already.
 */
export const FORECAST_STATUSES = [
  'rising',
  'flat',
  'falling',
  'shift',
  'insufficient',
  'beyond',
  'over',
] as const;
/** Read from reviews stored before issue 20 (least squares, "too noisy" under R² 0.5); never produced. */
export const LEGACY_FORECAST_STATUSES = ['noisy'] as const;
export type ForecastStatus =
  | (typeof FORECAST_STATUSES)[number]
  | (typeof LEGACY_FORECAST_STATUSES)[number];

/** Theil–Sen per week for indicators; compound monthly growth (Theil–Sen on the log) for conversations. */
export const FORECAST_METHODS = ['theil-sen', 'compound'] as const;
/** Least squares: reviews stored before issue 20; never produced. */
export const LEGACY_FORECAST_METHODS = ['linear'] as const;
export type ForecastMethod =
  | (typeof FORECAST_METHODS)[number]
  | (typeof LEGACY_FORECAST_METHODS)[number];

export interface ForecastCrossing {
  level: 'threshold' | 'critical' | 'stage' | 'trigger';
  /** The level crossed, in the indicator's unit. */
  value: number;
  /**
   * Expected days from the review's day to the crossing, and the range of the forecast's interval
   * (`Forecast.intervalPercent`): the fast end of the slope gives `earliestDays`, the slow end
   * `latestDays`.
   */
  inDays: number;
  earliestDays: number;
  /** null: no upper bound (the slow end of the interval does not rise; `possiblyNever`). */
  latestDays: number | null;
  /** The slow end of the interval is flat or falling: the level may never be reached. */
  possiblyNever: boolean;
  at: string;
  /** For conversation crossings: the stage entered, or whose trigger fires, and its monthly cost. */
  stage?: { number: number; name: string; totalCost: CostRange; costChange: CostChange | null };
}

/** A step in an indicator's series: two constant segments explain it far better than a line. */
export interface LevelShift {
  /** Start of the first review period at the new level (ISO). */
  periodStart: string;
  /** The new level's mean minus the old level's, in the indicator's unit. */
  step: number;
}

/** When an indicator is expected to cross its levels, from the observations of earlier periods. */
export interface Forecast {
  indicator: IndicatorKey;
  status: ForecastStatus;
  method: ForecastMethod;
  /**
   * Observations the trend used, counting the current one (after a level shift: those since it);
   * and the weeks their review periods cover, first to last inclusive (4 observations in 4
   * consecutive weekly periods: 4). Reviews stored before issue 20: weeks from first to last.
   */
  observations: number;
  spanWeeks: number;
  /** theil-sen: change per week in the indicator's unit; compound: percent per month. */
  rate: number | null;
  /** The two-sided interval of the crossing ranges, percent; null in reviews stored before issue 20. */
  intervalPercent: number | null;
  /** The level shift found in the series, if any. */
  levelShift?: LevelShift;
  crossings: ForecastCrossing[];
  /**
   * One plain line: "Server CPU crosses 75% in about 2 weeks (80% range 1–4 weeks, around 14 Dec):
   * +4 pts a week (Theil–Sen over 4 weeks)".
   */
  text: string;
  /** The first crossing alone, for a headline: "Server CPU crosses 75% in about 2 weeks (around 14 Dec)". */
  summary?: string;
}

/** One review period's panel readings, each against its threshold as today's plan judges it. */
export interface TrendPeriod {
  /** The period's key ("2026-W49") and start (ISO). */
  key: string;
  start: string;
  /** Indicators with a reading and an `over` threshold that period, in review order. */
  readings: TrendReading[];
}

export interface TrendReading {
  indicator: IndicatorKey;
  value: number;
  threshold: number;
}

export interface Review {
  generatedAt: string;
  /** The review period of the observation (src/domain/period.ts). */
  period: { key: string; start: string };
  stage: StageRef;
  triggersFired: FiredTrigger[];
  indicators: Indicator[];
  recommendations: Recommendation[];
  headline: string;
  nextReviewAt: string;
  dataQuality: DataQuality;
  snapshot: MetricsSnapshot;
  /** When the observation the deltas compare with was made (null: none). */
  comparedWith: string | null;
  forecasts: Forecast[];
  infrastructure: InfrastructureFacts;
  /** The estate the review judged (absent on reviews stored before it was kept). */
  estate?: EstateFacts;
  /** Before and after, for the changes marked done in the last `outcome.periods` periods. */
  outcomes?: string[];
  /** Actions this period's evidence cleared: "Cleared: Memory back under 80% for 2 weeks". */
  cleared?: string[];
  /** Reviewed without history: nothing in it is confirmed. */
  oneShot?: boolean;
  /**
   * The panel indicators' readings against their thresholds in the lookback periods and this one,
   * oldest first (the trend chart). Absent on reviews stored before it was kept.
   */
  trend?: TrendPeriod[];
}
