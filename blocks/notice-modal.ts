import type { ModalView } from '@slack/types';
import { section } from './elements.js';
import { escapeMrkdwn } from './text.js';
import { validateBlocks } from './validate.js';

/**
 * A modal that only says something (a shortcut or a form this version does not handle): the
 * answer to a click whose only surface is a view, where Slack gives no response_url.
 */
export function buildNoticeModal(message: string): ModalView {
  const blocks = [section(`:warning: ${escapeMrkdwn(message)}`)];
  // A modal holds as many blocks as the Home (100).
  validateBlocks(blocks, 'home');
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Scale Review' },
    close: { type: 'plain_text', text: 'Close' },
    blocks,
  };
}
