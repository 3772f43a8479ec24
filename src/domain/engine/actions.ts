import { STAGE_UPGRADE_ACTION } from '../action-keys.js';
import type { IndicatorKey, Stage } from '../plan/schema.js';
import { STAGE_UPGRADE_RESPONSE } from '../plan/schema.js';
import type {
  Confirmation,
  Indicator,
  ReasonLevel,
  Recommendation,
  RecommendationReason,
  Severity,
} from '../review-types.js';
import { confirmationPhrase } from './confirmation.js';
import { type ActionDraft, type DraftContext, draftResponse, investigateDraft } from './drafts.js';
import { formatIndicatorValue } from './indicator-text.js';
import { isBreach } from './thresholds.js';
import type { FiredMetricTrigger, MetricTrigger } from './triggers.js';

/** Confirmations by signal: `indicator:<key>` and `trigger:<key>`. */
export type Confirmations = ReadonlyMap<string, Confirmation | null>;

export interface ActionContext extends DraftContext {
  fired: readonly FiredMetricTrigger[];
  confirmations: Confirmations;
  /** "week" for 7-day periods, else "period". */
  periodWord: string;
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, act: 1, watch: 2 };
const LEVEL_RANK: Record<ReasonLevel, number> = { critical: 0, over: 1, approaching: 2 };

function severityOf(reason: RecommendationReason): Severity {
  const state = reason.confirmation?.state;
  if (state === 'critical') return 'critical';
  if (state === 'confirmed' || state === 'held' || state === 'unchecked') return 'act';
  return 'watch';
}

function levelOf(indicator: Indicator, held: boolean): ReasonLevel | null {
  if (indicator.status === 'critical') return 'critical';
  if (indicator.status === 'over' || held) return 'over';
  if (indicator.status === 'approaching') return 'approaching';
  return null;
}

function value(indicator: Indicator, v: number | null): string {
  return v === null ? 'unknown' : formatIndicatorValue(indicator.unit, v);
}

function suffix(ctx: ActionContext, c: Confirmation | null): string {
  if (!c || c.state === 'unchecked' || c.state === 'critical') return '';
  return ` (${confirmationPhrase(c, ctx.periodWord)})`;
}

function indicatorReasonText(
  ctx: ActionContext,
  i: Indicator,
  level: ReasonLevel,
  c: Confirmation | null,
): string {
  const now = `${i.label} ${value(i, i.value)}`;
  if (level === 'critical') return `${now} is over its critical ${value(i, i.critical)}`;
  if (c?.state === 'held') return `${now} is back under ${value(i, i.threshold)}${suffix(ctx, c)}`;
  if (level === 'over') return `${now} is over ${value(i, i.threshold)}${suffix(ctx, c)}`;
  return `${now} is approaching ${value(i, i.threshold)}`;
}

function triggerReasonText(
  ctx: ActionContext,
  stage: Stage,
  t: MetricTrigger,
  i: Indicator | undefined,
  c: Confirmation | null,
): string {
  const reading = i && i.value !== null ? `, now ${value(i, i.value)}` : '';
  return `stage ${stage.number} trigger: ${t.text}${reading}${suffix(ctx, c)}`;
}

interface Call {
  reason: RecommendationReason;
  /** The responses to try, in order. */
  responses: readonly string[];
  indicator: Indicator | undefined;
}

/** Every indicator and stage trigger that calls for an action now, with the responses it calls for. */
function calls(ctx: ActionContext): Call[] {
  const out: Call[] = [];
  const triggered = new Set<IndicatorKey>();
  for (const trigger of ctx.stage.triggers) {
    if (trigger.kind !== 'metric') continue;
    const c = ctx.confirmations.get(`trigger:${trigger.key}`) ?? null;
    const firedNow = ctx.fired.some((f) => f.trigger.key === trigger.key);
    if (!firedNow && c?.state !== 'held') continue;
    const indicator = ctx.indicators.find((i) => i.key === trigger.indicator);
    triggered.add(trigger.indicator);
    const critical = indicator?.status === 'critical';
    out.push({
      reason: {
        indicator: trigger.indicator,
        trigger: trigger.key,
        level: critical ? 'critical' : 'over',
        confirmation: critical && c ? { ...c, state: 'critical' } : c,
        text: triggerReasonText(ctx, ctx.stage, trigger, indicator, c),
      },
      responses: [STAGE_UPGRADE_RESPONSE],
      indicator,
    });
  }
  for (const indicator of ctx.indicators) {
    if (triggered.has(indicator.key) || indicator.status === 'unknown') continue;
    const c = ctx.confirmations.get(`indicator:${indicator.key}`) ?? null;
    const level = levelOf(indicator, c?.state === 'held');
    if (level === null) continue;
    const judged = isBreach(indicator.status) || c?.state === 'held' ? c : null;
    out.push({
      reason: {
        indicator: indicator.key,
        trigger: null,
        level,
        confirmation: judged,
        text: indicatorReasonText(ctx, indicator, level, judged),
      },
      responses: ctx.plan.responses[indicator.key][level],
      indicator,
    });
  }
  return out;
}

