import { DateTime } from 'luxon';
import { SNOOZE_DURATIONS, type SnoozeDurationKey } from '../../../blocks/ids.js';
import { InvalidDecisionError } from '../../app/errors.js';
import type { ActionContext } from './action-context.js';
import { decideAndShow } from './decide-and-show.js';

function isDurationKey(value: string | null): value is SnoozeDurationKey {
  return value !== null && Object.hasOwn(SNOOZE_DURATIONS, value);
}

/** The Snooze select: 1 day, 1 week or 1 month from now. */
export function handleSnoozeFor(ctx: ActionContext): Promise<void> {
  return decideAndShow(ctx, () => {
    const { value } = ctx.interaction;
    if (!isDurationKey(value)) {
      throw new InvalidDecisionError('Pick how long to snooze: 1 day, 1 week or 1 month.');
    }
    const now = DateTime.fromJSDate(ctx.tenant.app.clock(), { zone: 'utc' });
    const until = now.plus({ days: SNOOZE_DURATIONS[value].days }).toJSDate();
    return { kind: 'snooze', until };
  });
}
