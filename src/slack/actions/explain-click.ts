import type { RespondArguments } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Logger } from '../../logging/logger.js';
import { safeRespond } from '../reply.js';
import type { Respond } from '../response-url.js';

/**
 * The last word on a click nothing else answered: the queue was full or closing, the payload was
 * unreadable, or its handler failed in a way it did not catch. A click in a channel has its
 * response_url (or its channel); a click in the App Home or a modal has neither, so the
 * explanation opens a modal with the click's trigger_id instead of going nowhere.
 */

const triggerSchema = z.object({ trigger_id: z.string().min(1) });

export interface UnansweredClick {
  body: unknown;
  client: WebClient;
  respond: Respond | undefined;
  logger: Logger;
  meta: Record<string, unknown>;
}

export async function explainClick(
  click: UnansweredClick,
  message: RespondArguments,
): Promise<void> {
  if (click.respond) {
    await safeRespond(click.respond, message, click.logger, click.meta);
    return;
  }
  const trigger = triggerSchema.safeParse(click.body);
  if (!trigger.success) {
    click.logger.warn(click.meta, 'click not answered: no response_url, channel or trigger_id');
    return;
  }
  const text = message.text ?? '';
  try {
    await click.client.views.open({
      trigger_id: trigger.data.trigger_id,
      view: {
        type: 'modal',
        title: { type: 'plain_text', text: 'Scale Review' },
        close: { type: 'plain_text', text: 'Close' },
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
      },
    });
  } catch (error) {
    click.logger.error({ ...click.meta, err: error }, 'views.open of a click explanation failed');
  }
}
