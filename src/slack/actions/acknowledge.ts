import type { ActionContext } from './action-context.js';
import { decideAndShow } from './decide-and-show.js';

/** The Acknowledge button: anyone may, unless `slack.ackers` narrows it. */
export function handleAcknowledge(ctx: ActionContext): Promise<void> {
  return decideAndShow(ctx, () => ({ kind: 'ack' }));
}
