import { STAGE_UPGRADE_ACTION, stageUpgradeKey } from '../action-keys.js';
import { addChanges } from '../cost-change.js';
import { formatCostChange, formatMoney, formatNumber, formatStorageMb } from '../format.js';
import type { Stage } from '../plan/schema.js';
import type { AdviceContext } from './advice-context.js';
import { type Advice, moreSevere, SEVERITY_RANK } from './advice-map.js';
import { stageUpgradeDraft } from './drafts.js';
import { tierStorageMb, tiersBySize } from './infrastructure.js';
import { componentOf, serverUpgrade } from './sizing.js';
import { nextStage } from './stage.js';

/** The component actions a stage move includes (it brings its own servers and database). */
const COMPONENT_ACTIONS = new Set(['horizontal-scaling', 'right-size', 'vertical-db-upgrade']);

function stageMoveOf(advice: Map<string, Advice>): Advice | undefined {
  return [...advice.values()].find((a) => a.draft.action === STAGE_UPGRADE_ACTION);
}

/**
 * Critical CPU on a stage whose server count is at its plan's maximum: relief now (more servers),
 * and the planned move to the next stage, as one action (docs/plan.md, "Symptom to action").
 */
function reliefBeyondMax(ctx: AdviceContext, advice: Map<string, Advice>): void {
  const servers = advice.get('horizontal-scaling');
  const sizing = servers?.draft.sizing;
  const next = nextStage(ctx.plan, ctx.stage);
  if (!servers || !next || servers.severity !== 'critical') return;
  if (sizing?.kind !== 'servers' || sizing.beyondMax === null) return;
  const move = stageUpgradeDraft(ctx);
  if (!move) return;
  advice.delete('horizontal-scaling');
  const entry: Advice = advice.get(move.key) ?? {
    draft: move,
    reasons: [],
    severity: servers.severity,
    alternatives: [],
    excess: servers.excess,
    basis: 'evidence',
  };
  entry.reasons.push(...servers.reasons);
  entry.severity = moreSevere(entry.severity, servers.severity);
  const added = sizing.to - sizing.from;
  entry.relief = {
    text: `Add ${formatNumber(added)} ${added === 1 ? 'server' : 'servers'} now (${formatNumber(sizing.from)} → ${formatNumber(sizing.to)})`,
    monthlyCostChange: servers.draft.monthlyCostChange,
    note: `${sizing.basis}; part of the stage ${next.number} total`,
  };
  advice.set(move.key, entry);
}

/** A critical stage move for server load on a single-server stage: a bigger server now. */
function reliefBiggerServer(ctx: AdviceContext, move: Advice): void {
  if (move.severity !== 'critical' || move.relief) return;
  const load = move.reasons.some(
    (r) => (r.indicator === 'cpu' || r.indicator === 'memory') && r.level === 'critical',
  );
  const next = nextStage(ctx.plan, ctx.stage);
  const upgrade = serverUpgrade(ctx.stage, next);
  if (!load || !next || !upgrade) return;
  move.relief = {
    text: `Resize the server now: move to ${upgrade.to} (stage ${next.number}'s server)`,
    monthlyCostChange: upgrade.monthlyCostChange,
    note: `${formatCostChange(upgrade.monthlyCostChange)}, part of the stage ${next.number} total`,
  };
}

function includeLine(target: Stage, absorbed: Advice): string {
  const sizing = absorbed.draft.sizing;
  const server = componentOf(target, 'server');
  if (sizing?.kind === 'servers') {
    return `${formatNumber(sizing.to)} servers in stage ${target.number}'s ${server?.name ?? 'servers'} (${sizing.basis})`;
  }
  if (absorbed.draft.key === 'right-size') return `the server: ${server?.name ?? 'a larger one'}`;
  return absorbed.draft.text;
}

/**
 * The database the move brings, sized for the projection: stage `target`'s own when it holds the
 * projected size under `overRatio`, else the smallest tier that does, priced on top.
 */
function databaseLine(
  ctx: AdviceContext,
  target: Stage,
  move: Advice,
  absorbed: boolean,
): string | null {
  const db = componentOf(target, 'database');
  const current = componentOf(ctx.stage, 'database');
  const storageLed = absorbed || move.reasons.some((r) => r.indicator === 'dbStorage');
  if (!db || (!storageLed && db.name === current?.name)) return null;
  const tiers = tiersBySize(ctx.plan);
  const own = tiers.find((t) => t.name === db.tier);
  const ownMb = own ? tierStorageMb(own) : target.dbStorageLimitMb;
  const projected = ctx.storage?.projectedMb ?? 0;
  const { overRatio } = ctx.plan.storage;
  const size = own ? `${own.name}, ${formatStorageMb(ownMb)}` : formatStorageMb(ownMb);
  if (!storageLed || ownMb * overRatio >= projected) {
    return storageLed ? `the database: ${db.name} (${size})` : null;
  }
  const bigger = tiers.find(
    (t) => tierStorageMb(t) * overRatio >= projected && t.storageGb > (own?.storageGb ?? 0),
  );
  if (!bigger) return null;
  const extra = bigger.monthlyCost - (db.monthlyCost.max ?? db.monthlyCost.min);
  move.draft = {
    ...move.draft,
    monthlyCostChange: move.draft.monthlyCostChange
      ? addChanges(move.draft.monthlyCostChange, { min: extra, max: extra })
      : null,
  };
  return `the database on ${bigger.name} (${formatStorageMb(tierStorageMb(bigger))}) instead of stage ${target.number}'s ${db.name}: ${formatStorageMb(projected)} projected in ${ctx.storage?.horizonMonths ?? 0} months (+${formatMoney(extra)}/month)`;
}

/**
 * One plan, one total (docs/plan.md): a stage move absorbs the component actions it includes
 * (servers, a bigger server, a database tier) when it is at least as urgent, and lists them once;
 * critical load gets relief now, before the migration, priced as part of it.
 */
export function consolidate(ctx: AdviceContext, advice: Map<string, Advice>): void {
  reliefBeyondMax(ctx, advice);
  const move = stageMoveOf(advice);
  if (!move) return;
  const target = ctx.plan.stages.find((s) => stageUpgradeKey(s.number) === move.draft.key);
  if (!target) return;
  const includes: string[] = [];
  let databaseAbsorbed = false;
  for (const [key, entry] of advice) {
    if (!COMPONENT_ACTIONS.has(entry.draft.key) || entry === move) continue;
    if (SEVERITY_RANK[entry.severity] < SEVERITY_RANK[move.severity]) continue;
    // The move's own database (or the larger tier the projection needs) answers a tier upgrade.
    if (entry.draft.key === 'vertical-db-upgrade') databaseAbsorbed = true;
    else includes.push(includeLine(target, entry));
    move.reasons.push(...entry.reasons);
    advice.delete(key);
  }
  const database = databaseLine(ctx, target, move, databaseAbsorbed);
  if (database) includes.unshift(database);
  reliefBiggerServer(ctx, move);
  if (includes.length > 0) move.includes = [...(move.includes ?? []), ...includes];
}