interface Merged {
  draft: ActionDraft;
  reasons: RecommendationReason[];
  alternatives: ActionDraft[];
  /** How far over its threshold the leading reason is (value / threshold), for ordering. */
  excess: number;
}

function excessOf(i: Indicator | undefined): number {
  if (!i || i.value === null || i.threshold === null || i.threshold <= 0) return 0;
  return i.value / i.threshold;
}

/** An indicator's place in the review (the catalog's order); no indicator comes last. */
type IndicatorRank = (key: IndicatorKey | null) => number;

function rankIn(indicators: readonly Indicator[]): IndicatorRank {
  const order = indicators.map((i) => i.key);
  return (key) => (key === null ? order.length : order.indexOf(key));
}

function compareReasons(rank: IndicatorRank) {
  return (a: RecommendationReason, b: RecommendationReason): number =>
    SEVERITY_RANK[severityOf(a)] - SEVERITY_RANK[severityOf(b)] ||
    LEVEL_RANK[a.level] - LEVEL_RANK[b.level] ||
    rank(a.indicator) - rank(b.indicator);
}

function toRecommendation(m: Merged, rank: IndicatorRank): Recommendation {
  const reasons = m.reasons.toSorted(compareReasons(rank));
  const [lead] = reasons;
  const severity = lead ? severityOf(lead) : 'watch';
  const planAhead = severity === 'watch' && m.draft.action === STAGE_UPGRADE_ACTION;
  const c = lead?.confirmation;
  const alternatives = m.alternatives.map((a) => a.text);
  return {
    key: m.draft.key,
    severity,
    indicator: lead?.indicator ?? null,
    action: m.draft.action,
    text: planAhead ? `Plan ahead: ${m.draft.text}` : m.draft.text,
    impact: m.draft.impact,
    monthlyCostChange: m.draft.monthlyCostChange,
    ...(m.draft.costNote === undefined ? {} : { costNote: m.draft.costNote }),
    ...(lead ? { reason: lead.text } : {}),
    reasons,
    ...(c && c.state !== 'unchecked' && c.state !== 'critical'
      ? { breaches: { counted: c.counted, required: c.required, ofLast: c.ofLast } }
      : {}),
    ...(m.draft.sizing ? { sizing: m.draft.sizing } : {}),
    ...(alternatives.length > 0 ? { alternatives } : {}),
  };
}

function compareRecommendations(rank: IndicatorRank) {
  return (a: Recommendation & { excess: number }, b: Recommendation & { excess: number }) => {
    const [ra, rb] = [a.reasons[0], b.reasons[0]];
    return (
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (ra && rb ? LEVEL_RANK[ra.level] - LEVEL_RANK[rb.level] : 0) ||
      b.excess - a.excess ||
      rank(a.indicator) - rank(b.indicator)
    );
  };
}

/**
 * One recommendation per action, with every indicator and stage trigger that calls for it
 * (docs/plan.md, "One action, many reasons"). An indicator calls for the first response of the
 * plan's `responses` table that applies at this stage (the others become alternatives); a fired
 * stage trigger calls for the stage move and takes its indicator's reason with it. Ordered by
 * severity (critical, act, watch), then level, then how far over its threshold, then indicator.
 */
export function buildRecommendations(ctx: ActionContext): Recommendation[] {
  const rank = rankIn(ctx.indicators);
  const merged = new Map<string, Merged>();
  for (const call of calls(ctx)) {
    const drafts = call.responses.flatMap((r) => {
      const d = call.indicator ? draftResponse(ctx, r, call.indicator.key) : null;
      return d ? [d] : [];
    });
    const [primary, ...rest] = drafts;
    const draft = primary ?? (call.indicator ? investigateDraft(ctx, call.indicator) : null);
    if (!draft) continue;
    const entry = merged.get(draft.key) ?? { draft, reasons: [], alternatives: [], excess: 0 };
    if ((draft.weight ?? 0) > (entry.draft.weight ?? 0)) entry.draft = draft;
    entry.reasons.push(call.reason);
    entry.excess = Math.max(entry.excess, excessOf(call.indicator));
    // Alternatives are playbook actions shown without buttons; a stage move is never a side note.
    for (const alt of rest) {
      if (alt.action === STAGE_UPGRADE_ACTION) continue;
      if (!entry.alternatives.some((a) => a.key === alt.key)) entry.alternatives.push(alt);
    }
    merged.set(draft.key, entry);
  }
  const chosen = new Set(merged.keys());
  const recs = [...merged.values()].map((m) => ({
    ...toRecommendation(
      { ...m, alternatives: m.alternatives.filter((a) => !chosen.has(a.key)) },
      rank,
    ),
    excess: m.excess,
  }));
  return recs.toSorted(compareRecommendations(rank)).map(({ excess: _excess, ...rec }) => rec);
}
