import { buildSubscriptions } from '../../../blocks/index.js';
import { listSubscriptions } from '../../app/subscriptions.js';
import { ephemeral } from '../reply.js';
import type { CommandContext } from './command-context.js';

/** `/scale subscriptions`: this channel's weekly digest and the workspace's other ones. */
export async function handleSubscriptions(ctx: CommandContext): Promise<void> {
  const view = await listSubscriptions(ctx.tenant.app, {
    teamId: ctx.teamId,
    channelId: ctx.channelId,
  });
  await ctx.respond(ephemeral(buildSubscriptions(view)));
}
