import { leadText } from '../src/domain/engine/decision-dates.js';
import { formatCostChange } from '../src/domain/format.js';
import type { DecisionState, RecommendationRef } from '../src/domain/review-message.js';
import type { Indicator, Recommendation } from '../src/domain/review-types.js';
import { actions, button, datepicker, section, staticSelect } from './elements.js';
import {
  ACTION_IDS,
  encodeRecommendationRef,
  recommendationBlockId,
  SNOOZE_DURATION_KEYS,
  SNOOZE_DURATIONS,
} from './ids.js';
import type { SlackBlock } from './native-types.js';
import { describeDelta, escapeMrkdwn, mention, STATUS_EMOJI, slackDate } from './text.js';

export const SEVERITY_EMOJI = {
  critical: ':fire:',
  plan: ':spiral_calendar_pad:',
  act: ':rotating_light:',
  watch: ':eyes:',
} as const satisfies Record<Recommendation['severity'], string>;

/** "🟡 Server CPU: 72% (consider scaling at >75%) · +6 pts vs last review _(partial data)_" */
export function indicatorLine(indicator: Indicator): string {
  const delta =
    indicator.delta === null
      ? ''
      : ` · ${describeDelta(indicator.delta, indicator.unit)} vs last review`;
  // An unknown indicator's text already says why; its note would repeat it.
  const note =
    indicator.note && indicator.status !== 'unknown' ? ` _(${escapeMrkdwn(indicator.note)})_` : '';
  return `${STATUS_EMOJI[indicator.status]} ${escapeMrkdwn(indicator.text)}${delta}${note}`;
}

/** "Acknowledged by <@U1> · <date>" or "Snoozed until <date> by <@U1>". */
export function decisionLine(decision: DecisionState): string {
  if (decision.kind === 'ack') {
    return `:white_check_mark: Acknowledged by ${mention(decision.userId)} · ${slackDate(decision.at)}`;
  }
  if (decision.kind === 'done') {
    return `:heavy_check_mark: Done by ${mention(decision.userId)} · ${slackDate(decision.at)}`;
  }
  const until = decision.snoozeUntil ? ` until ${slackDate(decision.snoozeUntil, 'date')}` : '';
  return `:zzz: Snoozed${until} by ${mention(decision.userId)}`;
}

/** The collapsed line of a snoozed recommendation: "💤 *Add a read replica* — snoozed by @ana until …" */
export function snoozedLine(rec: Recommendation, decision: DecisionState): string {
  const until = decision.snoozeUntil ? ` until ${slackDate(decision.snoozeUntil, 'date')}` : '';
  return `:zzz: *${escapeMrkdwn(rec.text)}* — snoozed by ${mention(decision.userId)}${until}`;
}

export function isSnoozed(decision: DecisionState | null | undefined): decision is DecisionState {
  return decision?.kind === 'snooze';
}

/** A block-id stamp that changes with the decision, so Slack resets the controls after an update. */
export function decisionStamp(decision: DecisionState | null | undefined): string {
  if (!decision) return 'open';
  const kind = { ack: 'a', snooze: 's', done: 'd' }[decision.kind];
  return `${kind}${Math.floor(decision.at.getTime() / 1000).toString(36)}`;
}

/** "+$30-60/month ($30-60 per additional server; 2 servers configured)". */
export function costText(rec: Recommendation): string {
  const cost = formatCostChange(rec.monthlyCostChange);
  return rec.costNote ? `${cost} (${rec.costNote})` : cost;
}

function recommendationText(
  rec: Recommendation,
  decision: DecisionState | null | undefined,
): string {
  const reasons = rec.reasons.length > 0 ? rec.reasons.map((r) => r.text) : [rec.reason ?? ''];
  const lines = [
    `${SEVERITY_EMOJI[rec.severity]} *${escapeMrkdwn(rec.text)}*`,
    `Why: ${reasons
      .filter((r) => r !== '')
      .map(escapeMrkdwn)
      .join(' · ')}`,
    `Expected impact: ${escapeMrkdwn(rec.impact)} · Cost: ${escapeMrkdwn(costText(rec))}`,
  ];
  lines.push(...planLines(rec));
  if (rec.alternatives && rec.alternatives.length > 0) {
    lines.push(`Also consider: ${rec.alternatives.map(escapeMrkdwn).join(' · ')}`);
  }
  if (decision) lines.push(decisionLine(decision));
  return lines.join('\n');
}

/**
 * What makes an action a plan (docs/plan.md): the decision date and the lead time, the relief to
 * put in now, and the components a stage move includes.
 */
export function planLines(rec: Recommendation): string[] {
  const lines: string[] = [];
  if (rec.decideBy) {
    const lead = rec.leadDays ? ` (it takes ${leadText(rec.leadDays)})` : '';
    const when = rec.overdue
      ? '*Decide now*'
      : `*Decide by ${slackDate(new Date(rec.decideBy), 'date')}*`;
    lines.push(`:spiral_calendar_pad: ${when}${lead}`);
  }
  if (rec.relief) {
    const cost = formatCostChange(rec.relief.monthlyCostChange);
    lines.push(
      `Now: ${escapeMrkdwn(rec.relief.text)} · ${escapeMrkdwn(cost)} (${escapeMrkdwn(rec.relief.note)})`,
    );
  }
  if (rec.includes && rec.includes.length > 0) {
    lines.push(`Includes: ${rec.includes.map(escapeMrkdwn).join(' · ')}`);
  }
  return lines;
}

/** The snooze select's options: 1 day / 1 week / 1 month. */
export function snoozeOptions(): { text: string; value: string }[] {
  return SNOOZE_DURATION_KEYS.map((key) => ({ text: SNOOZE_DURATIONS[key].label, value: key }));
}

/**
 * An open (not snoozed) recommendation: its text, impact and cost, the latest decision, and the
 * Acknowledge button, the Snooze select and the "until a date…" datepicker. The actions block id
 * carries the review id and recommendation key; the button value carries them too.
 */
export function recommendationBlocks(
  reviewId: string,
  rec: Recommendation,
  decision: DecisionState | null | undefined,
): SlackBlock[] {
  const ref: RecommendationRef = { reviewId, recommendationKey: rec.key };
  return [
    section(recommendationText(rec, decision)),
    actions(
      [
        button({
          text: 'Acknowledge',
          actionId: ACTION_IDS.acknowledge,
          value: encodeRecommendationRef(ref),
          ...(decision ? {} : { style: 'primary' as const }),
        }),
        button({ text: 'Done', actionId: ACTION_IDS.done, value: encodeRecommendationRef(ref) }),
        staticSelect(ACTION_IDS.snoozeFor, 'Snooze…', snoozeOptions()),
        datepicker(ACTION_IDS.snoozeUntilDate, 'Until a date…'),
      ],
      recommendationBlockId(ref, decisionStamp(decision)),
    ),
  ];
}

/** A snoozed recommendation with an "Un-snooze" button (App Home, history). */
export function unsnoozeBlock(
  reviewId: string,
  rec: Pick<Recommendation, 'key' | 'text'>,
  line: string,
): SlackBlock {
  return section(
    line,
    button({
      text: 'Un-snooze',
      actionId: ACTION_IDS.unsnooze,
      value: encodeRecommendationRef({ reviewId, recommendationKey: rec.key }),
    }),
  );
}
