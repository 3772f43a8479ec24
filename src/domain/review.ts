import { METRIC_CATALOG, type MetricCatalog } from './catalog/catalog.js';
import { exactly } from './cost-change.js';
import { buildRecommendations } from './engine/actions.js';
import type { AdviceContext } from './engine/advice-context.js';
import { judgeReadings, periodEvidence, readSnapshot } from './engine/assess.js';
import { buildDataQuality } from './engine/data-quality.js';
import {
  type EstateInput,
  NO_ESTATE,
  type ResolvedEstate,
  resolveEstate,
} from './engine/estate.js';
import { forecastsOf, projectStorage } from './engine/forecasts-of.js';
import { buildHeadline } from './engine/headline.js';
import {
  evidenceStarts,
  indicatorIn,
  type JudgedPeriod,
  judgeEvidence,
  judgePast,
  type PastObservation,
  type Peaks,
  previousOf,
  worstOf,
} from './engine/history.js';
import type { InfrastructureInput } from './engine/infrastructure.js';
import { clearedLines, outcomeLines } from './engine/outcome.js';
import { stageRef } from './engine/stage.js';
import { trendPeriods } from './engine/trend-periods.js';
import type { MetricQuality, MetricsSnapshot } from './metrics.js';
import { periodOf } from './period.js';
import type { Plan } from './plan/schema.js';
import type { ActionState, Indicator, Recommendation, Review, StageRef } from './review-types.js';

export type { EstateInput } from './engine/estate.js';
export type { PastObservation, Peaks } from './engine/history.js';
export type { InfrastructureInput } from './engine/infrastructure.js';

/** The team's latest decision on an action, as the review shows its state. */
export interface DecisionState {
  kind: 'ack' | 'snooze' | 'done';
}

export interface ReviewOptions {
  /** When the snapshot's metrics were observed: the review's time and period. */
  now: Date;
  /** Data-quality facts from the metrics source. */
  quality?: readonly MetricQuality[];
  /**
   * The team's observations of earlier review periods (one per period; any order; the current
   * period's is the snapshot itself), for deltas, hysteresis, trends and forecasts. Undefined: no
   * history was read (nothing is confirmed, no deltas, no forecasts).
   */
  history?: readonly PastObservation[];
  /** The worst readings of this period's earlier runs: this period's evidence with the snapshot. */
  peaks?: Peaks;
  /** Recommendation keys left out of the headline (snoozed). They stay in `recommendations`. */
  snoozedKeys?: readonly string[];
  /** The latest decision per recommendation key: each recommendation's state. */
  decisions?: ReadonlyMap<string, DecisionState>;
  /** `infrastructure:` as it was before the estate (servers, dbTier): merged into the estate's. */
  infrastructure?: InfrastructureInput;
  /** What the team runs: the config, the changes marked done, the stage carried from before. */
  estate?: Partial<EstateInput>;
  /** The indicators to review (default: the metric catalog; a test may add one). */
  catalog?: MetricCatalog;
}

const MS_PER_DAY = 86_400_000;

/** Thrown when `now` is not a valid Date. */
export class InvalidReviewClockError extends RangeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidReviewClockError';
  }
}

