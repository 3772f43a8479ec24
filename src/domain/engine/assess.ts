import type { MetricKey, MetricQuality, MetricsSnapshot } from '../metrics.js';
import type { DbSize, Plan, Stage } from '../plan/schema.js';
import type { InfrastructureFacts, StageRef } from '../review-types.js';
import { type BuiltIndicator, buildIndicators, type Readings } from './indicators.js';
import { type InfrastructureInput, resolveInfrastructure } from './infrastructure.js';
import { readMetric } from './readings.js';
import { resolveStage } from './stage.js';
import { type FiredMetricTrigger, fireTriggers } from './triggers.js';

/** One observation judged against the plan: what is true of that period on its own. */
export interface Assessment {
  stage: Stage;
  basis: StageRef['basis'];
  stageNote?: string;
  infrastructure: InfrastructureFacts;
  built: BuiltIndicator[];
  fired: FiredMetricTrigger[];
}

function readAll(snapshot: MetricsSnapshot, quality: readonly MetricQuality[]): Readings {
  const read = (key: MetricKey) => readMetric(snapshot, key, quality);
  return {
    cpuPercent: read('cpuPercent'),
    memoryPercent: read('memoryPercent'),
    dbConnections: read('dbConnections'),
    dbMaxConnections: read('dbMaxConnections'),
    responseTimeP95Ms: read('responseTimeP95Ms'),
    errorRatePercent: read('errorRatePercent'),
    dbSizeMb: read('dbSizeMb'),
    conversationsPerMonth: read('conversationsPerMonth'),
  };
}

function tierOf(plan: Plan, facts: InfrastructureFacts): DbSize | null {
  const name = facts.dbTier?.name;
  return name === undefined ? null : (plan.dbSizes.find((t) => t.name === name) ?? null);
}

function usablePercent(value: number | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100
    ? value
    : null;
}

/**
 * Stage, infrastructure, indicators (without deltas) and fired triggers of one snapshot. Pure; the
 * same function judges the current observation and the earlier ones that hysteresis and forecasts
 * read, so every period is judged by today's plan.
 */
export function assess(
  plan: Plan,
  snapshot: MetricsSnapshot,
  quality: readonly MetricQuality[],
  input: InfrastructureInput,
): Assessment {
  const readings = readAll(snapshot, quality);
  const resolved = resolveStage(plan, {
    conversations: readings.conversationsPerMonth.value,
    dbSizeMb: readings.dbSizeMb.value,
  });
  const infrastructure = resolveInfrastructure(
    plan,
    resolved.stage,
    snapshot,
    readings.dbSizeMb.value,
    input,
  );
  const built = buildIndicators({
    plan,
    stage: resolved.stage,
    readings,
    tier: tierOf(plan, infrastructure),
    cpuMaxPercent: usablePercent(snapshot.cpuMaxPercent),
  });
  const fired = fireTriggers(
    resolved.stage,
    built.map((b) => b.indicator),
  );
  return {
    stage: resolved.stage,
    basis: resolved.basis,
    ...(resolved.note === undefined ? {} : { stageNote: resolved.note }),
    infrastructure,
    built,
    fired,
  };
}
