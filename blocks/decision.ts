import { fallbackText, type MessagePayload, section } from './elements.js';
import { escapeMrkdwn, mention, slackDate } from './text.js';
import { validateBlocks } from './validate.js';

/** The ephemeral answer to an Acknowledge / Snooze / Un-snooze click. */
export type DecisionNotice =
  | { kind: 'acknowledged'; recommendation: string; at: Date }
  | { kind: 'snoozed'; recommendation: string; until: Date }
  | { kind: 'unsnoozed'; recommendation: string }
  | { kind: 'done'; recommendation: string; at: Date }
  | {
      kind: 'refused';
      /** What was refused and why: "Only admins can snooze." */
      reason: string;
      recommendation?: string;
      /** Who may do it instead (user ids). */
      admins?: readonly string[];
    };

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

export function decisionNoticeText(notice: DecisionNotice): string {
  switch (notice.kind) {
    case 'acknowledged':
      return `:white_check_mark: You acknowledged “${escapeMrkdwn(notice.recommendation)}” · ${slackDate(notice.at)}.`;
    case 'snoozed':
      return `:zzz: You snoozed “${escapeMrkdwn(notice.recommendation)}” until ${slackDate(notice.until, 'date')}. It stays out of the headlines until then.`;
    case 'unsnoozed':
      return `:alarm_clock: “${escapeMrkdwn(notice.recommendation)}” is active again.`;
    case 'done':
      return `:heavy_check_mark: You marked “${escapeMrkdwn(notice.recommendation)}” done · ${slackDate(notice.at)}. The next reviews judge the change and show before and after.`;
    case 'refused': {
      const about = notice.recommendation ? ` (“${escapeMrkdwn(notice.recommendation)}”)` : '';
      const ask =
        notice.admins && notice.admins.length > 0
          ? ` Ask ${orList(notice.admins.map(mention))}.`
          : '';
      return `:no_entry: ${escapeMrkdwn(notice.reason)}${about}${ask}`;
    }
  }
}

/** Confirmation or refusal of a decision, sent ephemerally to the user who clicked. */
export function buildDecisionNotice(notice: DecisionNotice): MessagePayload {
  const text = decisionNoticeText(notice);
  const blocks = [section(text)];
  validateBlocks(blocks, 'message');
  return { text: fallbackText(text), blocks };
}
