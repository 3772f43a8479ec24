import { checkMaySubscribe, subscribe } from '../../app/subscriptions.js';
import type { SubscribeCommand } from '../../command/types.js';
import { ephemeral } from '../reply.js';
import { buildSubscribed, type TimezoneSource } from '../views/subscription-notice.js';
import { assertDigestChannel } from './channel-check.js';
import type { CommandContext } from './command-context.js';

async function resolveTimezone(
  ctx: CommandContext,
  command: SubscribeCommand,
): Promise<{ timezone: string; source: TimezoneSource }> {
  if (command.timezone !== null) return { timezone: command.timezone, source: 'argument' };
  const fromSlack = await ctx.deps.users.timezoneOf(ctx.client, ctx.teamId, ctx.userId);
  return fromSlack === null
    ? { timezone: 'UTC', source: 'fallback' }
    : { timezone: fromSlack, source: 'slack' };
}

/**
 * `/scale subscribe [day time] [timezone]`: default Monday 09:00 in the user's Slack timezone.
 * Who may subscribe is checked first, then whether the bot can post here (channel-check.ts):
 * a DM, a channel it is not in or one it cannot check is refused at once, nothing stored.
 */
export async function handleSubscribe(
  ctx: CommandContext,
  command: SubscribeCommand,
): Promise<void> {
  checkMaySubscribe(ctx.tenant.app, ctx.userId);
  await assertDigestChannel({
    client: ctx.client,
    channelId: ctx.channelId,
    logger: ctx.deps.logger,
    meta: { teamId: ctx.teamId, channelId: ctx.channelId, userId: ctx.userId },
  });
  const { timezone, source } = await resolveTimezone(ctx, command);
  const subscription = await subscribe(ctx.tenant.app, {
    teamId: ctx.teamId,
    channelId: ctx.channelId,
    userId: ctx.userId,
    schedule: command.schedule,
    timezone,
  });
  await ctx.respond(ephemeral(buildSubscribed(subscription, source)));
}
