import type { MetricCatalog } from '../catalog/catalog.js';
import type { IndicatorRole } from '../catalog/shape.js';
import type { IndicatorKey, Plan, Stage } from '../plan/schema.js';
import type { Forecast, Indicator } from '../review-types.js';
import type { ResolvedEstate } from './estate.js';
import type { JudgedPeriod, SignalEvidence } from './history.js';
import type { FiredMetricTrigger } from './triggers.js';

/** Where DB storage is headed by the planning horizon, and on what basis. */
export interface StorageProjection {
  projectedMb: number;
  horizonMonths: number;
  /** "at +2.1 GB a week over the last 4 weeks", "at the plan's default 20%/month growth". */
  basis: string;
}

/** Everything the advice is made from, for one review. Pure data. */
export interface AdviceContext {
  plan: Plan;
  /** The stage the team runs (the estate's), never re-derived from one week's volume. */
  stage: Stage;
  estate: ResolvedEstate;
  /** This period's indicators (the last readings), with deltas. */
  indicators: readonly Indicator[];
  /** This period's indicators on its worst readings (its evidence); the same without peaks. */
  evidenceIndicators: readonly Indicator[];
  /** How each signal stands over its evidence window (`indicator:<key>`, `trigger:<key>`). */
  evidence: ReadonlyMap<string, SignalEvidence>;
  /** The current stage's triggers this period's evidence fires. */
  fired: readonly FiredMetricTrigger[];
  storage: StorageProjection | null;
  forecasts: readonly Forecast[];
  /** "week" for 7-day periods, else "period". */
  periodWord: string;
  /** No history was read: nothing is confirmed. */
  oneShot: boolean;
  now: Date;
  nextReviewAt: Date;
  catalog: MetricCatalog;
  /** The earlier periods judged (undefined: one-shot), and the current period's index. */
  past: readonly JudgedPeriod[] | undefined;
  periodIndex: number;
}

export function indicatorOf(ctx: AdviceContext, key: IndicatorKey | null): Indicator | undefined {
  return key === null ? undefined : ctx.indicators.find((i) => i.key === key);
}

/** What an indicator says about the system (the catalog's `role`). */
export function roleOf(ctx: AdviceContext, key: IndicatorKey): IndicatorRole | null {
  return ctx.catalog.indicators.find((spec) => spec.key === key)?.role ?? null;
}
