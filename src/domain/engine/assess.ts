import { METRIC_CATALOG, type MetricCatalog } from '../catalog/catalog.js';
import { keyedBy } from '../catalog/derive.js';
import type { MetricQuality, MetricsSnapshot } from '../metrics.js';
import type { DbSize, Plan, Stage } from '../plan/schema.js';
import type { InfrastructureFacts, StageRef } from '../review-types.js';
import { type BuiltIndicator, buildIndicators, type Readings } from './indicators.js';
import { type InfrastructureInput, resolveInfrastructure } from './infrastructure.js';
import { metricsToRead, readMetric } from './readings.js';
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

function readAll(
  snapshot: MetricsSnapshot,
  quality: readonly MetricQuality[],
  catalog: MetricCatalog,
): Readings {
  return keyedBy(metricsToRead(catalog), (metric) => readMetric(snapshot, metric, quality));
}

function tierOf(plan: Plan, facts: InfrastructureFacts): DbSize | null {
  const name = facts.dbTier?.name;
  return name === undefined ? null : (plan.dbSizes.find((t) => t.name === name) ?? null);
}

/**
 * Stage, infrastructure, indicators (without deltas) and fired triggers of one snapshot. Pure; the
 * same function judges the current observation and the earlier ones that hysteresis and forecasts
 * read, so every period is judged by today's plan. The indicators are the catalog's.
 */
export function assess(
  plan: Plan,
  snapshot: MetricsSnapshot,
  quality: readonly MetricQuality[],
  input: InfrastructureInput,
  catalog: MetricCatalog = METRIC_CATALOG,
): Assessment {
  const readings = readAll(snapshot, quality, catalog);
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
  const built = buildIndicators(
    { plan, stage: resolved.stage, readings, tier: tierOf(plan, infrastructure) },
    catalog,
  );
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
