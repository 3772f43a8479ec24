import type { ModalView } from '@slack/types';
import type { MessagePayload } from '../../../blocks/index.js';

/** The history message shown as a modal (for the App Home's "Full history" button). */
export function historyModal(payload: MessagePayload): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Review history' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: payload.blocks,
  };
}
