import { buildScalingIndicators } from '../../../blocks/index.js';
import { runStatus } from '../../app/status.js';
import type { StatusCommand } from '../../command/types.js';
import { ephemeral, inChannel } from '../reply.js';
import type { CommandContext } from './command-context.js';

/** `/scale` or `/scale status [public]`: a fresh review of the current metrics. */
export async function handleStatus(ctx: CommandContext, command: StatusCommand): Promise<void> {
  const view = await runStatus(ctx.deps.app, { teamId: ctx.teamId, channelId: ctx.channelId });
  const message = buildScalingIndicators(view);
  await ctx.respond(command.public ? inChannel(message) : ephemeral(message));
}
