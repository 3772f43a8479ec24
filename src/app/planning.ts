import { type CostTarget, costReport } from '../domain/cost.js';
import { seriesByPeriod } from '../domain/engine/series.js';
import { resolveStage } from '../domain/engine/stage.js';
import { observedMonthlyGrowth } from '../domain/growth.js';
import { project } from '../domain/projection.js';
import type { CostReport, GrowthSource, Projection } from '../domain/projection-types.js';
import type { StoreUnavailableError } from '../store/errors.js';
import type { AppDeps } from './deps.js';
import { teamObservations } from './observe-and-record.js';

export interface PlanningContext {
  /** Stage of the latest observation, else 1. */
  currentStage: number;
  observedGrowthPercent: number | null;
  /** Set when the history could not be read: the answer uses plan defaults and says so. */
  historyProblem: StoreUnavailableError | Error | null;
}

/**
 * What projection and cost take from history: the stage of the latest observation and the
 * compound growth observed over the review's lookback periods (the same estimate the
 * conversations forecast uses). They still answer when the store is down.
 */
export async function planningContext(deps: AppDeps, teamId: string): Promise<PlanningContext> {
  try {
    const now = deps.clock();
    const { current, earlier } = await teamObservations(deps, teamId, now);
    const observations = current ? [current, ...earlier] : earlier;
    const volumes = observations.flatMap((o) => {
      const value = o.snapshot.conversationsPerMonth;
      return value === undefined ? [] : [{ periodStart: o.periodStart, value }];
    });
    const points = seriesByPeriod(volumes, now, deps.plan.review.intervalDays);
    const latest = observations[0]?.snapshot;
    const stage = latest
      ? resolveStage(deps.plan, {
          conversations: latest.conversationsPerMonth ?? null,
          dbSizeMb: latest.dbSizeMb ?? null,
        }).stage.number
      : 1;
    return {
      currentStage: stage,
      observedGrowthPercent: observedMonthlyGrowth(points, deps.plan),
      historyProblem: null,
    };
  } catch (error) {
    deps.logger.warn({ err: error }, 'history unavailable for planning; using plan defaults');
    return {
      currentStage: 1,
      observedGrowthPercent: null,
      historyProblem: error instanceof Error ? error : new Error(String(error)),
    };
  }
}

export interface ProjectInput {
  volume: number;
  growthPercent: number | null;
  months: number | null;
}

/** Growth: the argument, else observed from history, else the plan default; months likewise. */
export function runProjection(
  deps: AppDeps,
  context: PlanningContext,
  input: ProjectInput,
): Projection {
  const { growth } = deps.plan;
  let growthSource: GrowthSource = 'plan';
  let monthlyGrowthPercent = growth.defaultMonthlyPercent;
  if (input.growthPercent !== null) {
    growthSource = 'argument';
    monthlyGrowthPercent = input.growthPercent;
  } else if (context.observedGrowthPercent !== null) {
    growthSource = 'history';
    monthlyGrowthPercent = context.observedGrowthPercent;
  }
  return project(
    {
      volume: input.volume,
      monthlyGrowthPercent,
      months: input.months ?? growth.defaultMonths,
      growthSource,
    },
    deps.plan,
  );
}

export function runCost(
  deps: AppDeps,
  context: PlanningContext,
  input: { target: CostTarget; agents: number | null },
): CostReport {
  return costReport(deps.plan, {
    currentStage: context.currentStage,
    target: input.target,
    ...(input.agents === null ? {} : { agents: input.agents }),
  });
}
