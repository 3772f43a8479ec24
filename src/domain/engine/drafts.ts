import {
  INVESTIGATE_ACTION,
  investigateKey,
  STAGE_UPGRADE_ACTION,
  stageUpgradeKey,
} from '../action-keys.js';
import { formatMoneyRange, formatRange, formatStorageMb, formatVolumeRange } from '../format.js';
import type { IndicatorKey, Plan, PlaybookAction, Stage } from '../plan/schema.js';
import { STAGE_UPGRADE_RESPONSE } from '../plan/schema.js';
import type { CostChange, Indicator, InfrastructureFacts, Sizing } from '../review-types.js';
import {
  componentOf,
  nextTier,
  planServers,
  planTier,
  serverText,
  serverUpgrade,
  stageMoveCost,
  tierText,
} from './sizing.js';
import { nextStage } from './stage.js';

/** An action as the plan and the numbers make it concrete, before reasons are attached. */
export interface ActionDraft {
  key: string;
  action: string;
  text: string;
  impact: string;
  monthlyCostChange: CostChange | null;
  costNote?: string;
  sizing?: Sizing;
  /**
   * How much the draft asks for (a tier's storage, a server count). When several reasons draft the
   * same action, the largest ask wins: an upgrade that answers storage must also hold the storage.
   */
  weight?: number;
}

/** Where DB storage is headed by the planning horizon, and on what basis. */
export interface StorageProjection {
  projectedMb: number;
  horizonMonths: number;
  /** "at +2.1 GB a week over the last 4 weeks", "at the plan's default 20%/month growth". */
  basis: string;
}

export interface DraftContext {
  plan: Plan;
  stage: Stage;
  indicators: readonly Indicator[];
  infrastructure: InfrastructureFacts;
  storage: StorageProjection | null;
}

function playbook(plan: Plan, key: string): PlaybookAction | undefined {
  return plan.playbook.find((a) => a.key === key);
}

function stageUpgradeDraft(ctx: DraftContext): ActionDraft | null {
  const next = nextStage(ctx.plan, ctx.stage);
  if (!next) return null;
  return {
    key: stageUpgradeKey(next.number),
    action: STAGE_UPGRADE_ACTION,
    text: `Move to stage ${next.number} (${next.name}): ${next.entryAction}`,
    impact: `Stage ${next.number} handles ${formatVolumeRange(next.conversationsPerMonth)} conversations/month and ${formatRange(next.teamSize)} agents, for ${formatMoneyRange(next.totalCost)}/month`,
    monthlyCostChange: stageMoveCost(ctx.stage, next),
    sizing: { kind: 'stage', from: ctx.stage.number, to: next.number },
  };
}

function fromPlaybook(a: PlaybookAction, ctx: DraftContext): ActionDraft {
  const used = a.uses === undefined ? undefined : componentOf(ctx.stage, a.uses);
  if (used) {
    return {
      key: a.key,
      action: a.key,
      text: a.title,
      impact: a.impact,
      monthlyCostChange: { min: 0, max: 0 },
      costNote: `uses stage ${ctx.stage.number}'s ${used.name} (${formatMoneyRange(used.monthlyCost)}/month, already in the stage's cost)`,
    };
  }
  return {
    key: a.key,
    action: a.key,
    text: a.title,
    impact: a.impact,
    monthlyCostChange: a.monthlyCostChange ? { ...a.monthlyCostChange } : null,
  };
}

function horizontalDraft(a: PlaybookAction, ctx: DraftContext): ActionDraft {
  const p = planServers(ctx.plan, ctx.infrastructure.servers, ctx.indicators);
  return {
    key: a.key,
    action: a.key,
    text: serverText(p, ctx.stage, nextStage(ctx.plan, ctx.stage) !== null),
    impact: `${p.basis}; ${a.impact.toLowerCase()}`,
    monthlyCostChange: p.monthlyCostChange,
    costNote: `${formatMoneyRange(ctx.plan.additionalServerCost)} per additional server; ${ctx.infrastructure.servers.note}`,
    sizing: { kind: 'servers', from: p.from, to: p.to, basis: p.basis, beyondMax: p.beyondMax },
    weight: p.to,
  };
}

