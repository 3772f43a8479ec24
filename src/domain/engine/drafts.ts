import {
  BEYOND_LARGEST_TIER_ACTION,
  INVESTIGATE_ACTION,
  investigateKey,
  STAGE_UPGRADE_ACTION,
  stageUpgradeKey,
} from '../action-keys.js';
import { type CostChange, costChange, exactly } from '../cost-change.js';
import {
  formatMoney,
  formatMoneyRange,
  formatNumber,
  formatRange,
  formatStorageMb,
  formatVolumeRange,
} from '../format.js';
import type { IndicatorKey, LeadDays, PlaybookAction, Stage } from '../plan/schema.js';
import { STAGE_UPGRADE_RESPONSE } from '../plan/schema.js';
import type { Indicator, Sizing } from '../review-types.js';
import type { AdviceContext } from './advice-context.js';
import type { Call } from './calls.js';
import { formatIndicatorValue } from './indicator-text.js';
import { tierStorageMb, tiersBySize } from './infrastructure.js';
import { planServersUp } from './server-sizing.js';
import { componentOf, nextTier, planTier, serverUpgrade, tierText } from './sizing.js';
import { nextStage } from './stage.js';

/** What kind of move an action is: it leads the headline with its own verb. */
export const ACTION_CATEGORIES = ['capacity', 'optimise', 'investigate', 'saving'] as const;
export type ActionCategory = (typeof ACTION_CATEGORIES)[number];

/** An action as the plan and the numbers make it concrete, before reasons are attached. */
export interface ActionDraft {
  key: string;
  action: string;
  text: string;
  impact: string;
  monthlyCostChange: CostChange | null;
  costNote?: string;
  sizing?: Sizing;
  /** How much the draft asks for: when several reasons draft the same action, the largest wins. */
  weight?: number;
  leadDays: LeadDays;
  category: ActionCategory;
}

function playbook(ctx: AdviceContext, key: string): PlaybookAction | undefined {
  return ctx.plan.playbook.find((a) => a.key === key);
}

function leadOf(ctx: AdviceContext, a: PlaybookAction | undefined): LeadDays {
  return a?.leadDays ?? ctx.plan.leadDays.default;
}

/** What the team pays now: what it told us, else the stage's total. */
export function currentCost(ctx: AdviceContext) {
  return ctx.estate.monthlyCost === null ? ctx.stage.totalCost : exactly(ctx.estate.monthlyCost);
}

/** "Move to stage 3 (Medium Team): Add load balancer", priced against what the team pays. */
export function stageUpgradeDraft(ctx: AdviceContext): ActionDraft | null {
  const next = nextStage(ctx.plan, ctx.stage);
  if (!next) return null;
  const paying =
    ctx.estate.monthlyCost === null
      ? `stage ${ctx.stage.number}'s ${formatMoneyRange(ctx.stage.totalCost)}`
      : `the ${formatMoney(ctx.estate.monthlyCost)} paid now`;
  return {
    key: stageUpgradeKey(next.number),
    action: STAGE_UPGRADE_ACTION,
    text: `Move to stage ${next.number} (${next.name}): ${next.entryAction}`,
    impact: `Stage ${next.number} handles ${formatVolumeRange(next.conversationsPerMonth)} conversations/month and ${formatRange(next.teamSize)} agents, for ${formatMoneyRange(next.totalCost)}/month`,
    monthlyCostChange: costChange(currentCost(ctx), next.totalCost),
    costNote: `${formatMoneyRange(next.totalCost)}/month against ${paying}`,
    sizing: { kind: 'stage', from: ctx.stage.number, to: next.number },
    leadDays: ctx.plan.leadDays.stageMove,
    category: 'capacity',
  };
}

/** The storage a stage's database holds: its tier's, else the stage's hosted limit. */
export function stageDatabaseMb(ctx: AdviceContext, stage: Stage): number {
  const tier = ctx.plan.dbSizes.find((t) => t.name === componentOf(stage, 'database')?.tier);
  return tier ? tierStorageMb(tier) : stage.dbStorageLimitMb;
}

/**
 * A stage move for the database's size applies when the next stage's database, or a tier of the
 * plan, holds the projected size under the storage `overRatio` (else the database is beyond the
 * plan's table).
 */
function storageFitsNextStage(ctx: AdviceContext): boolean {
  const next = nextStage(ctx.plan, ctx.stage);
  if (!next) return false;
  const projected = ctx.storage?.projectedMb;
  if (projected === undefined) return true;
  const { overRatio } = ctx.plan.storage;
  if (stageDatabaseMb(ctx, next) * overRatio >= projected) return true;
  return tiersBySize(ctx.plan).some((t) => tierStorageMb(t) * overRatio >= projected);
}

