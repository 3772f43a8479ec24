import { formatStorageMb } from '../format.js';
import type { MetricsSnapshot } from '../metrics.js';
import type { DbSize, Plan, Stage } from '../plan/schema.js';
import type { DbTierRef, InfrastructureFacts, ServerCountRef } from '../review-types.js';

const MB_PER_GB = 1024;

/** What the team told us about its setup (scale-review.yml `infrastructure:`). */
export interface InfrastructureInput {
  /** Application servers in service now. */
  servers?: number;
  /** The `dbSizes` tier of the database now ("Medium"). */
  dbTier?: string;
}

export function tierStorageMb(tier: DbSize): number {
  return tier.storageGb * MB_PER_GB;
}

/** The plan's tiers, smallest storage first. */
export function tiersBySize(plan: Plan): DbSize[] {
  return plan.dbSizes.toSorted((a, b) => a.storageGb - b.storageGb);
}

function componentOf(stage: Stage, kind: 'server' | 'database') {
  return stage.components.find((c) => c.kind === kind);
}

function tierRef(tier: DbSize, source: DbTierRef['source'], note: string): DbTierRef {
  return {
    name: tier.name,
    storageGb: tier.storageGb,
    ramGb: tier.ramGb,
    vcpu: tier.vcpu,
    monthlyCost: tier.monthlyCost,
    source,
    note,
  };
}

/**
 * The database's current tier: the configured one; else the stage database component's tier,
 * raised to the smallest tier that holds the measured size (an 88 GB database cannot be on a
 * 20 GB instance). Null when the stage's database is a hosted plan without a tier (stages 1–2),
 * whose limit is the stage's `dbStorageLimitMb`.
 */
export function resolveDbTier(
  plan: Plan,
  stage: Stage,
  dbSizeMb: number | null,
  input: InfrastructureInput,
): DbTierRef | null {
  const tiers = tiersBySize(plan);
  if (input.dbTier !== undefined) {
    const configured = tiers.find((t) => t.name === input.dbTier);
    if (configured) return tierRef(configured, 'configured', 'configured (infrastructure.dbTier)');
  }
  const database = componentOf(stage, 'database');
  const stageTier = tiers.find((t) => t.name === database?.tier);
  if (!database || !stageTier) return null;
  if (dbSizeMb !== null && dbSizeMb > tierStorageMb(stageTier)) {
    const holding = tiers.find((t) => tierStorageMb(t) >= dbSizeMb);
    if (holding) {
      return tierRef(
        holding,
        'size',
        `inferred: ${formatStorageMb(dbSizeMb)} does not fit stage ${stage.number}'s ${database.name} (${stageTier.name}); set infrastructure.dbTier`,
      );
    }
  }
  return tierRef(
    stageTier,
    'stage',
    `inferred from stage ${stage.number}'s ${database.name}; set infrastructure.dbTier`,
  );
}

/** Servers in service: configured, else reported by the metrics source, else the stage's minimum. */
export function resolveServers(
  stage: Stage,
  snapshot: MetricsSnapshot,
  input: InfrastructureInput,
): ServerCountRef {
  const max = componentOf(stage, 'server')?.instances?.max ?? null;
  if (input.servers !== undefined) {
    return { count: input.servers, max, source: 'configured', note: 'configured' };
  }
  if (snapshot.serverCount !== undefined) {
    return { count: snapshot.serverCount, max, source: 'metrics', note: 'from the metrics source' };
  }
  const count = componentOf(stage, 'server')?.instances?.min ?? 1;
  return {
    count,
    max,
    source: 'assumed',
    note: `assumed: stage ${stage.number}'s minimum; set infrastructure.servers`,
  };
}

export function resolveInfrastructure(
  plan: Plan,
  stage: Stage,
  snapshot: MetricsSnapshot,
  dbSizeMb: number | null,
  input: InfrastructureInput,
): InfrastructureFacts {
  return {
    servers: resolveServers(stage, snapshot, input),
    dbTier: resolveDbTier(plan, stage, dbSizeMb, input),
  };
}
