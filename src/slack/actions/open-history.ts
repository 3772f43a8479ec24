import { buildHistory } from '../../../blocks/index.js';
import { runHistory } from '../../app/review-history.js';
import { ephemeral, replyWithFailure, safeRespond } from '../reply.js';
import { HISTORY_COUNT, historyModal } from '../views/history-modal.js';
import { type ActionContext, metaOf } from './action-context.js';

/** "Full history": an ephemeral history in a channel; a modal from the App Home. */
export async function handleOpenHistory(ctx: ActionContext): Promise<void> {
  const { deps, interaction: i } = ctx;
  try {
    const message = buildHistory(
      await runHistory(deps.app, { teamId: i.teamId, limit: HISTORY_COUNT }),
    );
    if (i.surface.kind === 'home' && i.triggerId !== null) {
      await ctx.client.views.open({ trigger_id: i.triggerId, view: historyModal(message) });
      return;
    }
    await safeRespond(ctx.respond, ephemeral(message), deps.logger, metaOf(ctx));
  } catch (error) {
    await replyWithFailure(ctx.respond, error, deps.logger, metaOf(ctx));
  }
}
