import type { MetricsSnapshot } from './metrics.js';
import type { IndicatorKey } from './plan/schema.js';

export const INDICATOR_STATUSES = ['ok', 'approaching', 'over', 'unknown'] as const;
export type IndicatorStatus = (typeof INDICATOR_STATUSES)[number];

export const INDICATOR_UNITS = ['%', 'ms', 'MB', 'connections', 'conversations/month'] as const;
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number];

export interface Indicator {
  key: IndicatorKey;
  label: string;
  /** The measured value, or null when missing or invalid (status `unknown`). */
  value: number | null;
  unit: IndicatorUnit;
  /** The `over` threshold in the indicator's unit (DB connections: a connection count). */
  threshold: number | null;
  approachingAt: number | null;
  status: IndicatorStatus;
  /** Change against the previous review (same unit; percentage points for percentages). */
  delta: number | null;
  /** One line in the seed's panel style: "Server CPU: 72% (consider scaling at >75%)". */
  text: string;
  /** Why the value is unknown, or a remark such as "no traffic". */
  note?: string;
}

export const SEVERITIES = ['watch', 'act'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface CostChange {
  min: number;
  max: number | null;
}

export interface Recommendation {
  /** Stable across reviews, so decisions (ack/snooze) can refer to it: `<indicator|trigger>:<action>`. */
  key: string;
  severity: Severity;
  indicator: IndicatorKey | null;
  /** Playbook action key, or `stage-upgrade`. */
  action: string;
  text: string;
  impact: string;
  monthlyCostChange: CostChange | null;
  /** Why it is recommended: "Server CPU 82% is over 75%", "stage 2 trigger: CPU >70% consistently (72%)". */
  reason?: string;
  /** Present when hysteresis held an `over` back to `watch` (or confirmed it): breaches counted, including now. */
  breaches?: { counted: number; required: number; ofLast: number };
}

export interface StageRef {
  number: number;
  name: string;
  conversationsPerMonth: { min: number; max: number | null };
  /** How the stage was determined. */
  basis: 'conversations' | 'dbStorage' | 'default';
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

export interface Review {
  generatedAt: string;
  stage: StageRef;
  triggersFired: FiredTrigger[];
  indicators: Indicator[];
  recommendations: Recommendation[];
  headline: string;
  nextReviewAt: string;
  dataQuality: DataQuality;
  snapshot: MetricsSnapshot;
}
