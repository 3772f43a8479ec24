import type { StatusCommand } from '../../command/types.js';
import { ephemeral, inChannel } from '../reply.js';
import type { CommandContext } from './command-context.js';

/**
 * `/scale` or `/scale status [public]`: the team's shared answer (status-answers.ts), computed
 * once for concurrent and repeated commands; only its visibility is the user's own.
 */
export async function handleStatus(ctx: CommandContext, command: StatusCommand): Promise<void> {
  const { message } = await ctx.deps.statusAnswers.get({
    teamId: ctx.teamId,
    channelId: ctx.channelId,
  });
  await ctx.respond(command.public ? inChannel(message) : ephemeral(message));
}
