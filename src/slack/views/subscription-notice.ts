import type { MessagePayload } from '../../../blocks/index.js';
import { slackDate } from '../../../blocks/index.js';
import { scheduleLabel } from '../../app/home.js';
import type { Subscription } from '../../store/ports.js';

/** Where the subscription's timezone came from. */
export type TimezoneSource = 'argument' | 'slack' | 'fallback';

function message(text: string): MessagePayload {
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** The answer to `/scale subscribe`. */
export function buildSubscribed(s: Subscription, source: TimezoneSource): MessagePayload {
  const lines = [
    `:white_check_mark: <#${s.channelId}> gets the weekly Scaling Indicators every *${scheduleLabel(s.schedule)}* (${s.timezone}). Next: ${slackDate(s.nextRunAt)}.`,
  ];
  if (source === 'fallback') {
    lines.push(
      'Your Slack time zone could not be read, so UTC is used. Pick one with e.g. `/scale subscribe mon 9am Europe/Paris`.',
    );
  }
  lines.push('Stop it with `/scale unsubscribe`; `/scale subscriptions` lists the digests.');
  return message(lines.join('\n'));
}

/** The answer to `/scale unsubscribe`. */
export function buildUnsubscribed(channelId: string, wasActive: boolean): MessagePayload {
  return message(
    wasActive
      ? `:wave: <#${channelId}> no longer gets the weekly digest. Subscribe again with \`/scale subscribe\`.`
      : `<#${channelId}> had no weekly digest. Start one with \`/scale subscribe\`.`,
  );
}
