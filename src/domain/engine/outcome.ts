import { INDICATOR_KEYS } from '../catalog/derive.js';
import { formatUtcDayMonth } from '../format.js';
import type { IndicatorKey } from '../plan/schema.js';
import type { Indicator } from '../review-types.js';
import type { AdviceContext } from './advice-context.js';
import { formatIndicatorValue } from './indicator-text.js';

const DAY_MS = 86_400_000;

function afterText(i: Indicator, before: number): string {
  const then = formatIndicatorValue(i.unit, before);
  if (i.value === null) return `${i.label} ${then} → unknown`;
  const now = formatIndicatorValue(i.unit, i.value);
  const still =
    (i.status === 'over' || i.status === 'critical') && i.threshold !== null
      ? `, still over ${formatIndicatorValue(i.unit, i.threshold)}`
      : '';
  return `${i.label} ${then} → ${now}${still}`;
}

/**
 * The outcome check (docs/plan.md): for `outcome.periods` periods after an action is marked done,
 * before and after for the indicators it targeted: "Done 9 Nov: Add 2 servers (2 → 4) — Server CPU
 * 82% → 51%". Before is the review the Done was clicked on.
 */
export function outcomeLines(ctx: AdviceContext): string[] {
  const since =
    ctx.now.getTime() - ctx.plan.outcome.periods * ctx.plan.review.intervalDays * DAY_MS;
  return ctx.estate.changes
    .filter((c) => c.at.getTime() >= since && c.at.getTime() <= ctx.now.getTime())
    .map((change) => {
      const targets: readonly IndicatorKey[] =
        change.set.stage !== undefined ? INDICATOR_KEYS : change.targets;
      const parts = targets.flatMap((key) => {
        const before = change.before[key];
        const now = ctx.indicators.find((i) => i.key === key);
        return before === undefined || !now ? [] : [afterText(now, before)];
      });
      const head = `Done ${formatUtcDayMonth(change.at)}: ${change.text}`;
      return parts.length === 0 ? head : `${head} — ${parts.join('; ')}`;
    });
}

/** "Cleared: Memory back under 80% for 2 weeks" for each action this period's evidence cleared. */
export function clearedLines(ctx: AdviceContext): string[] {
  const cleared = [...ctx.evidence.entries()].filter(([, ev]) => ev.judgement.clearedNow);
  // A trigger and its indicator clearing together are one action cleared: said once, by the trigger.
  const byTrigger = new Set(
    cleared.flatMap(([signal]) => {
      const [kind, key] = signal.split(':');
      if (kind !== 'trigger') return [];
      const trigger = ctx.stage.triggers.find((t) => t.key === key);
      return trigger?.kind === 'metric' ? [`indicator:${trigger.indicator}`] : [];
    }),
  );
  return cleared.flatMap(([signal]) => (byTrigger.has(signal) ? [] : [clearedText(ctx, signal)]));
}

function clearedText(ctx: AdviceContext, signal: string): string {
  const [kind, key] = signal.split(':');
  const n = ctx.plan.hysteresis.breaches;
  const periods = `${n} ${n === 1 ? ctx.periodWord : `${ctx.periodWord}s`}`;
  if (kind === 'trigger') {
    const trigger = ctx.stage.triggers.find((t) => t.key === key);
    return `Cleared: ${trigger?.text ?? key} no longer holds (${periods} clear)`;
  }
  const i = ctx.indicators.find((x) => x.key === key);
  const threshold =
    i && i.threshold !== null ? formatIndicatorValue(i.unit, i.threshold) : 'its threshold';
  return `Cleared: ${i?.label ?? key} back under ${threshold} for ${periods}`;
}
