import type { RespondArguments } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { buildError, type MessagePayload, SLACK_LIMITS } from '../../blocks/index.js';
import { describeFailure, type UserFailure } from '../app/user-errors.js';
import type { Logger } from '../logging/logger.js';
import { noteOutcome } from '../ops/request-outcome.js';
import type { Respond } from './response-url.js';

/** Only the user who typed or clicked sees it; a reply to a click never replaces the message. */
export function ephemeral(payload: MessagePayload): RespondArguments {
  return {
    response_type: 'ephemeral',
    replace_original: false,
    text: payload.text,
    blocks: payload.blocks,
  };
}

/** Posted to the channel for everyone (`/scale status public`). */
export function inChannel(payload: MessagePayload): RespondArguments {
  return { response_type: 'in_channel', text: payload.text, blocks: payload.blocks };
}

/** Replaces the message the click came from. */
export function replacement(payload: MessagePayload): RespondArguments {
  return { replace_original: true, text: payload.text, blocks: payload.blocks };
}

/** Appends a context note (e.g. "history unavailable") when the message has room for it. */
export function withNote(payload: MessagePayload, note: string | null): MessagePayload {
  if (note === null || payload.blocks.length >= SLACK_LIMITS.messageBlocks) return payload;
  const block: KnownBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: note }] };
  return { text: payload.text, blocks: [...payload.blocks, block] };
}

/**
 * Logs a failure the way describeFailure classifies it: ours as errors (with the ref), a
 * dependency's as warnings, the user's as info.
 */
export function logFailure(
  logger: Logger,
  error: unknown,
  failure: UserFailure,
  meta: Record<string, unknown>,
): void {
  noteOutcome(failure.internal ? 'failed' : 'refused');
  if (failure.dependency) {
    logger.warn({ ...meta, reason: failure.message }, 'request failed: metrics unavailable');
    return;
  }
  if (failure.internal) {
    logger.error({ ...meta, err: error, ref: failure.ref }, 'request failed');
    return;
  }
  logger.info({ ...meta, reason: failure.message }, 'request refused');
}

/** Sends a reply; a reply that cannot be delivered is logged, never thrown (there is no one to tell). */
export async function safeRespond(
  respond: Respond | undefined,
  message: RespondArguments,
  logger: Logger,
  meta: Record<string, unknown>,
): Promise<boolean> {
  if (!respond) {
    logger.warn(meta, 'no response_url to reply to');
    return false;
  }
  try {
    await respond(message);
    return true;
  } catch (error) {
    noteOutcome('failed');
    logger.error({ ...meta, err: error }, 'reply to response_url failed');
    return false;
  }
}

/** The ephemeral error reply for any failure: what went wrong and what to do, never silence. */
export async function replyWithFailure(
  respond: Respond | undefined,
  error: unknown,
  logger: Logger,
  meta: Record<string, unknown>,
): Promise<void> {
  const failure = describeFailure(error);
  logFailure(logger, error, failure, meta);
  await safeRespond(respond, ephemeral(buildError({ message: failure.message })), logger, meta);
}