function fromPlaybook(a: PlaybookAction, ctx: AdviceContext): ActionDraft {
  const used = a.uses === undefined ? undefined : componentOf(ctx.stage, a.uses);
  const base = {
    key: a.key,
    action: a.key,
    text: a.title,
    impact: a.impact,
    leadDays: leadOf(ctx, a),
    category: 'optimise' as const,
  };
  if (used) {
    return {
      ...base,
      monthlyCostChange: { min: 0, max: 0 },
      costNote: `uses stage ${ctx.stage.number}'s ${used.name} (${formatMoneyRange(used.monthlyCost)}/month, already in the stage's cost)`,
    };
  }
  return { ...base, monthlyCostChange: a.monthlyCostChange ? { ...a.monthlyCostChange } : null };
}

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
function horizontalDraft(a: PlaybookAction, ctx: AdviceContext, call: Call): ActionDraft | null {
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

function tierDraft(a: PlaybookAction, ctx: AdviceContext, call: Call): ActionDraft | null {
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
function rightSizeDraft(a: PlaybookAction, ctx: AdviceContext, call: Call): ActionDraft {
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
function beyondDraft(a: PlaybookAction, ctx: AdviceContext): ActionDraft {
  const largest = tiersBySize(ctx.plan).at(-1);
  const limit = largest ? `${largest.name}, ${formatStorageMb(tierStorageMb(largest))}` : 'none';
  const size = ctx.indicators.find((i) => i.key === 'dbStorage')?.value ?? null;
  const projected = ctx.storage
    ? `; ${formatStorageMb(ctx.storage.projectedMb)} projected in ${ctx.storage.horizonMonths} months (${ctx.storage.basis})`
    : '';
  return {
    key: BEYOND_LARGEST_TIER_ACTION,
    action: BEYOND_LARGEST_TIER_ACTION,
    text: `Prepare for a database beyond the largest tier (${limit}): archive conversations older than 6 months, move reads to replicas, a custom instance, or shard`,
    impact: `${size === null ? 'The database' : formatStorageMb(size)} outgrows the plan's largest tier${projected}`,
    monthlyCostChange: null,
    costNote: "not in the plan's table: price a custom instance or the archive",
    leadDays: leadOf(ctx, a),
    category: 'capacity',
  };
}

/** When no playbook action applies, or the symptom must be understood before buying anything. */
export function investigateDraft(ctx: AdviceContext, call: Call): ActionDraft {
  const i = call.indicator;
  const base = {
    key: investigateKey(i.key),
    action: INVESTIGATE_ACTION,
    monthlyCostChange: null,
    leadDays: ctx.plan.leadDays.investigate,
    category: 'investigate' as const,
  };
  const now = i.value === null ? 'unknown' : formatIndicatorValue(i.unit, i.value);
  if (call.unevenLoad && i.average !== undefined) {
    return {
      ...base,
      text: `Uneven load: the busiest instance is at ${now} while the fleet averages ${formatIndicatorValue(i.unit, i.average)}`,
      impact:
        'Look for a stuck process, sticky sessions or uneven routing; adding servers would not relieve it',
    };
  }
  if (i.key === 'errorRate') {
    const urgent = call.reason.level === 'critical';
    return {
      ...base,
      text: urgent
        ? `${now} of requests fail: find the cause before adding capacity`
        : `Error rate at ${now}: find the cause before adding capacity`,
      impact: `${urgent ? 'Roll back the last deploy if it is recent; then check' : 'Check the last deploy, then'} the dependencies (WhatsApp Business API, email provider), then the database (slow queries, connections)`,
    };
  }
  return {
    ...base,
    text: `${i.label} at ${now}: no playbook action applies at stage ${ctx.stage.number}`,
    impact: 'Find the cause before adding capacity',
  };
}

/** Whether a playbook action can answer here: its stage has come, and it is not already in place. */
function applies(ctx: AdviceContext, a: PlaybookAction): boolean {
  return a.fromStage <= ctx.stage.number && !ctx.estate.measures.has(a.key);
}

/**
 * One response of the plan's `responses` table made concrete for this estate and these numbers,
 * or null when it does not apply (a later stage's action, one already in place, no larger tier, no
 * next stage, a database the next stage cannot hold).
 */
export function draftResponse(
  ctx: AdviceContext,
  call: Call,
  response: string,
): ActionDraft | null {
  if (response === STAGE_UPGRADE_RESPONSE) {
    if (call.indicator.key === 'dbStorage' && !storageFitsNextStage(ctx)) return null;
    return stageUpgradeDraft(ctx);
  }
  const a = playbook(ctx, response);
  if (!a || !applies(ctx, a)) return null;
  switch (a.key) {
    case 'horizontal-scaling':
      return horizontalDraft(a, ctx, call);
    case 'vertical-db-upgrade':
      return tierDraft(a, ctx, call);
    case 'right-size':
      return rightSizeDraft(a, ctx, call);
    case BEYOND_LARGEST_TIER_ACTION:
      return beyondDraft(a, ctx);
    default:
      return fromPlaybook(a, ctx);
  }
}

/** The drafts of a call's responses that apply, first the one recommended. */
export function draftsOf(ctx: AdviceContext, call: Call): ActionDraft[] {
  if (call.unevenLoad) return [investigateDraft(ctx, call)];
  const drafts = call.responses.flatMap((r) => {
    const d = draftResponse(ctx, call, r);
    return d ? [d] : [];
  });
  return drafts.length > 0 ? drafts : [investigateDraft(ctx, call)];
}

export type { IndicatorKey };
