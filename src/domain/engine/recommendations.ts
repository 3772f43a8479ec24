import { formatRange, formatVolumeRange } from '../format.js';
import type { IndicatorKey, Plan, PlaybookAction, Stage } from '../plan/schema.js';
import type { Indicator, Recommendation, Review, Severity } from '../review-types.js';
import { type BreachCount, countBreaches, unconfirmedPhrase } from './hysteresis.js';
import { formatIndicatorValue } from './indicator-text.js';
import { rangeDelta } from './ranges.js';
import { nextStage } from './stage.js';
import { REVIEW_INDICATORS } from './thresholds.js';
import type { FiredMetricTrigger } from './triggers.js';

export const STAGE_UPGRADE_ACTION = 'stage-upgrade';
export const INVESTIGATE_ACTION = 'investigate';

export interface RecommendationContext {
  plan: Plan;
  stage: Stage;
  indicators: readonly Indicator[];
  fired: readonly FiredMetricTrigger[];
  /** Newest first; undefined = hysteresis off. */
  history?: readonly Review[];
}

/** The first playbook action, in plan order, that answers `indicator` and applies at `stage`. */
export function playbookActionFor(
  plan: Plan,
  indicator: IndicatorKey,
  stage: number,
): PlaybookAction | null {
  return plan.playbook.find((a) => a.answers.includes(indicator) && a.fromStage <= stage) ?? null;
}

interface Escalation {
  severity: Severity;
  breaches?: BreachCount;
  suffix: string;
}

function escalate(ctx: RecommendationContext, breachedIn: (past: Review) => boolean): Escalation {
  const count = countBreaches(ctx.plan, ctx.history, breachedIn);
  if (count === null) return { severity: 'act', suffix: '' };
  if (count.confirmed) return { severity: 'act', breaches: count, suffix: '' };
  return { severity: 'watch', breaches: count, suffix: ` (${unconfirmedPhrase(count)})` };
}

function withBreaches(rec: Recommendation, esc: Escalation): Recommendation {
  if (!esc.breaches) return rec;
  const { counted, required, ofLast } = esc.breaches;
  return { ...rec, breaches: { counted, required, ofLast } };
}

function stageUpgrade(
  plan: Plan,
  stage: Stage,
): Pick<Recommendation, 'text' | 'impact' | 'monthlyCostChange'> {
  const next = nextStage(plan, stage);
  if (!next) {
    return {
      text: `Stage ${stage.number} (${stage.name}) outgrown: plan capacity beyond the last stage`,
      impact: 'The plan has no larger stage',
      monthlyCostChange: null,
    };
  }
  return {
    text: `Move to stage ${next.number} (${next.name}): ${next.entryAction}`,
    impact: `Stage ${next.number} handles ${formatVolumeRange(next.conversationsPerMonth)} conversations/month and ${formatRange(next.teamSize)} agents`,
    monthlyCostChange: rangeDelta(stage.totalCost, next.totalCost),
  };
}

function reasonFor(indicator: Indicator): string {
  const value =
    indicator.value === null ? 'unknown' : formatIndicatorValue(indicator.unit, indicator.value);
  if (indicator.threshold === null) return `${indicator.label} ${value}`;
  const word = indicator.status === 'over' ? 'is over' : 'is approaching';
  return `${indicator.label} ${value} ${word} ${formatIndicatorValue(indicator.unit, indicator.threshold)}`;
}

function indicatorRecommendation(
  ctx: RecommendationContext,
  indicator: Indicator,
): Recommendation | null {
  const key = indicator.key;
  const esc: Escalation =
    indicator.status === 'over'
      ? escalate(ctx, (past) => past.indicators.some((i) => i.key === key && i.status === 'over'))
      : { severity: 'watch', suffix: '' };
  const action = playbookActionFor(ctx.plan, key, ctx.stage.number);
  const reason = reasonFor(indicator);
  if (action) {
    return withBreaches(
      {
        key: `${key}:${action.key}`,
        severity: esc.severity,
        indicator: key,
        action: action.key,
        text: `${action.title}${esc.suffix}`,
        impact: action.impact,
        monthlyCostChange: action.monthlyCostChange ? { ...action.monthlyCostChange } : null,
        reason,
      },
      esc,
    );
  }
  if (key === 'dbStorage' || key === 'conversations') {
    // A fired stage trigger on this indicator already recommends the stage upgrade.
    if (ctx.fired.some((f) => f.indicator === key)) return null;
    const upgrade = stageUpgrade(ctx.plan, ctx.stage);
    const text = esc.severity === 'watch' ? `Plan ahead: ${upgrade.text}` : upgrade.text;
    return withBreaches(
      {
        key: `${key}:${STAGE_UPGRADE_ACTION}`,
        severity: esc.severity,
        indicator: key,
        action: STAGE_UPGRADE_ACTION,
        ...upgrade,
        text: `${text}${esc.suffix}`,
        reason,
      },
      esc,
    );
  }
  return withBreaches(
    {
      key: `${key}:${INVESTIGATE_ACTION}`,
      severity: esc.severity,
      indicator: key,
      action: INVESTIGATE_ACTION,
      text: `Investigate ${indicator.label}: no playbook action applies at stage ${ctx.stage.number}${esc.suffix}`,
      impact: 'Find the cause before adding capacity',
      monthlyCostChange: null,
      reason,
    },
    esc,
  );
}

function triggerRecommendation(
  ctx: RecommendationContext,
  fired: FiredMetricTrigger,
): Recommendation {
  const esc = escalate(ctx, (past) => past.triggersFired.some((t) => t.key === fired.trigger.key));
  const upgrade = stageUpgrade(ctx.plan, ctx.stage);
  const indicator = ctx.indicators.find((i) => i.key === fired.indicator);
  const value =
    indicator?.value === null || indicator?.value === undefined
      ? ''
      : ` (${formatIndicatorValue(indicator.unit, indicator.value)})`;
  return withBreaches(
    {
      key: `trigger:${fired.trigger.key}`,
      severity: esc.severity,
      indicator: fired.indicator,
      action: STAGE_UPGRADE_ACTION,
      ...upgrade,
      text: `${upgrade.text}${esc.suffix}`,
      reason: `stage ${ctx.stage.number} trigger: ${fired.trigger.text}${value}`,
    },
    esc,
  );
}

function rank(rec: Recommendation): [number, number, number] {
  const severity = rec.severity === 'act' ? 0 : 1;
  const indicator =
    rec.indicator === null ? REVIEW_INDICATORS.length : REVIEW_INDICATORS.indexOf(rec.indicator);
  const kind = rec.key.startsWith('trigger:') ? 0 : 1;
  return [severity, indicator, kind];
}

function compare(a: Recommendation, b: Recommendation): number {
  const [ra, rb] = [rank(a), rank(b)];
  for (let i = 0; i < ra.length; i += 1) {
    const diff = (ra[i] ?? 0) - (rb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * One recommendation per indicator that is `over` (act) or `approaching` (watch), from the
 * playbook; plus one stage-upgrade per fired stage trigger. Ordered act before watch, then by
 * indicator order; for the same indicator a stage trigger comes before the playbook action.
 */
export function buildRecommendations(ctx: RecommendationContext): Recommendation[] {
  const fromIndicators = ctx.indicators
    .filter((i) => i.status === 'over' || i.status === 'approaching')
    .flatMap((i) => {
      const rec = indicatorRecommendation(ctx, i);
      return rec ? [rec] : [];
    });
  const fromTriggers = ctx.fired.map((f) => triggerRecommendation(ctx, f));
  return [...fromTriggers, ...fromIndicators].sort(compare);
}
