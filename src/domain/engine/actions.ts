import { STAGE_UPGRADE_ACTION } from '../action-keys.js';
import type { IndicatorKey } from '../plan/schema.js';
import type { Recommendation, RecommendationReason } from '../review-types.js';
import type { AdviceContext } from './advice-context.js';
import {
  type Advice,
  addReason,
  BASIS_RANK,
  LEVEL_RANK,
  moreSevere,
  SEVERITY_RANK,
} from './advice-map.js';
import { buildCalls, type Call } from './calls.js';
import { consolidate } from './consolidate.js';
import type { ActionCategory } from './draft-types.js';
import { draftsOf } from './drafts.js';
import { addForecastPlans } from './plans.js';
import { addSavings } from './scale-down.js';

function excessOf(call: Call): number {
  const i = call.indicator;
  if (i.value === null || i.threshold === null || i.threshold <= 0) return 0;
  return i.value / i.threshold;
}

/** A symptom joining a saturated resource: its reason goes to that resource's action. */
function join(advice: Map<string, Advice>, call: Call, key: IndicatorKey): boolean {
  for (const entry of advice.values()) {
    if (!entry.reasons.some((r) => r.indicator === key)) continue;
    entry.reasons.push(call.reason);
    entry.severity = moreSevere(entry.severity, call.severity);
    return true;
  }
  return false;
}

function fromCalls(ctx: AdviceContext): Map<string, Advice> {
  const advice = new Map<string, Advice>();
  const calls = buildCalls(ctx);
  const joining = calls.filter((c) => c.joins !== null);
  for (const call of calls.filter((c) => c.joins === null)) {
    const [primary, ...rest] = draftsOf(ctx, call);
    if (!primary) continue;
    const entry = addReason(advice, primary, { ...call, excess: excessOf(call) }, 'evidence');
    // Alternatives are shown without buttons; a stage move is never a side note.
    for (const alt of rest) {
      if (alt.action === STAGE_UPGRADE_ACTION) continue;
      if (!entry.alternatives.some((a) => a.key === alt.key)) entry.alternatives.push(alt);
    }
  }
  for (const call of joining) {
    if (call.joins !== null && join(advice, call, call.joins)) continue;
    const [primary] = draftsOf(ctx, call);
    if (primary) addReason(advice, primary, { ...call, excess: excessOf(call) }, 'evidence');
  }
  return advice;
}

function compareReasons(a: RecommendationReason, b: RecommendationReason): number {
  return LEVEL_RANK[a.level] - LEVEL_RANK[b.level];
}

function compareAdvice(order: readonly IndicatorKey[]) {
  const rank = (key: IndicatorKey | null | undefined) =>
    key === null || key === undefined ? order.length : order.indexOf(key);
  return (a: Advice, b: Advice): number =>
    BASIS_RANK[a.basis === 'saving' ? 'saving' : 'evidence'] -
      BASIS_RANK[b.basis === 'saving' ? 'saving' : 'evidence'] ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    LEVEL_RANK[a.reasons[0]?.level ?? 'approaching'] -
      LEVEL_RANK[b.reasons[0]?.level ?? 'approaching'] ||
    b.excess - a.excess ||
    rank(a.reasons[0]?.indicator) - rank(b.reasons[0]?.indicator);
}

function toRecommendation(entry: Advice, chosen: ReadonlySet<string>): Recommendation {
  const reasons = entry.reasons.toSorted(compareReasons);
  const [lead] = reasons;
  const { draft } = entry;
  const c = lead?.confirmation;
  const alternatives = entry.alternatives.filter((a) => !chosen.has(a.key)).map((a) => a.text);
  return {
    key: draft.key,
    severity: entry.severity,
    indicator: lead?.indicator ?? null,
    action: draft.action,
    text: draft.text,
    impact: draft.impact,
    monthlyCostChange: draft.monthlyCostChange,
    ...(draft.costNote === undefined ? {} : { costNote: draft.costNote }),
    ...(lead ? { reason: lead.text } : {}),
    reasons,
    ...(c && (c.state === 'confirmed' || c.state === 'unconfirmed' || c.state === 'held')
      ? { breaches: { counted: c.counted, required: c.required, ofLast: c.ofLast } }
      : {}),
    ...(draft.sizing ? { sizing: draft.sizing } : {}),
    ...(alternatives.length > 0 ? { alternatives } : {}),
    basis: entry.basis,
    ...(entry.decideBy ? { decideBy: entry.decideBy.toISOString() } : {}),
    ...(entry.overdue ? { overdue: true } : {}),
    leadDays: { ...draft.leadDays },
    ...(entry.relief ? { relief: entry.relief } : {}),
    ...(entry.includes && entry.includes.length > 0 ? { includes: entry.includes } : {}),
  };
}

/** The category of each recommendation, for the headline's verb. */
export type CategorisedRecommendation = Recommendation & { category: ActionCategory };

/**
 * One recommendation per action, with every indicator and stage trigger that calls for it
 * (docs/plan.md, "One action, many reasons"), a stage move absorbing the components it includes,
 * the forecasts' decisions due, and the capacity paid for and unused. Ordered by severity, then
 * level, then how far over its threshold, then indicator; savings last.
 */
export function buildRecommendations(ctx: AdviceContext): CategorisedRecommendation[] {
  const advice = fromCalls(ctx);
  consolidate(ctx, advice);
  addForecastPlans(ctx, advice);
  addSavings(ctx, advice);
  const chosen = new Set(advice.keys());
  const order = ctx.catalog.indicators.map((spec) => spec.key);
  return [...advice.values()]
    .toSorted(compareAdvice(order))
    .map((entry) => ({ ...toRecommendation(entry, chosen), category: entry.draft.category }));
}
