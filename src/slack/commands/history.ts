import { buildHistory } from '../../../blocks/index.js';
import { runHistory } from '../../app/review-history.js';
import type { HistoryCommand } from '../../command/types.js';
import { ephemeral } from '../reply.js';
import type { CommandContext } from './command-context.js';

/** `/scale history [n]`: the latest reviews with their decisions (active snoozes can be ended). */
export async function handleHistory(ctx: CommandContext, command: HistoryCommand): Promise<void> {
  const view = await runHistory(ctx.tenant.app, { teamId: ctx.teamId, limit: command.count });
  await ctx.respond(ephemeral(buildHistory(view)));
}
