import type { IndicatorKey, Stage } from '../plan/schema.js';
import { STAGE_UPGRADE_RESPONSE } from '../plan/schema.js';
import type {
  Confirmation,
  Indicator,
  ReasonLevel,
  RecommendationReason,
  Severity,
} from '../review-types.js';
import { type AdviceContext, roleOf } from './advice-context.js';
import { confirmationPhrase } from './confirmation.js';
import type { LastReading } from './history.js';
import { formatIndicatorValue } from './indicator-text.js';
import type { MetricTrigger } from './triggers.js';

/**
 * The busiest instance more than this many times the fleet average, while the average is healthy,
 * is uneven load (a stuck process, sticky sessions), not a fleet too small: investigate it.
 */
export const UNEVEN_RATIO = 1.25;

/** One indicator or stage trigger that calls for an action, before the action is drafted. */
export interface Call {
  reason: RecommendationReason;
  severity: Severity;
  /** The indicator as the action is sized on: the last known reading when it is unknown now. */
  indicator: Indicator;
  /** The plan's responses to try, in order (a playbook key or `stage-upgrade`). */
  responses: readonly string[];
  /** A symptom (latency, errors) joining the capacity action of this saturated resource. */
  joins: IndicatorKey | null;
  /** The busiest instance is over while the fleet average is fine: investigate, not servers. */
  unevenLoad: boolean;
}

/** The severity of a judged breach (docs/plan.md, "Severity and hysteresis"). */
export function severityOf(c: Confirmation | null, last: LastReading | null): Severity {
  switch (c?.state) {
    case 'critical':
      return 'critical';
    case 'confirmed':
    case 'held':
      return 'act';
    case 'unknown':
      return last?.status === 'critical' ? 'critical' : 'act';
    default:
      return 'watch';
  }
}

function value(i: Indicator, v: number | null): string {
  return v === null ? 'unknown' : formatIndicatorValue(i.unit, v);
}

/** "week 48" from "2026-W48"; other period keys as they are. */
export function periodLabel(periodKey: string): string {
  const week = /^\d{4}-W(\d{2})$/.exec(periodKey);
  return week ? `week ${Number(week[1])}` : periodKey;
}

function lastStatusWord(i: Indicator, last: LastReading): string {
  switch (last.status) {
    case 'critical':
      return 'critical';
    case 'over':
      return `over ${value(i, i.threshold)}`;
    case 'approaching':
      return `approaching ${value(i, i.threshold)}`;
    default:
      return `back under ${value(i, i.threshold)}`;
  }
}

/** "Memory unknown this week; last reading 96% (critical, week 48): action still open; restore the metric". */
function unknownText(ctx: AdviceContext, i: Indicator, c: Confirmation, last: LastReading | null) {
  const head = `${i.label} unknown this ${ctx.periodWord}`;
  const then = last
    ? `; last reading ${value(i, last.value)} (${lastStatusWord(i, last)}, ${periodLabel(last.periodKey)})`
    : '';
  const tail =
    c.state === 'unknown'
      ? ': action still open; restore the metric'
      : ': a first breach, not confirmed; restore the metric';
  return `${head}${then}${tail}`;
}

function suffix(ctx: AdviceContext, c: Confirmation | null): string {
  if (!c || c.state === 'critical') return '';
  return ` (${confirmationPhrase(c, ctx.periodWord)})`;
}

function indicatorReasonText(
  ctx: AdviceContext,
  i: Indicator,
  level: ReasonLevel,
  c: Confirmation | null,
  last: LastReading | null,
  note = '',
): string {
  if (c && (c.state === 'unknown' || c.state === 'lapsed')) return unknownText(ctx, i, c, last);
  const now = `${i.label} ${value(i, i.value)}${note}`;
  if (level === 'critical') return `${now} is over its critical ${value(i, i.critical)}`;
  if (c?.state === 'held') return `${now} is back under ${value(i, i.threshold)}${suffix(ctx, c)}`;
  if (level === 'over') return `${now} is over ${value(i, i.threshold)}${suffix(ctx, c)}`;
  return `${now} is approaching ${value(i, i.threshold)}`;
}

/** The level an indicator calls at: its status now, or its last known one when unknown now. */
function levelOf(
  i: Indicator,
  c: Confirmation | null,
  last: LastReading | null,
): ReasonLevel | null {
  const status = c && (c.state === 'unknown' || c.state === 'lapsed') ? last?.status : i.status;
  if (status === 'critical') return 'critical';
  if (status === 'over' || c?.state === 'held' || c?.state === 'unknown') return 'over';
  if (status === 'approaching') return 'approaching';
  return null;
}

/** The indicator as it is sized on: now, or its last known reading when unknown now. */
function sizedOn(i: Indicator, last: LastReading | null): Indicator {
  if (i.value !== null || last === null) return i;
  return { ...i, value: last.value, status: last.status };
}

