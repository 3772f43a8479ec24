import { buildHistory } from '../../../blocks/index.js';
import { runHistory } from '../../app/review-history.js';
import { describeFailure } from '../../app/user-errors.js';
import { ephemeral, logFailure, replyWithFailure, safeRespond } from '../reply.js';
import { HISTORY_COUNT, historyModal } from '../views/history-modal.js';
import { publishHome } from '../views/home.js';
import { type ActionContext, metaOf } from './action-context.js';

/** "Full history": an ephemeral history in a channel; a modal from the App Home. */
export async function handleOpenHistory(ctx: ActionContext): Promise<void> {
  const { deps, interaction: i } = ctx;
  const fromHome = i.surface.kind === 'home';
  try {
    const message = buildHistory(
      await runHistory(ctx.tenant.app, { teamId: i.teamId, limit: HISTORY_COUNT }),
    );
    if (fromHome) {
      await ctx.client.views.open({ trigger_id: triggerOf(ctx), view: historyModal(message) });
      return;
    }
    await safeRespond(ctx.respond, ephemeral(message), deps.logger, metaOf(ctx));
  } catch (error) {
    if (fromHome) {
      await explainOnHome(ctx, error);
      return;
    }
    await replyWithFailure(ctx.respond, error, deps.logger, metaOf(ctx));
  }
}

/** The click's trigger_id, which a modal needs (Slack sends one with every click). */
function triggerOf(ctx: ActionContext): string {
  if (ctx.interaction.triggerId === null) throw new Error('the click has no trigger_id');
  return ctx.interaction.triggerId;
}

/**
 * A click in the App Home has no response_url: the failure is shown where the user looks, in the
 * modal they asked for (its trigger may have expired), else at the top of their Home.
 */
async function explainOnHome(ctx: ActionContext, error: unknown): Promise<void> {
  const { deps, interaction: i } = ctx;
  const failure = describeFailure(error);
  logFailure(deps.logger, error, failure, metaOf(ctx));
  const notice = `:warning: ${failure.message}`;
  try {
    const view = historyModal({ text: failure.message, blocks: [] }, notice);
    await ctx.client.views.open({ trigger_id: triggerOf(ctx), view });
  } catch (openError) {
    deps.logger.warn({ ...metaOf(ctx), err: openError }, 'views.open failed; notice on the Home');
    await publishHome(deps, { client: ctx.client, teamId: i.teamId, userId: i.userId, notice });
  }
}
