import type { StatusCommand } from '../../command/types.js';
import { ephemeral, inChannel, sendNative } from '../reply.js';
import type { CommandContext } from './command-context.js';

/**
 * `/scale` or `/scale status [public]`: the team's shared answer (status-answers.ts), computed
 * once for concurrent and repeated commands; only its visibility is the user's own. Its table and
 * chart give way to the mrkdwn lines if Slack refuses them.
 */
export async function handleStatus(ctx: CommandContext, command: StatusCommand): Promise<void> {
  const { message } = await ctx.tenant.statusAnswers.get({
    teamId: ctx.teamId,
    channelId: ctx.channelId,
  });
  const shown = command.public ? inChannel : ephemeral;
  await sendNative((payload) => ctx.respond(shown(payload)), message, nativeFallback(ctx));
}

/** How a command's answer records a fallback from its native blocks. */
export function nativeFallback(ctx: CommandContext) {
  return {
    log: ctx.deps.nativeFallbacks,
    surface: 'reply' as const,
    logger: ctx.deps.logger,
    meta: { teamId: ctx.teamId, channelId: ctx.channelId, userId: ctx.userId },
  };
}
