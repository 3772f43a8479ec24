import { BEYOND_LARGEST_TIER_ACTION } from '../action-keys.js';
import {
  formatMoney,
  formatMoneyRange,
  formatNumber,
  formatStorageMb,
  formatUtcDayMonth,
} from '../format.js';
import type { LeadDays, PlaybookAction } from '../plan/schema.js';
import type { Indicator } from '../review-types.js';
import type { AdviceContext } from './advice-context.js';
import type { Call } from './calls.js';
import type { ActionDraft } from './draft-types.js';
import { tierStorageMb, tiersBySize } from './infrastructure.js';
import { planServersUp } from './server-sizing.js';
import { componentOf, nextTier, planTier, serverUpgrade, tierText } from './sizing.js';
import { nextStage } from './stage.js';

/**
 * The drafts that size capacity from the estate and the numbers (docs/plan.md, "Sizing"): servers
 * with headroom, a database tier priced against what the database costs now, a bigger server, and
 * the database past the plan's largest tier.
 */

export function leadOf(ctx: AdviceContext, a: PlaybookAction | undefined): LeadDays {
  return a?.leadDays ?? ctx.plan.leadDays.default;
}

/** The CPU indicator a server plan sizes on: the call's own, else the review's. */
function cpuOf(ctx: AdviceContext, call: Call): Indicator | undefined {
  if (call.indicator.key === 'cpu') return call.indicator;
  return ctx.indicators.find((i) => i.key === 'cpu');
}

/** The connections now, the `over` line and the pool maximum it is a share of. */
function connectionsNow(ctx: AdviceContext) {
  const i = ctx.indicators.find((x) => x.key === 'dbConnections');
  if (!i || i.value === null || i.threshold === null) return null;
  const max = i.threshold / (ctx.plan.thresholds.dbConnections.over / 100);
  return { value: i.value, over: i.threshold, max };
}

/** "Add 2 servers (5 → 7)", sized with headroom on the fleet's CPU, the connections re-checked. */
export function horizontalDraft(
  a: PlaybookAction,
  ctx: AdviceContext,
  call: Call,
): ActionDraft | null {
  const cpu = cpuOf(ctx, call);
  const load = cpu?.average ?? cpu?.value ?? null;
  if (!cpu || load === null || cpu.threshold === null) return null;
  const p = planServersUp(
    ctx.plan,
    ctx.estate.servers,
    { label: cpu.label, value: load, over: cpu.threshold },
    connectionsNow(ctx),
  );
  const next = nextStage(ctx.plan, ctx.stage);
  const head = `Add ${formatNumber(p.to - p.from)} ${p.to - p.from === 1 ? 'server' : 'servers'} (${formatNumber(p.from)} → ${formatNumber(p.to)})`;
  const text =
    p.beyondMax === null
      ? head
      : next
        ? `${head}: more than stage ${ctx.stage.number}'s ${formatNumber(p.beyondMax)}, see stage ${next.number}`
        : `${head}: raise the group's maximum of ${formatNumber(p.beyondMax)}`;
  const budget =
    p.connections !== null && p.connections.projected > p.connections.over
      ? `; the database would hold about ${formatNumber(p.connections.projected)} of ${formatNumber(p.connections.max)} connections (each server opens its own pool): pool connections first`
      : '';
  return {
    key: a.key,
    action: a.key,
    text,
    impact: `${p.basis}; ${a.impact.toLowerCase()}${budget}`,
    monthlyCostChange: p.monthlyCostChange,
    costNote: `${formatMoneyRange(ctx.plan.additionalServerCost)} per additional server; ${ctx.estate.servers.note}`,
    sizing: { kind: 'servers', from: p.from, to: p.to, basis: p.basis, beyondMax: p.beyondMax },
    weight: p.to,
    leadDays: leadOf(ctx, a),
    category: 'capacity',
  };
}

/** What the current database costs: the stage's own component when it is the one, else its tier. */
function databaseCostNow(ctx: AdviceContext): number | null {
  const tier = ctx.estate.dbTier;
  if (tier === null) return null;
  const component = componentOf(ctx.stage, 'database');
  if (tier.source === 'stage' && component?.tier === tier.name)
    return component.monthlyCost.max ?? component.monthlyCost.min;
  return tier.monthlyCost;
}

export function tierDraft(a: PlaybookAction, ctx: AdviceContext, call: Call): ActionDraft | null {
  const from = ctx.estate.dbTier;
  if (from === null) return null;
  const storage = call.indicator.key === 'dbStorage' ? ctx.storage : null;
  const plan = storage ? planTier(ctx.plan, from, storage.projectedMb) : nextTier(ctx.plan, from);
  if (!plan) return null;
  const now = databaseCostNow(ctx) ?? from.monthlyCost;
  const change = plan.to.monthlyCost - now;
  const impact = storage
    ? `Holds the ${formatStorageMb(storage.projectedMb)} projected in ${storage.horizonMonths} months (${storage.basis}) under ${Math.round(ctx.plan.storage.overRatio * 100)}% of ${plan.to.storageGb} GB`
    : `${a.impact}: ${plan.to.ramGb} GB RAM instead of ${from.ramGb} GB, for more connections and a larger cache`;
  return {
    key: a.key,
    action: a.key,
    text: tierText(plan.to),
    impact,
    monthlyCostChange: { min: change, max: change },
    costNote: `${formatMoney(plan.to.monthlyCost)}/month against ${formatMoney(now)} now; current tier ${from.note}`,
    sizing: {
      kind: 'dbTier',
      from: from.name,
      to: plan.to.name,
      projectedMb: storage?.projectedMb ?? 0,
      horizonMonths: storage?.horizonMonths ?? 0,
      basis: storage?.basis ?? 'next tier up',
    },
    weight: plan.to.storageGb,
    leadDays: leadOf(ctx, a),
    category: 'capacity',
  };
}

