import { SCALE_DOWN_ACTION, STAGE_DOWNGRADE_ACTION, stageDowngradeKey } from '../action-keys.js';
import { costChange } from '../cost-change.js';
import { formatMoneyRange, formatNumber, formatPercent, formatVolumeRange } from '../format.js';
import { periodAt } from '../period.js';
import type { IndicatorKey } from '../plan/schema.js';
import type { Indicator } from '../review-types.js';
import type { AdviceContext } from './advice-context.js';
import { type Advice, addReason, SEVERITY_RANK } from './advice-map.js';
import { currentCost, stageDatabaseMb } from './drafts.js';
import { indicatorIn } from './history.js';
import { planServersDown, plural } from './server-sizing.js';
import { componentOf } from './sizing.js';

/** The indicator's value in each of the last `n` periods (now included); null where unknown. */
function lastPeriods(
  ctx: AdviceContext,
  key: IndicatorKey,
  n: number,
  pick: (i: Indicator) => number | null,
): (number | null)[] | null {
  if (ctx.past === undefined) return null;
  const byIndex = new Map(ctx.past.map((p) => [p.index, p.assessment]));
  const out: (number | null)[] = [];
  for (let index = ctx.periodIndex - n + 1; index < ctx.periodIndex; index += 1) {
    const a = byIndex.get(index);
    const i = a ? indicatorIn(a, key) : undefined;
    out.push(i && i.status !== 'unknown' ? pick(i) : null);
  }
  const now = ctx.indicators.find((i) => i.key === key);
  out.push(now && now.status !== 'unknown' ? pick(now) : null);
  return out;
}

/** No estate change in the last `n` periods: never scale down right after a change. */
function settled(ctx: AdviceContext, n: number): boolean {
  const since = periodAt(ctx.periodIndex - n + 1, ctx.plan.review.intervalDays).start.getTime();
  return ctx.estate.changes.every((c) => c.at.getTime() < since);
}

/** Anything asking for capacity now: no saving is offered beside it. */
function capacityAsked(advice: Map<string, Advice>): boolean {
  return [...advice.values()].some(
    (a) => a.draft.category === 'capacity' && SEVERITY_RANK[a.severity] <= SEVERITY_RANK.plan,
  );
}

function serversDown(ctx: AdviceContext, advice: Map<string, Advice>, n: number): void {
  const cpu = ctx.indicators.find((i) => i.key === 'cpu');
  const values = lastPeriods(ctx, 'cpu', n, (i) => i.average ?? i.value);
  const memory = lastPeriods(ctx, 'memory', n, (i) => (i.status === 'ok' ? 0 : 1));
  if (!cpu || cpu.threshold === null || !values || values.some((v) => v === null)) return;
  if (memory?.some((v) => v === 1)) return;
  const busiest = Math.max(...(values as number[]));
  const stageMin = componentOf(ctx.stage, 'server')?.instances?.min ?? 1;
  const p = planServersDown(
    ctx.plan,
    ctx.estate.servers,
    { label: cpu.label, value: busiest, over: cpu.threshold },
    stageMin,
  );
  if (!p) return;
  const removed = p.from - p.to;
  addReason(
    advice,
    {
      key: SCALE_DOWN_ACTION,
      action: SCALE_DOWN_ACTION,
      text: `Remove ${plural(removed, 'server')} (${formatNumber(p.from)} → ${formatNumber(p.to)})`,
      impact: `${p.basis}; stage ${ctx.stage.number} keeps at least ${plural(stageMin, 'server')}`,
      monthlyCostChange: p.monthlyCostChange,
      costNote: `${formatMoneyRange(ctx.plan.additionalServerCost)} per server; ${ctx.estate.servers.note}`,
      sizing: { kind: 'servers', from: p.from, to: p.to, basis: p.basis, beyondMax: null },
      leadDays: ctx.plan.leadDays.default,
      category: 'saving',
    },
    {
      reason: {
        indicator: 'cpu',
        trigger: null,
        level: 'approaching',
        confirmation: null,
        text: `${cpu.label} at most ${formatPercent(busiest)} for ${n} ${ctx.periodWord}s in a row`,
      },
      severity: 'watch',
      excess: 0,
    },
    'saving',
  );
}

function stageDown(ctx: AdviceContext, advice: Map<string, Advice>, n: number): void {
  const lower = ctx.plan.stages.find((s) => s.number === ctx.stage.number - 1);
  const volumes = lastPeriods(ctx, 'conversations', n, (i) => i.value);
  if (!lower || lower.conversationsPerMonth.max === null || !volumes) return;
  const ceiling = lower.conversationsPerMonth.max * (1 - ctx.plan.scaleDown.margin);
  if (volumes.some((v) => v === null || v > ceiling)) return;
  const storage = ctx.indicators.find((i) => i.key === 'dbStorage')?.value ?? null;
  if (storage === null || storage > stageDatabaseMb(ctx, lower) * ctx.plan.storage.overRatio) {
    return;
  }
  addReason(
    advice,
    {
      key: stageDowngradeKey(lower.number),
      action: STAGE_DOWNGRADE_ACTION,
      text: `Consider stage ${lower.number} (${lower.name}): conversations have stayed in its range for ${n} ${ctx.periodWord}s`,
      impact: `Stage ${lower.number} handles ${formatVolumeRange(lower.conversationsPerMonth)} conversations/month for ${formatMoneyRange(lower.totalCost)}/month`,
      monthlyCostChange: costChange(currentCost(ctx), lower.totalCost),
      costNote: `${formatMoneyRange(lower.totalCost)}/month against stage ${ctx.stage.number}'s ${formatMoneyRange(ctx.stage.totalCost)}`,
      sizing: { kind: 'stage', from: ctx.stage.number, to: lower.number },
      leadDays: ctx.plan.leadDays.stageMove,
      category: 'saving',
    },
    {
      reason: {
        indicator: 'conversations',
        trigger: null,
        level: 'approaching',
        confirmation: null,
        text: `Conversations at most ${formatNumber(Math.max(...(volumes as number[])))}/month for ${n} ${ctx.periodWord}s, under stage ${lower.number}'s ${formatNumber(lower.conversationsPerMonth.max)} with a ${formatPercent(ctx.plan.scaleDown.margin * 100)} margin`,
      },
      severity: 'watch',
      excess: 0,
    },
    'saving',
  );
}

/**
 * Down as well as up (docs/plan.md): capacity paid for and unused for `scaleDown.periods` periods
 * in a row, with no change to the estate in them and nothing asking for capacity now: fewer
 * servers (sized with the same headroom, never under the stage's minimum), or the lower stage.
 */
export function addSavings(ctx: AdviceContext, advice: Map<string, Advice>): void {
  const n = ctx.plan.scaleDown.periods;
  if (ctx.past === undefined || capacityAsked(advice) || !settled(ctx, n)) return;
  serversDown(ctx, advice, n);
  stageDown(ctx, advice, n);
}
