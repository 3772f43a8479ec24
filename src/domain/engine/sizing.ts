import { type CostChange, costChange } from '../cost-change.js';
import { formatMoney, formatMoneyRange, formatNumber } from '../format.js';
import type { Component, DbSize, Plan, Stage } from '../plan/schema.js';
import type { DbTierRef } from '../review-types.js';
import { tierStorageMb, tiersBySize } from './infrastructure.js';

/** The stage's component of a kind, if it has one. */
export function componentOf(stage: Stage, kind: Component['kind']): Component | undefined {
  return stage.components.find((c) => c.kind === kind);
}

export interface TierPlan {
  from: DbTierRef | null;
  to: DbSize;
  monthlyCostChange: CostChange;
  costNote: string;
}

/**
 * The smallest `dbSizes` tier larger than today's that keeps `projectedMb` under the storage
 * `overRatio` (the upgraded database should not need the next upgrade by the horizon); null when
 * even the largest tier cannot (the database is beyond the plan's table).
 */
export function planTier(plan: Plan, from: DbTierRef | null, projectedMb: number): TierPlan | null {
  const larger = tiersBySize(plan).filter((t) => from === null || t.storageGb > from.storageGb);
  const to = larger.find((t) => tierStorageMb(t) * plan.storage.overRatio >= projectedMb);
  if (!to) return null;
  return tierPlan(from, to);
}

/** The next tier up, for more RAM and connections. */
export function nextTier(plan: Plan, from: DbTierRef | null): TierPlan | null {
  if (from === null) return null;
  const to = tiersBySize(plan).find((t) => t.storageGb > from.storageGb);
  return to ? tierPlan(from, to) : null;
}

function tierPlan(from: DbTierRef | null, to: DbSize): TierPlan {
  const change = from === null ? to.monthlyCost : to.monthlyCost - from.monthlyCost;
  const versus = from === null ? '' : `, vs ${from.name} at ${formatMoney(from.monthlyCost)}`;
  return {
    from,
    to,
    monthlyCostChange: { min: change, max: change },
    costNote: `${formatMoney(to.monthlyCost)}/month${versus}`,
  };
}

/** "Upgrade the database to Large (500 GB, 16 GB RAM, 4 vCPU)". */
export function tierText(to: DbSize): string {
  const storage =
    to.storageGb >= 1024
      ? `${formatNumber(to.storageGb / 1024, 1)} TB`
      : `${formatNumber(to.storageGb)} GB`;
  return `Upgrade the database to ${to.name} (${storage}, ${formatNumber(to.ramGb)} GB RAM, ${formatNumber(to.vcpu)} vCPU)`;
}

/** The next stage's server, for a server that is too small. */
export function serverUpgrade(
  current: Stage,
  next: Stage | null,
): { text: string; to: string; monthlyCostChange: CostChange; costNote: string } | null {
  const now = componentOf(current, 'server');
  const then = next ? componentOf(next, 'server') : undefined;
  if (!now || !then || !next) return null;
  return {
    text: `Right-size the server: move to ${then.name} (stage ${next.number}'s server)`,
    to: then.name,
    monthlyCostChange: costChange(now.monthlyCost, then.monthlyCost),
    costNote: `${formatMoneyRange(then.monthlyCost)}/month, vs ${now.name} at ${formatMoneyRange(now.monthlyCost)}`,
  };
}
