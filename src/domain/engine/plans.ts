import { formatUtcDayMonth } from '../format.js';
import { STAGE_UPGRADE_RESPONSE } from '../plan/schema.js';
import type {
  Forecast,
  ForecastCrossing,
  Indicator,
  RecommendationReason,
} from '../review-types.js';
import type { AdviceContext } from './advice-context.js';
import { type Advice, addReason, moreSevere, SEVERITY_RANK } from './advice-map.js';
import type { Call } from './calls.js';
import { decideText, decisionDate, leadText } from './decision-dates.js';
import { draftsOf } from './drafts.js';
import { dateAfter } from './series.js';

const PLANNED_LEVELS = new Set<ForecastCrossing['level']>(['threshold', 'trigger', 'stage']);

/** The first crossing that opens an action: a threshold, a stage trigger or the top of the stage. */
function firstCrossing(f: Forecast): ForecastCrossing | undefined {
  // Crossings past the horizon get no date in the forecast, and none to decide by either.
  if (f.status !== 'rising') return undefined;
  return f.crossings.find((c) => PLANNED_LEVELS.has(c.level));
}

/** The indicator as it will be at the crossing: over its level, sized on that value. */
function atCrossing(indicator: Indicator, crossing: ForecastCrossing): Indicator {
  const { average: _average, ...rest } = indicator;
  return { ...rest, value: crossing.value, status: 'over' };
}

function plannedCall(
  ctx: AdviceContext,
  indicator: Indicator,
  f: Forecast,
  c: ForecastCrossing,
): Call {
  const reason: RecommendationReason = {
    indicator: indicator.key,
    trigger: null,
    level: 'over',
    confirmation: null,
    text: `Forecast: ${f.summary ?? f.text}`,
  };
  return {
    reason,
    severity: 'watch',
    indicator: atCrossing(indicator, c),
    responses:
      indicator.key === 'conversations'
        ? [STAGE_UPGRADE_RESPONSE]
        : ctx.plan.responses[indicator.key].over,
    joins: null,
    unevenLoad: false,
  };
}

/** An action already open (act or critical) on this indicator: the forecast adds nothing. */
function alreadyOpen(advice: Map<string, Advice>, indicator: Indicator): boolean {
  for (const entry of advice.values()) {
    if (SEVERITY_RANK[entry.severity] > SEVERITY_RANK.act) continue;
    if (entry.reasons.some((r) => r.indicator === indicator.key)) return true;
  }
  return false;
}

/**
 * Decision dates (docs/plan.md): for each indicator forecast to cross a level that opens an
 * action, the action it would call for, decided by the earliest expected crossing minus the
 * action's longest lead time. Due before the next review: `plan` ("Plan now: …, decide by 14
 * Jan"); later: a watch with its date. An action already open is left as it is.
 */
export function addForecastPlans(ctx: AdviceContext, advice: Map<string, Advice>): void {
  for (const f of ctx.forecasts) {
    const crossing = firstCrossing(f);
    const indicator = ctx.indicators.find((i) => i.key === f.indicator);
    if (!crossing || !indicator || alreadyOpen(advice, indicator)) continue;
    const call = plannedCall(ctx, indicator, f, crossing);
    const [draft] = draftsOf(ctx, call);
    if (!draft) continue;
    // An action already open (confirmed or critical) is to be done now, not decided later.
    const open = advice.get(draft.key);
    if (open && SEVERITY_RANK[open.severity] <= SEVERITY_RANK.act) continue;
    // Counted in whole days from the review's UTC day, like the forecast: the seconds of the run
    // never move a decision date.
    const earliest = new Date(dateAfter(ctx.now, crossing.earliestDays));
    const d = decisionDate(earliest, draft.leadDays, ctx.now, ctx.nextReviewAt);
    // A forecast whose range includes "never" dates a decision but does not make it due.
    const severity = d.due && !crossing.possiblyNever ? 'plan' : 'watch';
    const earliestText =
      crossing.earliestDays < crossing.inDays - 3.5
        ? ` (the ${ctx.plan.forecast.intervalPercent}% range starts around ${formatUtcDayMonth(earliest)})`
        : '';
    const text = `${call.reason.text}; ${leadText(d.lead)} to put in place: ${decideText(d)}${earliestText}`;
    const entry = addReason(
      advice,
      draft,
      { reason: { ...call.reason, text }, severity, excess: 0 },
      'forecast',
    );
    entry.severity = moreSevere(entry.severity, severity);
    if (!entry.decideBy || d.decideBy.getTime() < entry.decideBy.getTime()) {
      entry.decideBy = d.decideBy;
      entry.overdue = d.overdue;
    }
  }
}
