import type { KnownBlock, ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { buildHistory, type MessagePayload, SLACK_LIMITS } from '../../../blocks/index.js';
import { runHistory } from '../../app/review-history.js';
import { describeFailure } from '../../app/user-errors.js';
import { logFailure } from '../reply.js';
import type { SlackDeps } from '../slack-deps.js';

/** Reviews shown by the "Full history" button, in a channel or in the modal. */
export const HISTORY_COUNT = 10;

/**
 * The history message shown as a modal (for the App Home's "Full history" button), with a notice
 * on top (a decision's confirmation or refusal) when there is one, within the modal's block limit.
 */
export function historyModal(payload: MessagePayload, notice: string | null = null): ModalView {
  const head: KnownBlock[] =
    notice === null
      ? []
      : [{ type: 'section', text: { type: 'mrkdwn', text: notice } }, { type: 'divider' }];
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Review history' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [...head, ...payload.blocks.slice(0, SLACK_LIMITS.modalBlocks - head.length)],
  };
}

export interface UpdateHistoryModalInput {
  client: WebClient;
  viewId: string;
  teamId: string;
  userId: string;
  notice: string;
}

/**
 * After a click in the history modal (Un-snooze): the modal is built again from the store, with
 * the notice on top, and replaced in place (views.update), so the user sees what the click did.
 * Never throws: a failure is logged (there is no response_url in a modal).
 */
export async function updateHistoryModal(
  deps: SlackDeps,
  input: UpdateHistoryModalInput,
): Promise<void> {
  const meta = { teamId: input.teamId, userId: input.userId, surface: 'modal' };
  let payload: MessagePayload;
  let notice = input.notice;
  try {
    const tenant = await deps.tenants.resolve(input.teamId);
    const history = await runHistory(tenant.app, { teamId: input.teamId, limit: HISTORY_COUNT });
    payload = buildHistory(history);
  } catch (error) {
    const failure = describeFailure(error);
    logFailure(deps.logger, error, failure, meta);
    payload = { text: failure.message, blocks: [] };
    notice = `${notice}\n:warning: ${failure.message}`;
  }
  try {
    await input.client.views.update({ view_id: input.viewId, view: historyModal(payload, notice) });
  } catch (error) {
    deps.logger.error({ ...meta, err: error }, 'views.update of the history modal failed');
  }
}
