import type { DigestSubscriptionLine, SubscriptionsViewModel } from '../../blocks/index.js';
import { weekLabelOf } from '../domain/review-message.js';
import { DEFAULT_SCHEDULE, nextSlot, type WeeklySchedule } from '../domain/schedule.js';
import type { Subscription } from '../store/ports.js';
import type { AppDeps } from './deps.js';
import { PermissionDeniedError } from './errors.js';
import { scheduleLabel } from './home.js';

export interface SubscribeInput {
  teamId: string;
  channelId: string;
  userId: string;
  /** null: Monday 09:00. */
  schedule: WeeklySchedule | null;
  /** Resolved by the caller: the command's timezone, else the user's Slack timezone, else UTC. */
  timezone: string;
}

/** Throws PermissionDeniedError when `slack.admins` is set and the user is not one of them. */
export function checkMaySubscribe(deps: AppDeps, userId: string): void {
  checkAdmin(deps, userId, 'subscribe a channel');
}

function checkAdmin(deps: AppDeps, userId: string, what: string): void {
  const { admins } = deps.permissions;
  if (admins.length === 0 || admins.includes(userId)) return;
  throw new PermissionDeniedError(
    `Only Scale Review admins (\`slack.admins\` in scale-review.yml) may ${what}.`,
  );
}

/** `/scale subscribe`: the channel's weekly digest; re-subscribing updates the schedule. */
export async function subscribe(deps: AppDeps, input: SubscribeInput): Promise<Subscription> {
  checkAdmin(deps, input.userId, 'subscribe a channel');
  const now = deps.clock();
  const schedule = input.schedule ?? DEFAULT_SCHEDULE;
  const slot = nextSlot(schedule, input.timezone, now);
  return deps.store.subscriptions.upsert(
    {
      teamId: input.teamId,
      channelId: input.channelId,
      schedule: { weekday: schedule.weekday, time: schedule.time },
      timezone: input.timezone,
      createdBy: input.userId,
      active: true,
      nextRunAt: slot.at,
    },
    now,
  );
}

/** `/scale unsubscribe`: true when the channel had an active subscription. */
export async function unsubscribe(
  deps: AppDeps,
  input: { teamId: string; channelId: string; userId: string },
): Promise<boolean> {
  checkAdmin(deps, input.userId, 'unsubscribe a channel');
  return deps.store.subscriptions.deactivate(input.teamId, input.channelId, deps.clock());
}

function lineOf(s: Subscription): DigestSubscriptionLine {
  const last = s.lastResult;
  return {
    channelId: s.channelId,
    schedule: scheduleLabel(s.schedule),
    timezone: s.timezone,
    subscribedBy: s.createdBy,
    subscribedAt: s.createdAt,
    nextRunAt: s.nextRunAt,
    lastResult:
      last === undefined
        ? null
        : {
            status: last.status,
            weekLabel: weekLabelOf(last.periodKey),
            at: last.at,
            detail: last.detail ?? null,
          },
    problem: s.failure === undefined ? null : { code: s.failure.code, since: s.failure.at },
  };
}

/**
 * `/scale subscriptions`: the weekly digest of the channel it is typed in, and the workspace's
 * other ones (active only): who subscribed and when, the next run, the last result.
 */
export async function listSubscriptions(
  deps: AppDeps,
  input: { teamId: string; channelId: string },
): Promise<SubscriptionsViewModel> {
  const active = (await deps.store.subscriptions.list(input.teamId)).filter((s) => s.active);
  const here = active.find((s) => s.channelId === input.channelId);
  return {
    channelId: input.channelId,
    here: here === undefined ? null : lineOf(here),
    others: active.filter((s) => s !== here).map(lineOf),
  };
}
