import { unsubscribe } from '../../app/subscriptions.js';
import { ephemeral } from '../reply.js';
import { buildUnsubscribed } from '../views/subscription-notice.js';
import type { CommandContext } from './command-context.js';

/** `/scale unsubscribe`: stops the channel's weekly digest. */
export async function handleUnsubscribe(ctx: CommandContext): Promise<void> {
  const wasActive = await unsubscribe(ctx.tenant.app, {
    teamId: ctx.teamId,
    channelId: ctx.channelId,
    userId: ctx.userId,
  });
  await ctx.respond(ephemeral(buildUnsubscribed(ctx.channelId, wasActive)));
}
