import type { RespondArguments } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import {
  buildError,
  type MessagePayload,
  SLACK_LIMITS,
  withoutNativeBlocks,
} from '../../blocks/index.js';
import { describeFailure, type UserFailure } from '../app/user-errors.js';
import type { Logger } from '../logging/logger.js';
import { noteOutcome } from '../ops/request-outcome.js';
import {
  type NativeFallbackLog,
  type NativeFallbackSurface,
  nativeBlocksRefusal,
} from '../slack-api/native-refusal.js';
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
  if (note === null) return payload;
  const block: KnownBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: note }] };
  const noted = (blocks: MessagePayload['blocks']) =>
    blocks.length >= SLACK_LIMITS.messageBlocks ? blocks : [...blocks, block];
  const { plain } = payload;
  return {
    text: payload.text,
    blocks: noted(payload.blocks),
    ...(plain === undefined ? {} : { plain: noted(plain) }),
  };
}

export interface NativeFallbackContext {
  log: NativeFallbackLog;
  surface: NativeFallbackSurface;
  logger: Logger;
  meta: Record<string, unknown>;
}

/**
 * Sends a message that may carry native blocks (the chart, the table). When Slack refuses them
 * (`invalid_blocks`, or a refusal naming the block), the same message goes again with the mrkdwn
 * lines in their place (its `plain` blocks), and the fallback is recorded (/status, Prometheus).
 * A refused message was not shown, so the user sees one answer. Other failures are thrown.
 */
export async function sendNative(
  send: (payload: MessagePayload) => Promise<unknown>,
  payload: MessagePayload,
  fallback: NativeFallbackContext,
): Promise<void> {
  try {
    await send(payload);
  } catch (error) {
    const code = nativeBlocksRefusal(error);
    if (code === null || payload.plain === undefined) throw error;
    fallback.log.record(fallback.surface, code);
    fallback.logger.warn(
      { ...fallback.meta, code },
      'Slack refused the chart and table; sent the mrkdwn lines instead',
    );
    await send(withoutNativeBlocks(payload));
  }
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

async function deliver(
  send: (() => Promise<unknown>) | null,
  logger: Logger,
  meta: Record<string, unknown>,
): Promise<boolean> {
  if (!send) {
    logger.warn(meta, 'no response_url to reply to');
    return false;
  }
  try {
    await send();
    return true;
  } catch (error) {
    noteOutcome('failed');
    logger.error({ ...meta, err: error }, 'reply to response_url failed');
    return false;
  }
}

/** Sends a reply; a reply that cannot be delivered is logged, never thrown (there is no one to tell). */
export function safeRespond(
  respond: Respond | undefined,
  message: RespondArguments,
  logger: Logger,
  meta: Record<string, unknown>,
): Promise<boolean> {
  return deliver(respond ? () => respond(message) : null, logger, meta);
}

/** safeRespond for a message with native blocks: its mrkdwn lines go when Slack refuses them. */
export function safeRespondNative(
  respond: Respond | undefined,
  payload: MessagePayload,
  shape: (payload: MessagePayload) => RespondArguments,
  fallback: NativeFallbackContext,
): Promise<boolean> {
  const send = respond ? () => sendNative((p) => respond(shape(p)), payload, fallback) : null;
  return deliver(send, fallback.logger, fallback.meta);
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