function tierDraft(
  a: PlaybookAction,
  ctx: DraftContext,
  indicator: IndicatorKey,
): ActionDraft | null {
  const from = ctx.infrastructure.dbTier;
  if (from === null) return null;
  const storage = indicator === 'dbStorage' ? ctx.storage : null;
  const plan = storage ? planTier(ctx.plan, from, storage.projectedMb) : nextTier(ctx.plan, from);
  if (!plan) return null;
  const impact = storage
    ? `Holds the ${formatStorageMb(storage.projectedMb)} projected in ${storage.horizonMonths} months (${storage.basis}) under ${Math.round(ctx.plan.storage.overRatio * 100)}% of ${plan.to.storageGb} GB`
    : `${a.impact}: ${plan.to.ramGb} GB RAM instead of ${from.ramGb} GB, for more connections`;
  return {
    key: a.key,
    action: a.key,
    text: tierText(plan.to),
    impact,
    monthlyCostChange: plan.monthlyCostChange,
    costNote: `${plan.costNote}; current tier ${from.note}`,
    sizing: {
      kind: 'dbTier',
      from: from.name,
      to: plan.to.name,
      projectedMb: storage?.projectedMb ?? 0,
      horizonMonths: storage?.horizonMonths ?? 0,
      basis: storage?.basis ?? 'next tier up',
    },
    weight: plan.to.storageGb,
  };
}

/**
 * Right-sizing on a single-server stage (no load balancer for horizontal scaling yet) means the
 * next stage's server; with a load balancer it stays the playbook's monthly review.
 */
function rightSizeDraft(a: PlaybookAction, ctx: DraftContext): ActionDraft {
  const horizontal = playbook(ctx.plan, 'horizontal-scaling');
  if (horizontal && horizontal.fromStage <= ctx.stage.number) return fromPlaybook(a, ctx);
  const upgrade = serverUpgrade(ctx.stage, nextStage(ctx.plan, ctx.stage));
  if (!upgrade) return fromPlaybook(a, ctx);
  return {
    key: a.key,
    action: a.key,
    text: upgrade.text,
    impact: a.impact,
    monthlyCostChange: upgrade.monthlyCostChange,
    costNote: upgrade.costNote,
    sizing: { kind: 'server', to: upgrade.to },
  };
}

const SIZED: Readonly<Record<string, true>> = {
  'horizontal-scaling': true,
  'vertical-db-upgrade': true,
  'right-size': true,
};

/**
 * One response of the plan's `responses` table made concrete for this stage and these numbers,
 * or null when it does not apply here (a later stage's action, no larger tier, no next stage).
 */
export function draftResponse(
  ctx: DraftContext,
  response: string,
  indicator: IndicatorKey,
): ActionDraft | null {
  if (response === STAGE_UPGRADE_RESPONSE) return stageUpgradeDraft(ctx);
  const a = playbook(ctx.plan, response);
  if (!a || a.fromStage > ctx.stage.number) return null;
  if (!SIZED[a.key]) return fromPlaybook(a, ctx);
  if (a.key === 'horizontal-scaling') return horizontalDraft(a, ctx);
  if (a.key === 'vertical-db-upgrade') return tierDraft(a, ctx, indicator);
  return rightSizeDraft(a, ctx);
}

/** When no response applies: find the cause before adding capacity. */
export function investigateDraft(ctx: DraftContext, indicator: Indicator): ActionDraft {
  return {
    key: investigateKey(indicator.key),
    action: INVESTIGATE_ACTION,
    text: `Investigate ${indicator.label}: no playbook action applies at stage ${ctx.stage.number}`,
    impact: 'Find the cause before adding capacity',
    monthlyCostChange: null,
  };
}
