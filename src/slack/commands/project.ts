import { buildProjection } from '../../../blocks/index.js';
import { planningContext, runProjection } from '../../app/planning.js';
import type { ProjectCommand } from '../../command/types.js';
import { ephemeral, sendNative, withNote } from '../reply.js';
import type { CommandContext } from './command-context.js';
import { planningNote } from './planning-note.js';
import { nativeFallback } from './status.js';

/** `/scale project <volume> [growth] [months]`: works without metrics, and without history. */
export async function handleProject(ctx: CommandContext, command: ProjectCommand): Promise<void> {
  const context = await planningContext(ctx.tenant.app, ctx.teamId);
  const projection = runProjection(ctx.tenant.app, context, {
    volume: command.volume,
    growthPercent: command.growthPercent,
    months: command.months,
  });
  const message = withNote(buildProjection(projection), planningNote(context));
  await sendNative((payload) => ctx.respond(ephemeral(payload)), message, nativeFallback(ctx));
}