/** "t3.large" out of "Auto-scaling group, 2-5× t3.large"; the name itself when it has none. */
function instanceName(name: string): string {
  return /\b[a-z]\d[a-z]?\.[a-z0-9]+\b/.exec(name)?.[0] ?? name;
}

/**
 * A bigger server: on a single-server stage the next stage's server; with several servers, larger
 * instances (memory per server does not divide by their count): the next stage's size, or beyond
 * the plan's table on the last stage.
 */
export function rightSizeDraft(a: PlaybookAction, ctx: AdviceContext, call: Call): ActionDraft {
  const next = nextStage(ctx.plan, ctx.stage);
  const single = (componentOf(ctx.stage, 'server')?.instances?.max ?? 1) <= 1;
  const upgrade = serverUpgrade(ctx.stage, next);
  const why = call.indicator.key === 'memory' ? 'more memory per server' : 'more CPU per server';
  const base = {
    key: a.key,
    action: a.key,
    leadDays: leadOf(ctx, a),
    category: 'capacity' as const,
  };
  if (single && upgrade) {
    return {
      ...base,
      text: upgrade.text,
      impact: `${why}; ${a.impact.toLowerCase()}`,
      monthlyCostChange: upgrade.monthlyCostChange,
      costNote: upgrade.costNote,
      sizing: { kind: 'server', to: upgrade.to },
    };
  }
  const size = ctx.estate.serverSize ? instanceName(ctx.estate.serverSize) : 'the current size';
  if (next && upgrade) {
    const to = instanceName(upgrade.to);
    return {
      ...base,
      text: `Move the servers to larger instances: ${to} (stage ${next.number}'s size, from ${size})`,
      impact: `${why}: memory does not spread over more servers`,
      monthlyCostChange: null,
      costNote: `the plan prices ${to} only inside stage ${next.number} (${formatMoneyRange(componentOf(next, 'server')?.monthlyCost ?? { min: 0, max: null })}/month for the group)`,
      sizing: { kind: 'server', to },
    };
  }
  return {
    ...base,
    text: `Move the servers to a larger instance than ${size} (beyond the plan's table)`,
    impact: `${why}: memory does not spread over more servers`,
    monthlyCostChange: null,
    costNote: "not in the plan's table: price the instance",
  };
}

/** The database past the largest tier: what to do instead of a bigger instance. */
export function beyondDraft(a: PlaybookAction, ctx: AdviceContext): ActionDraft {
  const largest = tiersBySize(ctx.plan).at(-1);
  const limit = largest ? `${largest.name}, ${formatStorageMb(tierStorageMb(largest))}` : 'none';
  const size = ctx.indicators.find((i) => i.key === 'dbStorage')?.value ?? null;
  const projected = ctx.storage
    ? `; ${formatStorageMb(ctx.storage.projectedMb)} projected in ${ctx.storage.horizonMonths} months (${ctx.storage.basis})`
    : '';
  const ceiling = largest ? ceilingText(ctx, tierStorageMb(largest), largest.name) : '';
  return {
    key: BEYOND_LARGEST_TIER_ACTION,
    action: BEYOND_LARGEST_TIER_ACTION,
    text: `Prepare for a database beyond the largest tier (${limit}): archive conversations older than 6 months, move reads to replicas, a custom instance, or shard`,
    impact: `${size === null ? 'The database' : formatStorageMb(size)} outgrows the plan's largest tier${projected}${ceiling}`,
    monthlyCostChange: null,
    costNote: "not in the plan's table: price a custom instance or the archive",
    leadDays: leadOf(ctx, a),
    category: 'capacity',
  };
}

/** "; at +50 GB a week, XLarge's 1 TB is full in about 6 weeks (around 12 Jan)": the ceiling's date. */
function ceilingText(ctx: AdviceContext, limitMb: number, name: string): string {
  const trend = ctx.forecasts.find((f) => f.indicator === 'dbStorage');
  const size = ctx.indicators.find((i) => i.key === 'dbStorage')?.value ?? null;
  if (!trend || trend.rate === null || trend.rate <= 0 || size === null || size >= limitMb)
    return '';
  const weeks = (limitMb - size) / trend.rate;
  const at = new Date(ctx.now.getTime() + weeks * 7 * 86_400_000);
  const rounded = Math.max(1, Math.round(weeks));
  return `; at ${formatStorageMb(trend.rate)} a week, ${name}'s ${formatStorageMb(limitMb)} is full in about ${rounded} ${rounded === 1 ? 'week' : 'weeks'} (around ${formatUtcDayMonth(at)})`;
}
