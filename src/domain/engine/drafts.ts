import {
  BEYOND_LARGEST_TIER_ACTION,
  INVESTIGATE_ACTION,
  investigateKey,
  STAGE_UPGRADE_ACTION,
  stageUpgradeKey,
} from '../action-keys.js';
import { costChange, exactly } from '../cost-change.js';
import { formatMoney, formatMoneyRange, formatRange, formatVolumeRange } from '../format.js';
import type { IndicatorKey, PlaybookAction, Stage } from '../plan/schema.js';
import { STAGE_UPGRADE_RESPONSE } from '../plan/schema.js';
import type { AdviceContext } from './advice-context.js';
import type { Call } from './calls.js';
import {
  beyondDraft,
  horizontalDraft,
  leadOf,
  rightSizeDraft,
  tierDraft,
} from './capacity-drafts.js';
import type { ActionDraft } from './draft-types.js';
import { formatIndicatorValue } from './indicator-text.js';
import { tierStorageMb, tiersBySize } from './infrastructure.js';
import { componentOf } from './sizing.js';
import { nextStage } from './stage.js';

function playbook(ctx: AdviceContext, key: string): PlaybookAction | undefined {
  return ctx.plan.playbook.find((a) => a.key === key);
}

/** What the team pays now: what it told us, else the stage's total. */
export function currentCost(ctx: AdviceContext) {
  return ctx.estate.monthlyCost === null ? ctx.stage.totalCost : exactly(ctx.estate.monthlyCost);
}

/**
 * The plan's entry action without the stage it names: the text already says "Move to stage N
 * (Name)" ("Upgrade to stage 2: Supabase Pro, …" → "Supabase Pro, …").
 */
function entryWithoutStage(entry: string, stage: number): string {
  const named = new RegExp(
    `^(?:upgrade|move) to stage ${stage}:\\s*|\\s*\\(stage ${stage}\\)$`,
    'gi',
  );
  return entry.replace(named, '');
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
    text: `Move to stage ${next.number} (${next.name}): ${entryWithoutStage(next.entryAction, next.number)}`,
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
