/**
 * What one entry of the metric catalog says (the entries are in `catalog.ts`). Pure types and
 * constants: no I/O, no clock.
 */

/** An indicator's units; each has its formatting (engine/indicator-text.ts, blocks/text.ts). */
export const INDICATOR_UNITS = ['%', 'ms', 'MB', 'connections', 'conversations/month'] as const;
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number];

/**
 * Where an indicator's levels come from:
 * - `panel`: the plan's `thresholds` (one per indicator, the seed's monitoring panel);
 * - `stage`: the current stage (its limits and "when to scale" triggers).
 */
export const INDICATOR_KINDS = ['panel', 'stage'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

/**
 * Which way a reading gets worse: `up` (higher is worse: CPU, latency, errors) or `down` (lower
 * is worse, e.g. free capacity). Every indicator today is `up`, and the engine judges only that
 * direction (it refuses a `down` indicator rather than judging it upside down).
 */
export const WORSE_DIRECTIONS = ['up', 'down'] as const;
export type WorseDirection = (typeof WORSE_DIRECTIONS)[number];

/**
 * What an indicator says about the system (docs/plan.md, "Symptom to action"):
 * - `saturation`: a resource filling up (CPU, memory, connections): capacity answers it;
 * - `symptom`: what users feel (latency, errors): investigated first while saturation is healthy;
 * - `volume`: the work itself (conversations): the stage;
 * - `storage`: what is kept (the database size): the database tier.
 */
export const INDICATOR_ROLES = ['saturation', 'symptom', 'volume', 'storage'] as const;
export type IndicatorRole = (typeof INDICATOR_ROLES)[number];

/**
 * Readings a valid value can take but a working system cannot give: they are `unknown` with the
 * reason, never believed (a P95 of a week, 0% memory on a running server). The snapshot schema
 * accepts them: one broken metric must not refuse the others.
 */
export interface Plausible {
  /** Above this the reading cannot be true. */
  max: number | null;
  /** Whether exactly 0 can be true. */
  zero: boolean;
}

/** The readings that cannot be true; such a value is invalid (`unknown`), never `ok`. */
export interface ValueBounds {
  /** The lowest possible reading. */
  min: number;
  /** Whether `min` itself is impossible too (a pool of 0 connections, 0 servers in service). */
  minExcluded: boolean;
  /** The highest possible reading (a percentage: 100), or null when there is none. */
  max: number | null;
  /** Whole numbers only (a count of servers). */
  whole: boolean;
}

/** A share of a whole: 0 to 100. */
export const PERCENT_BOUNDS = { min: 0, minExcluded: false, max: 100, whole: false } as const;
/** A size, a duration, a count: never negative. */
export const NON_NEGATIVE_BOUNDS = { min: 0, minExcluded: false, max: null, whole: false } as const;
/** A capacity: a pool of 0 connections is no pool. */
export const POSITIVE_BOUNDS = { min: 0, minExcluded: true, max: null, whole: false } as const;
/** A whole count of things that exist: at least 1. */
export const POSITIVE_COUNT_BOUNDS = { min: 0, minExcluded: true, max: null, whole: true } as const;

/** One key a metrics snapshot may carry. */
export interface MetricSpec<M extends string = string> {
  key: M;
  /** Its name in lists of metrics: "PostgreSQL (conversations, DB size)". */
  shortLabel: string;
  bounds: ValueBounds;
  /** Valid readings that a working system cannot give. */
  plausible?: Plausible;
}

/** A second reading the value is judged against: DB connections against the pool maximum. */
export interface LimitSpec<M extends string = string> extends MetricSpec<M> {
  /** How the engine names it: "pool maximum unknown". */
  name: string;
}

interface IndicatorSpecBase<K extends string, M extends string, S extends string> {
  key: K;
  /** Its default name on the panel ("Server CPU"); a panel indicator's plan may rename it. */
  label: string;
  unit: IndicatorUnit;
  worse: WorseDirection;
  role: IndicatorRole;
  /** The metric whose reading is the indicator's value. */
  value: MetricSpec<M>;
  /** A supplementary metric shown beside an average: the busiest instance's reading. */
  peak: S | null;
}

/**
 * An indicator judged against the plan's `thresholds`: on its own value, or (with `limit`) as a
 * share of the limit, the thresholds then being percents of it. The trend chart draws each as a
 * share of its threshold.
 */
export type PanelIndicatorSpec<
  K extends string = string,
  M extends string = string,
  S extends string = string,
> = IndicatorSpecBase<K, M, S> & { kind: 'panel'; limit: LimitSpec<M> | null };

/** An indicator judged against the current stage's limits and triggers. */
export type StageIndicatorSpec<
  K extends string = string,
  M extends string = string,
  S extends string = string,
> = IndicatorSpecBase<K, M, S> & { kind: 'stage'; limit: null };

/**
 * Every indicator of the review, in review order, and the supplementary metrics that refine the
 * advice without an indicator of their own. The type parameters are the key unions (panel
 * indicators, stage indicators, indicator metrics, supplementary metrics); the defaults accept
 * any catalog.
 */
export interface CatalogShape<
  P extends string = string,
  T extends string = string,
  M extends string = string,
  S extends string = string,
> {
  indicators: readonly (PanelIndicatorSpec<P, M, S> | StageIndicatorSpec<T, M, S>)[];
  supplementary: readonly MetricSpec<S>[];
}
