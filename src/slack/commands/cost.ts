import { buildCost } from '../../../blocks/index.js';
import { planningContext, runCost } from '../../app/planning.js';
import type { CostCommand } from '../../command/types.js';
import { ephemeral, withNote } from '../reply.js';
import type { CommandContext } from './command-context.js';
import { planningNote } from './planning-note.js';

/** `/scale cost [stage|next|current] [agents N]`: the current stage comes from the latest review. */
export async function handleCost(ctx: CommandContext, command: CostCommand): Promise<void> {
  const context = await planningContext(ctx.tenant.app, ctx.teamId);
  const report = runCost(ctx.tenant.app, context, {
    target: command.target,
    agents: command.agents,
  });
  await ctx.respond(ephemeral(withNote(buildCost(report), planningNote(context))));
}
