import type { ActionContext } from './action-context.js';
import { decideAndShow } from './decide-and-show.js';

/** The Un-snooze button (App Home and history): the recommendation is active again. */
export function handleUnsnooze(ctx: ActionContext): Promise<void> {
  return decideAndShow(ctx, () => ({ kind: 'unsnooze' }));
}
