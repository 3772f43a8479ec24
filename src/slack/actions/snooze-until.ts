import { snoozeUntilDate } from '../../app/decisions.js';
import type { ActionContext } from './action-context.js';
import { decideAndShow } from './decide-and-show.js';

/**
 * The "until a date…" datepicker: the snooze ends when the picked day begins in the user's Slack
 * timezone (users.info, cached), UTC when Slack does not say.
 */
export async function handleSnoozeUntil(ctx: ActionContext): Promise<void> {
  const { value: date, teamId, userId } = ctx.interaction;
  // A cleared date picker sends selected_date: null; there is nothing to decide.
  if (date === null) return;
  await decideAndShow(ctx, async () => {
    const timezone = await ctx.deps.users.timezoneOf(ctx.client, teamId, userId);
    return { kind: 'snooze', until: snoozeUntilDate(date, timezone ?? 'UTC') };
  });
}