/** Rounds away binary noise (72 - 68.1 = 3.9000000000000057) without hiding real precision. */
function cleanDelta(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function withDelta(indicator: Indicator, previous: JudgedPeriod | null): Indicator {
  const before = previous ? indicatorIn(previous.assessment, indicator.key)?.value : null;
  if (indicator.value === null || before === null || before === undefined) return indicator;
  return { ...indicator, delta: cleanDelta(indicator.value - before) };
}

/** The stage of the latest earlier period that kept one: the stage the team was at. */
function carriedStage(history: readonly PastObservation[] | undefined, currentStart: Date) {
  const earlier = (history ?? [])
    .filter((o) => o.stage !== undefined && o.periodStart.getTime() < currentStart.getTime())
    .toSorted((a, b) => b.periodStart.getTime() - a.periodStart.getTime());
  return earlier[0]?.stage ?? null;
}

function estateInput(options: ReviewOptions, carried: number | null): EstateInput {
  const given = options.estate ?? {};
  return {
    configured: { ...(options.infrastructure ?? {}), ...(given.configured ?? {}) },
    changes: given.changes ?? NO_ESTATE.changes,
    carriedStage: given.carriedStage ?? carried,
  };
}

const STAGE_BASIS: Record<ResolvedEstate['stage']['source'], StageRef['basis']> = {
  done: 'done',
  configured: 'configured',
  carried: 'carried',
  volume: 'conversations',
  storage: 'dbStorage',
  default: 'default',
};

const STATE_OF: Record<DecisionState['kind'], ActionState> = {
  ack: 'acknowledged',
  snooze: 'snoozed',
  done: 'done',
};

function withState(
  rec: Recommendation,
  decisions: ReadonlyMap<string, DecisionState> | undefined,
): Recommendation {
  const kind = decisions?.get(rec.key)?.kind;
  // Done, and confirmed again since (evidence restarts at the change): open once more.
  const reopened = kind === 'done' && (rec.severity === 'act' || rec.severity === 'critical');
  return { ...rec, state: kind === undefined || reopened ? 'open' : STATE_OF[kind] };
}

/** Servers the metrics source reports in service (a whole number, at least 1), else null. */
function serverCountOf(snapshot: MetricsSnapshot): number | null {
  const n = snapshot.serverCount;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : null;
}

/** Estate notes the team should see: an assumed stage, a database tier inferred from its size. */
function estateNotes(estate: ResolvedEstate): string[] {
  const notes = estate.stage.note ? [estate.stage.note] : [];
  if (estate.dbTier?.source === 'size') notes.push(`Database tier ${estate.dbTier.note}`);
  return notes;
}

/**
 * The scaling review of one observation against a plan, the team's earlier observations and what
 * it runs. Pure: no I/O, no clock. See docs/plan.md for the rules (the estate, statuses, severity
 * and hysteresis, open actions, symptom to action, sizing, forecasts and decision dates, one plan
 * and one total, down as well as up, the headline).
 */
export function review(snapshot: MetricsSnapshot, plan: Plan, options: ReviewOptions): Review {
  const nowMs = options.now.getTime();
  if (!Number.isFinite(nowMs))
    throw new InvalidReviewClockError('review: options.now is an invalid Date');
  const now = new Date(nowMs);
  const catalog = options.catalog ?? METRIC_CATALOG;
  const interval = plan.review.intervalDays;
  const period = periodOf(now, interval);
  const quality = options.quality ?? [];
  const readings = readSnapshot(plan, snapshot, quality, now, catalog);
  const estate = resolveEstate(
    plan,
    estateInput(options, carriedStage(options.history, period.start)),
    {
      conversations: readings.conversationsPerMonth.value,
      dbSizeMb: readings.dbSizeMb.value,
      serverCount: serverCountOf(snapshot),
    },
  );
  const judgedAt = { stage: estate.stage.stage, dbTier: estate.dbTier };
  const current = judgeReadings(plan, readings, judgedAt, catalog);
  // A change this period: its earlier runs were on the old estate, so only this run is evidence.
  const changedNow = estate.changes.some((c) => periodOf(c.at, interval).index === period.index);
  const evidence =
    options.peaks === undefined || changedNow
      ? current
      : periodEvidence(
          current,
          judgeReadings(
            plan,
            readSnapshot(plan, worstOf(snapshot, options.peaks), quality, now, catalog),
            judgedAt,
            catalog,
          ),
          judgedAt.stage,
        );
  const past =
    options.history === undefined
      ? undefined
      : judgePast(plan, period, options.history, judgedAt, catalog);
  const previous = past ? previousOf(past) : null;
  const indicators = current.built.map((b) => withDelta(b.indicator, previous));
  const stage = estate.stage.stage;
  const startOf = evidenceStarts(plan, period, stage, estate.changes, past ?? []);
  const { forecasts, growth } = past
    ? forecastsOf(plan, indicators, past, {
        stage,
        period,
        now,
        startOf,
        ...(estate.monthlyCost === null ? {} : { paying: exactly(estate.monthlyCost) }),
      })
    : { forecasts: [], growth: null };
  const nextReviewAt = new Date(nowMs + interval * MS_PER_DAY);
  const ctx: AdviceContext = {
    plan,
    stage,
    estate,
    indicators,
    evidenceIndicators: evidence.built.map((b) => b.indicator),
    evidence: judgeEvidence({
      plan,
      period,
      stage,
      current: evidence,
      past,
      startOf,
    }),
    fired: evidence.fired,
    storage: projectStorage(plan, indicators, forecasts, growth),
    forecasts,
    periodWord: interval === 7 ? 'week' : 'period',
    oneShot: past === undefined,
    now,
    nextReviewAt,
    catalog,
    past,
    periodIndex: period.index,
  };
  const categorised = buildRecommendations(ctx);
  const recommendations = categorised.map(({ category: _category, ...rec }) =>
    withState(rec, options.decisions),
  );
  const outcomes = outcomeLines(ctx);
  const cleared = clearedLines(ctx);
  return {
    generatedAt: now.toISOString(),
    period: { key: period.key, start: period.start.toISOString() },
    stage: stageRef(stage, STAGE_BASIS[estate.stage.source]),
    triggersFired: evidence.fired.map((f) => f.fired),
    indicators,
    recommendations,
    headline: buildHeadline({
      plan,
      indicators,
      recommendations: categorised,
      forecasts,
      ...(options.snoozedKeys ? { snoozedKeys: options.snoozedKeys } : {}),
    }),
    nextReviewAt: nextReviewAt.toISOString(),
    dataQuality: buildDataQuality({ built: current.built, stage, notes: estateNotes(estate) }),
    snapshot: { ...snapshot },
    comparedWith: previous ? previous.at.toISOString() : null,
    forecasts,
    infrastructure: { servers: estate.servers, dbTier: estate.dbTier },
    estate: {
      stage: {
        number: stage.number,
        source: estate.stage.source,
        ...(estate.stage.note ? { note: estate.stage.note } : {}),
      },
      measures: [...estate.measures].toSorted(),
      monthlyCost: estate.monthlyCost,
    },
    ...(outcomes.length > 0 ? { outcomes } : {}),
    ...(cleared.length > 0 ? { cleared } : {}),
    ...(past === undefined ? { oneShot: true } : {}),
    trend: trendPeriods(catalog, past ?? [], { period, indicators }),
  };
}
