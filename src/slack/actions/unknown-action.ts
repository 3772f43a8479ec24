import { buildError } from '../../../blocks/index.js';
import { ephemeral, safeRespond } from '../reply.js';
import { type ActionContext, metaOf } from './action-context.js';

/** A control this version does not know (an old message, a tampered payload): say so, change nothing. */
export async function handleUnknownAction(ctx: ActionContext): Promise<void> {
  ctx.deps.logger.warn(metaOf(ctx), 'unknown action refused');
  const message = buildError({
    message: 'This control is no longer supported. Run `/scale status` for a fresh message.',
  });
  await safeRespond(ctx.respond, ephemeral(message), ctx.deps.logger, metaOf(ctx));
}