function triggerCall(ctx: AdviceContext, trigger: MetricTrigger): Call | null {
  const ev = ctx.evidence.get(`trigger:${trigger.key}`);
  const c = ev?.judgement.confirmation ?? null;
  // Without history a trigger is not confirmed (a watch, "not confirmed: no history"): a
  // "consistently" trigger never fires on one reading, and says the same move the weekly way does.
  if (c === null) return null;
  const shown = ctx.indicators.find((i) => i.key === trigger.indicator);
  if (!shown) return null;
  const { judged: indicator, note } = judgedOn(ctx, shown);
  const last = ev?.last ?? null;
  const critical = c.state === 'critical' || (c.state === 'unknown' && last?.status === 'critical');
  const unknownNow = c.state === 'unknown' || c.state === 'lapsed';
  const reading = unknownNow
    ? unknownText(ctx, indicator, c, last)
    : `stage ${ctx.stage.number} trigger: ${trigger.text}, ${note === '' ? 'now ' : ''}${value(indicator, indicator.value)}${note}${suffix(ctx, c)}`;
  return {
    reason: {
      indicator: trigger.indicator,
      trigger: trigger.key,
      level: critical ? 'critical' : 'over',
      confirmation: c,
      text: reading,
    },
    severity: severityOf(c, last),
    indicator: sizedOn(indicator, last),
    responses: [STAGE_UPGRADE_RESPONSE],
    joins: null,
    unevenLoad: false,
  };
}

const STATUS_RANK: Record<Indicator['status'], number> = {
  unknown: 0,
  ok: 1,
  approaching: 2,
  over: 3,
  critical: 4,
};

/**
 * The period's evidence of an indicator: its worst reading this period when that is worse than
 * the last one (a run earlier this week saw 96%), said as such.
 */
function judgedOn(ctx: AdviceContext, indicator: Indicator): { judged: Indicator; note: string } {
  const worst = ctx.evidenceIndicators.find((i) => i.key === indicator.key);
  if (!worst || STATUS_RANK[worst.status] <= STATUS_RANK[indicator.status]) {
    return { judged: indicator, note: '' };
  }
  const now = indicator.value === null ? 'unknown' : value(indicator, indicator.value);
  return { judged: worst, note: ` earlier this ${ctx.periodWord} (${now} now)` };
}

function indicatorCall(ctx: AdviceContext, shown: Indicator): Call | null {
  const { judged: indicator, note } = judgedOn(ctx, shown);
  const ev = ctx.evidence.get(`indicator:${indicator.key}`);
  const c = ev?.judgement.confirmation ?? null;
  const last = ev?.last ?? null;
  const level = levelOf(indicator, c, last);
  if (level === null) return null;
  const judged = level === 'approaching' ? null : c;
  const sized = sizedOn(indicator, last);
  const uneven =
    indicator.average !== undefined &&
    indicator.value !== null &&
    indicator.approachingAt !== null &&
    indicator.average < indicator.approachingAt &&
    indicator.value > indicator.average * UNEVEN_RATIO &&
    level !== 'approaching';
  return {
    reason: {
      indicator: indicator.key,
      trigger: null,
      level,
      confirmation: judged,
      text: indicatorReasonText(ctx, indicator, level, judged, last, note),
    },
    severity: level === 'approaching' ? 'watch' : severityOf(judged, last),
    indicator: sized,
    responses: ctx.plan.responses[indicator.key][level],
    joins: null,
    unevenLoad: uneven,
  };
}

function metricTriggers(stage: Stage): MetricTrigger[] {
  return stage.triggers.filter((t): t is MetricTrigger => t.kind === 'metric');
}

const LEVEL_RANK: Record<ReasonLevel, number> = { critical: 0, over: 1, approaching: 2 };
const SEVERITY_RANK: Record<Severity, number> = { critical: 0, act: 1, plan: 2, watch: 3 };

/**
 * A symptom (latency, errors) with a saturated resource (over, not just approaching) joins that
 * resource's capacity action; with every resource healthy it is investigated on its own, and an
 * unknown resource is said ("Server CPU unknown: capacity not ruled out").
 */
function routeSymptoms(ctx: AdviceContext, calls: Call[]): Call[] {
  const saturated = calls
    .filter(
      (c) =>
        c.reason.indicator !== null &&
        roleOf(ctx, c.reason.indicator) === 'saturation' &&
        c.reason.level !== 'approaching' &&
        !c.unevenLoad,
    )
    .toSorted(
      (a, b) =>
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        LEVEL_RANK[a.reason.level] - LEVEL_RANK[b.reason.level],
    )[0];
  const unknown = ctx.indicators.filter(
    (i) => roleOf(ctx, i.key) === 'saturation' && i.status === 'unknown',
  );
  return calls.map((call) => {
    const key = call.reason.indicator;
    if (key === null || roleOf(ctx, key) !== 'symptom') return call;
    // A critical symptom the plan answers with nothing (errors) is investigated on its own,
    // whatever the load: a bad deploy fails requests on a busy fleet too.
    if (call.reason.level === 'critical' && call.responses.length === 0) return call;
    if (saturated?.reason.indicator) return { ...call, joins: saturated.reason.indicator };
    if (unknown.length === 0) return call;
    const names = unknown.map((i) => i.label).join(', ');
    return {
      ...call,
      reason: {
        ...call.reason,
        text: `${call.reason.text} (${names} unknown: capacity not ruled out)`,
      },
    };
  });
}

/**
 * Every stage trigger and indicator that calls for an action now: a fired or held trigger calls
 * for the stage move and takes its indicator's reason with it; an indicator approaching, over,
 * critical, held, or unknown while its action is open calls for its responses.
 */
export function buildCalls(ctx: AdviceContext): Call[] {
  const calls: Call[] = [];
  const triggered = new Set<IndicatorKey>();
  for (const trigger of metricTriggers(ctx.stage)) {
    const call = triggerCall(ctx, trigger);
    if (call === null) continue;
    triggered.add(trigger.indicator);
    calls.push(call);
  }
  for (const indicator of ctx.indicators) {
    if (triggered.has(indicator.key)) continue;
    const call = indicatorCall(ctx, indicator);
    if (call) calls.push(call);
  }
  return routeSymptoms(ctx, calls);
}
