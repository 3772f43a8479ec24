import { type CostChange, saving, times } from '../cost-change.js';
import { formatNumber, formatPercent } from '../format.js';
import type { Plan } from '../plan/schema.js';
import type { ServerCountRef } from '../review-types.js';

/**
 * Servers sized with headroom (docs/plan.md, "Sizing"): enough that the fleet runs at or under
 * `sizing.targetPercent` (65%: queueing delay grows as ρ/(1−ρ), so targets sit well under the
 * alert line), and that losing `sizing.spares` servers (N+1) keeps the rest at or under the `over`
 * threshold. Load spreads evenly over servers: n servers at v% are a load of v·n.
 */
export function serversFor(load: number, plan: Plan, over: number): number {
  const { targetPercent, spares } = plan.sizing;
  const eps = 1e-9;
  const byTarget = Math.ceil(load / targetPercent - eps);
  const bySpares = spares > 0 ? Math.ceil(load / over - eps) + spares : byTarget;
  return Math.max(1, byTarget, bySpares);
}

export interface ServerPlan {
  from: number;
  to: number;
  /** "Server CPU 88% on 5 servers is about 63% on 7 (target 65%), 73% if one fails". */
  basis: string;
  /** The stage's largest server count when `to` goes beyond it. */
  beyondMax: number | null;
  monthlyCostChange: CostChange;
  /** The database connections the new count would hold, when connections are known. */
  connections: ConnectionBudget | null;
}

/** Each server keeps its own pool: more servers, more connections (docs/plan.md). */
export interface ConnectionBudget {
  projected: number;
  /** The connections indicator's `over` line and the pool maximum. */
  over: number;
  max: number;
}

export interface LoadReading {
  label: string;
  /** The fleet average (p90 by default), percent. */
  value: number;
  /** The `over` threshold, percent. */
  over: number;
}

export function plural(n: number, word: string): string {
  return `${formatNumber(n)} ${n === 1 ? word : `${word}s`}`;
}

function basisText(load: LoadReading, from: number, to: number, plan: Plan): string {
  const total = load.value * from;
  const after = formatPercent(Math.round(total / to));
  const lost = to >= 2 ? `, ${formatPercent(Math.round(total / (to - 1)))} if one fails` : '';
  return `${load.label} ${formatPercent(load.value)} on ${plural(from, 'server')} is about ${after} on ${formatNumber(to)} (target ${formatPercent(plan.sizing.targetPercent)})${lost}`;
}

function budget(
  connections: { value: number; over: number; max: number } | null,
  from: number,
  to: number,
): ConnectionBudget | null {
  if (connections === null || from <= 0) return null;
  return {
    projected: (connections.value * to) / from,
    over: connections.over,
    max: connections.max,
  };
}

/**
 * Servers to add for a CPU load over its threshold: at least one more than today, sized with
 * headroom; each added server costs `additionalServerCost`. The connection budget is re-checked.
 */
export function planServersUp(
  plan: Plan,
  servers: ServerCountRef,
  load: LoadReading,
  connections: { value: number; over: number; max: number } | null,
): ServerPlan {
  const from = servers.count;
  const to = Math.max(from + 1, serversFor(load.value * from, plan, load.over));
  return {
    from,
    to,
    basis: basisText(load, from, to, plan),
    beyondMax: servers.max !== null && to > servers.max ? servers.max : null,
    monthlyCostChange: times(to - from, plan.additionalServerCost),
    connections: budget(connections, from, to),
  };
}

/**
 * Servers that could go: the count the busiest week of the span needs (with headroom and N+1),
 * never under the stage's minimum. Null when none can go.
 */
export function planServersDown(
  plan: Plan,
  servers: ServerCountRef,
  busiest: LoadReading,
  stageMin: number,
): ServerPlan | null {
  const from = servers.count;
  const to = Math.max(stageMin, serversFor(busiest.value * from, plan, busiest.over));
  if (to >= from) return null;
  return {
    from,
    to,
    basis: basisText(busiest, from, to, plan),
    beyondMax: null,
    monthlyCostChange: saving(from - to, plan.additionalServerCost),
    connections: null,
  };
}
