import {
  buildDecisionNotice,
  buildScalingIndicators,
  type DecisionNotice,
  type MessagePayload,
} from '../../../blocks/index.js';
import { type DecideResult, type DecisionRequest, decide } from '../../app/decisions.js';
import {
  DecisionNotShownError,
  PermissionDeniedError,
  ReviewNotFoundError,
} from '../../app/errors.js';
import { describeFailure } from '../../app/user-errors.js';
import type { RecommendationRef } from '../../domain/review-message.js';
import {
  ephemeral,
  logFailure,
  replacement,
  safeRespond,
  safeRespondNative,
  sendNative,
  withNote,
} from '../reply.js';
import { updateHistoryModal } from '../views/history-modal.js';
import { publishHome } from '../views/home.js';
import { type ActionContext, metaOf } from './action-context.js';
import type { Surface } from './interaction.js';
import { refreshPlanCanvases } from './plan-canvases.js';

type MessageSurface = Extract<Surface, { kind: 'message' }>;

/**
 * Re-renders the clicked message in place (the one renderer of the Scaling Indicators, a digest's
 * lines kept by its record): chat.update for channel messages, else response_url.
 */
async function updateMessage(ctx: ActionContext, s: MessageSurface, result: DecideResult) {
  const { deps } = ctx;
  const payload = buildScalingIndicators(result.view);
  // Its chart and table give way to the mrkdwn lines if Slack refuses them (reply.ts).
  const fallback = {
    log: deps.nativeFallbacks,
    surface: 'update' as const,
    logger: deps.logger,
    meta: metaOf(ctx),
  };
  if (!s.ephemeral) {
    try {
      // One short attempt: a slow or failing chat.update falls back to response_url at once.
      const client = deps.quickClient(ctx.client.token);
      const update = (shown: MessagePayload) =>
        client.chat.update({
          channel: s.channelId,
          ts: s.messageTs,
          text: shown.text,
          blocks: shown.blocks,
        });
      await sendNative(update, payload, fallback);
      return;
    } catch (error) {
      // Messages posted through a response_url cannot always be edited with chat.update.
      deps.logger.warn({ ...metaOf(ctx), err: error }, 'chat.update failed; using response_url');
    }
  }
  await safeRespondNative(ctx.respond, payload, replacement, fallback);
}

function noticeOf(
  result: DecideResult,
  ref: RecommendationRef,
  request: DecisionRequest,
  now: Date,
): DecisionNotice {
  const rec = result.view.review.recommendations.find((r) => r.key === ref.recommendationKey);
  const recommendation = rec?.text ?? ref.recommendationKey;
  switch (request.kind) {
    case 'ack':
      return { kind: 'acknowledged', recommendation, at: result.decision?.at ?? now };
    case 'snooze':
      return { kind: 'snoozed', recommendation, until: request.until };
    case 'unsnooze':
      return { kind: 'unsnoozed', recommendation };
    case 'done':
      return { kind: 'done', recommendation, at: result.decision?.at ?? now };
  }
}

async function show(
  ctx: ActionContext,
  result: DecideResult,
  ref: RecommendationRef,
  request: DecisionRequest,
) {
  const { deps, interaction: i } = ctx;
  const s = i.surface;
  if (s.kind === 'home') {
    await publishHome(deps, { client: ctx.client, teamId: i.teamId, userId: i.userId });
    return;
  }
  if (s.kind === 'message' && i.fromRecommendation) {
    await updateMessage(ctx, s, result);
    return;
  }
  const notice = buildDecisionNotice(noticeOf(result, ref, request, ctx.tenant.app.clock()));
  if (s.kind === 'modal') {
    // The history modal, over the App Home: both are redrawn, the modal with the confirmation.
    const target = { client: ctx.client, teamId: i.teamId, userId: i.userId };
    await updateHistoryModal(deps, { ...target, viewId: s.viewId, notice: notice.text });
    await publishHome(deps, target);
    return;
  }
  // A click from the history list: confirm it without replacing the list.
  await safeRespond(ctx.respond, ephemeral(notice), deps.logger, metaOf(ctx));
}

