import { formatMoney, formatMoneyRange, formatNumber, formatPercent } from '../format.js';
import type { Component, DbSize, Plan, Range, Stage } from '../plan/schema.js';
import type { CostChange, DbTierRef, Indicator, ServerCountRef } from '../review-types.js';
import { tierStorageMb, tiersBySize } from './infrastructure.js';

/**
 * What moving from one cost range to another changes, as a clean range: the least it can add is
 * the target's low end minus today's high end, the most is the target's high end minus today's
 * low end. An open-ended range ("$213+") counts at its stated minimum, so a move never reads
 * "+$143+": stage 2 ($70–85) to stage 3 ($213+) is +$128–143/month.
 */
export function rangeChange(from: Range, to: Range): CostChange {
  const fromMax = from.max ?? from.min;
  const toMax = to.max ?? to.min;
  if (from.min === to.min && fromMax === toMax) return { min: 0, max: 0 };
  return { min: to.min - fromMax, max: toMax - from.min };
}

export function stageMoveCost(from: Stage, to: Stage): CostChange {
  return rangeChange(from.totalCost, to.totalCost);
}

/** The stage's component of a kind, if it has one. */
export function componentOf(stage: Stage, kind: Component['kind']): Component | undefined {
  return stage.components.find((c) => c.kind === kind);
}

export interface ServerPlan {
  from: number;
  to: number;
  /** "Server CPU 90% on 2 servers is about 60% on 3". */
  basis: string;
  /** The stage's largest server count when `to` goes beyond it (raise the group's maximum). */
  beyondMax: number | null;
  monthlyCostChange: CostChange;
}

/** The smallest count that brings `value` (spread over `from` servers) under `limit`. */
function serversFor(value: number, limit: number, from: number): number {
  if (limit <= 0 || value <= limit) return from;
  return Math.floor((value * from) / limit) + 1;
}

/**
 * How many servers bring the CPU and memory readings (the window statistic the source chose, a
 * p90 by default) under their `over` thresholds, assuming load spreads evenly: n servers at v% run
 * at about v·n/m% on m servers. At least one more than today. Each added server costs
 * `additionalServerCost`.
 */
export function planServers(
  plan: Plan,
  servers: ServerCountRef,
  indicators: readonly Indicator[],
): ServerPlan {
  const from = servers.count;
  const loads = indicators.filter(
    (i) =>
      (i.key === 'cpu' || i.key === 'memory') &&
      i.value !== null &&
      i.threshold !== null &&
      i.status !== 'unknown',
  );
  let to = from + 1;
  let basis = `one more server than the ${formatNumber(from)} in service`;
  for (const load of loads) {
    const value = load.value ?? 0;
    const limit = load.threshold ?? 0;
    const needed = serversFor(value, limit, from);
    if (needed >= to && value > limit) {
      to = needed;
      const after = (value * from) / needed;
      basis = `${load.label} ${formatPercent(value)} on ${plural(from, 'server')} is about ${formatPercent(Math.round(after))} on ${formatNumber(needed)}`;
    }
  }
  const added = to - from;
  const cost = plan.additionalServerCost;
  return {
    from,
    to,
    basis,
    beyondMax: servers.max !== null && to > servers.max ? servers.max : null,
    monthlyCostChange: { min: added * cost.min, max: cost.max === null ? null : added * cost.max },
  };
}

export function plural(n: number, word: string): string {
  return `${formatNumber(n)} ${n === 1 ? word : `${word}s`}`;
}

/**
 * "Add 1 server (2 → 3)". Beyond the servers the stage plans for: on a stage with a next one, its
 * "multiple servers needed" moment ("more than stage 3's 2, see stage 4"); on the last stage, the
 * auto-scaling group's maximum must be raised.
 */
export function serverText(p: ServerPlan, stage: Stage, hasNext: boolean): string {
  const head = `Add ${plural(p.to - p.from, 'server')} (${formatNumber(p.from)} → ${formatNumber(p.to)})`;
  if (p.beyondMax === null) return head;
  const max = formatNumber(p.beyondMax);
  return hasNext
    ? `${head}: more than stage ${stage.number}'s ${max}, see stage ${stage.number + 1}`
    : `${head}: raise the group's maximum of ${max}`;
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
 * even the largest tier cannot (partition or archive instead).
 */
export function planTier(plan: Plan, from: DbTierRef | null, projectedMb: number): TierPlan | null {
  const larger = tiersBySize(plan).filter((t) => from === null || t.storageGb > from.storageGb);
  const to = larger.find((t) => tierStorageMb(t) * plan.storage.overRatio >= projectedMb);
  if (!to) return null;
  return tierPlan(from, to);
}

/** The next tier up, for more RAM and connections (DB connections critical). */
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

/** The next stage's server, for a single-server stage whose server is too small. */
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
    monthlyCostChange: rangeChange(now.monthlyCost, then.monthlyCost),
    costNote: `${formatMoneyRange(then.monthlyCost)}/month, vs ${now.name} at ${formatMoneyRange(now.monthlyCost)}`,
  };
}
