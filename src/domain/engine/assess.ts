import { METRIC_CATALOG, type MetricCatalog } from '../catalog/catalog.js';
import { keyedBy } from '../catalog/derive.js';
import type { MetricQuality, MetricsSnapshot } from '../metrics.js';
import type { DbSize, Plan, Stage } from '../plan/schema.js';
import type { DbTierRef } from '../review-types.js';
import { type BuiltIndicator, buildIndicators, type Readings } from './indicators.js';
import { metricsToRead, readMetric } from './readings.js';
import { checkSnapshot } from './snapshot-checks.js';
import { type FiredMetricTrigger, fireTriggers } from './triggers.js';

/** One observation judged at the team's stage and database tier. */
export interface Assessment {
  built: BuiltIndicator[];
  fired: FiredMetricTrigger[];
}

/** Where an observation is judged: the estate's stage and database tier. */
export interface JudgedAt {
  stage: Stage;
  dbTier: DbTierRef | null;
}

/**
 * Every metric of a snapshot read and validated (bounds, plausibility, data-quality facts), then
 * the snapshot-level checks (capturedAt, a share over its limit, all-zero load). `at` is when the
 * snapshot was observed. Pure.
 */
export function readSnapshot(
  plan: Plan,
  snapshot: MetricsSnapshot,
  quality: readonly MetricQuality[],
  at: Date,
  catalog: MetricCatalog = METRIC_CATALOG,
): Readings {
  const readings = keyedBy(metricsToRead(catalog), (metric) =>
    readMetric(snapshot, metric, quality),
  );
  return checkSnapshot(readings, snapshot, {
    at,
    intervalDays: plan.review.intervalDays,
    catalog,
  });
}

function tierOf(plan: Plan, tier: DbTierRef | null): DbSize | null {
  if (tier === null) return null;
  return plan.dbSizes.find((t) => t.name === tier.name) ?? null;
}

/**
 * A period's evidence (docs/plan.md, "Open actions are state"): its last readings (a correction
 * later in the week wins), except that a critical reading in any run of the period stands, so no
 * later run, repeat or run without data erases it. `worst` is the period judged on its worst
 * readings.
 */
export function periodEvidence(latest: Assessment, worst: Assessment, stage: Stage): Assessment {
  const built = latest.built.map((b) => {
    const w = worst.built.find((x) => x.indicator.key === b.indicator.key);
    const critical = w?.indicator.status === 'critical' && b.indicator.status !== 'critical';
    return critical && w ? w : b;
  });
  return {
    built,
    fired: fireTriggers(
      stage,
      built.map((b) => b.indicator),
    ),
  };
}

/**
 * The catalog's indicators and the stage's fired triggers of one snapshot's readings, judged at
 * `judgedAt` (the same stage and tier for every period a review reads, so no period is judged
 * against another stage than the one the team runs). Pure.
 */
export function judgeReadings(
  plan: Plan,
  readings: Readings,
  judgedAt: JudgedAt,
  catalog: MetricCatalog = METRIC_CATALOG,
): Assessment {
  const built = buildIndicators(
    { plan, stage: judgedAt.stage, readings, tier: tierOf(plan, judgedAt.dbTier) },
    catalog,
  );
  const fired = fireTriggers(
    judgedAt.stage,
    built.map((b) => b.indicator),
  );
  return { built, fired };
}