/** Says `notice` where the click happened: on top of the App Home or the modal, else ephemerally. */
async function tell(ctx: ActionContext, notice: MessagePayload): Promise<void> {
  const { deps, interaction: i } = ctx;
  const target = { client: ctx.client, teamId: i.teamId, userId: i.userId };
  if (i.surface.kind === 'home') {
    await publishHome(deps, { ...target, notice: notice.text });
    return;
  }
  if (i.surface.kind === 'modal') {
    await updateHistoryModal(deps, { ...target, viewId: i.surface.viewId, notice: notice.text });
    return;
  }
  await safeRespond(ctx.respond, ephemeral(notice), deps.logger, metaOf(ctx));
}

/** A refusal changes nothing: an ephemeral explanation (or a notice on top of the App Home). */
export async function refuse(ctx: ActionContext, error: unknown): Promise<void> {
  const { deps } = ctx;
  const failure = describeFailure(error);
  logFailure(deps.logger, error, failure, metaOf(ctx));
  const admins = ctx.tenant.app.permissions.admins;
  const notice = buildDecisionNotice({
    kind: 'refused',
    reason: failure.message,
    ...(error instanceof PermissionDeniedError && admins.length > 0 ? { admins } : {}),
  });
  await tell(ctx, notice);
}

const RECORDED_NOT_REDRAWN =
  ':warning: Recorded, but the message could not be redrawn (the review history store is unavailable right now); it shows this the next time it is drawn. No need to click again.';

/**
 * The decision was recorded, but the store failed before the message could be redrawn: the user
 * is told what was recorded and that the message is behind. (Before, the answer was the store's
 * failure, so the user clicked again, and that click, a double click, got no answer at all.)
 */
async function confirmUnshown(
  ctx: ActionContext,
  error: DecisionNotShownError,
  request: DecisionRequest,
): Promise<void> {
  const { deps } = ctx;
  deps.logger.warn({ ...metaOf(ctx), err: error }, 'decision recorded; message not redrawn');
  const result: DecideResult = {
    outcome: 'recorded',
    decision: error.decision,
    view: error.posted,
  };
  const ref = {
    reviewId: error.decision.reviewId,
    recommendationKey: error.decision.recommendationKey,
  };
  const notice = buildDecisionNotice(noticeOf(result, ref, request, ctx.tenant.app.clock()));
  const note = RECORDED_NOT_REDRAWN;
  await tell(ctx, { text: `${notice.text}\n${note}`, blocks: withNote(notice, note).blocks });
}

/**
 * Records Acknowledge / Snooze / Un-snooze through decide() (permissions, idempotency) and shows
 * the result where the click happened. Never throws: every failure becomes a refusal.
 */
export async function decideAndShow(
  ctx: ActionContext,
  request: () => Promise<DecisionRequest> | DecisionRequest,
): Promise<void> {
  const i = ctx.interaction;
  let asked: DecisionRequest | null = null;
  try {
    const ref = i.ref;
    if (ref === null) {
      throw new ReviewNotFoundError(
        'This control does not point at a review any more. Run `/scale status` for a fresh one.',
      );
    }
    const decision = await request();
    asked = decision;
    const result = await decide(ctx.tenant.app, {
      teamId: i.teamId,
      userId: i.userId,
      ref,
      request: decision,
      deliveryKey: i.deliveryKey,
    });
    if (result.outcome === 'duplicate') {
      // The first delivery of this click (or the first of a double click) shows the result; a
      // duplicate answering too could overwrite it with a state computed before it was recorded.
      ctx.deps.logger.info(metaOf(ctx), 'duplicate decision ignored');
      return;
    }
    await show(ctx, result, ref, decision);
    // The team's capacity plan canvases take the decision too (never throws).
    await refreshPlanCanvases(ctx);
  } catch (error) {
    if (error instanceof DecisionNotShownError && asked !== null) {
      await confirmUnshown(ctx, error, asked);
      return;
    }
    await refuse(ctx, error);
  }
}
