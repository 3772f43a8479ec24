import type { ActionContext } from './action-context.js';
import { decideAndShow } from './decide-and-show.js';

/** The Done button: the action was carried out; the team's estate records what it changed. */
export function handleMarkDone(ctx: ActionContext): Promise<void> {
  return decideAndShow(ctx, () => ({ kind: 'done' }));
}
