import { WebClient } from '@slack/web-api';
import { expect } from 'vitest';
import {
  ACTION_IDS,
  encodeRecommendationRef,
  parseRecommendationBlockId,
} from '../../blocks/ids.js';
import type { RecommendationRef } from '../../src/domain/review-message.js';
import { type BotHarness, TEST_BOT_TOKEN, waitFor } from '../support/bot-harness.js';

export type Payload = Record<string, unknown>;

/** Everything a reader could see in a message: the fallback text and every block, as one string. */
export function visibleText(payload: Payload): string {
  return `${String(payload.text ?? '')}\n${JSON.stringify(payload.blocks ?? [])}`;
}

/** The single reply posted to a response_url (fails the test when there is none, or several). */
export async function onlyReply(h: BotHarness, responseId: string): Promise<Payload> {
  const replies = await h.replies(responseId);
  expect(replies).toHaveLength(1);
  return replies[0] as Payload;
}

interface BlockLike {
  type?: string;
  block_id?: string;
  elements?: { action_id?: string; value?: string }[];
}

/** The first recommendation's reference and the block id of its controls, from a status message. */
export function firstRecommendation(payload: Payload): RecommendationRef & { blockId: string } {
  const blocks = (payload.blocks ?? []) as BlockLike[];
  for (const block of blocks) {
    const ref = block.block_id ? parseRecommendationBlockId(block.block_id) : null;
    if (ref && block.block_id) return { ...ref, blockId: block.block_id };
  }
  throw new Error(`no recommendation controls in ${visibleText(payload).slice(0, 500)}`);
}

let teams = 0;

/** A workspace id of its own, so that decisions of one test never leak into another. */
export function newTeam(): string {
  teams += 1;
  return `T0TEST${teams}`;
}

/** Runs `/scale status` in `team` and returns its reply and first recommendation. */
export async function freshStatus(h: BotHarness, team: string, user = 'U1ANA') {
  const sent = await h.command('status', { user_id: user, team_id: team });
  const reply = await onlyReply(h, sent.responseId);
  return { reply, rec: firstRecommendation(reply) };
}

/** Decisions stored for a review. */
export function decisionsOf(h: BotHarness, reviewId: string) {
  return h.bot.deps.store.decisions.listForReviews([reviewId]);
}

/** Posts a message to the fake Slack as the bot (as the digest would), so chat.update can edit it. */
export async function postChannelMessage(h: BotHarness, channel: string, payload: Payload) {
  const client = new WebClient(TEST_BOT_TOKEN, {
    slackApiUrl: `${h.slack.responseUrl('x').split('/response/')[0]}/api/`,
  });
  const result = await client.chat.postMessage({
    channel,
    text: String(payload.text ?? ''),
    blocks: payload.blocks as never,
  });
  return String(result.ts);
}

/** Makes a click look like it came from an ephemeral message (as `/scale status` replies are). */
export function fromEphemeral(payload: Record<string, unknown>): void {
  const container = payload.container as Record<string, unknown>;
  container.is_ephemeral = true;
}

export type Rec = Awaited<ReturnType<typeof freshStatus>>['rec'];

export function ackButton(rec: Rec) {
  return {
    type: 'button' as const,
    action_id: ACTION_IDS.acknowledge,
    block_id: rec.blockId,
    value: encodeRecommendationRef(rec),
  };
}

export function snoozeSelect(rec: Rec, key: '1d' | '1w' | '1m') {
  const labels = { '1d': '1 day', '1w': '1 week', '1m': '1 month' } as const;
  return {
    type: 'static_select' as const,
    action_id: ACTION_IDS.snoozeFor,
    block_id: rec.blockId,
    selected: { text: labels[key], value: key },
  };
}

export function datePicker(rec: Rec, date: string) {
  return {
    type: 'datepicker' as const,
    action_id: ACTION_IDS.snoozeUntilDate,
    block_id: rec.blockId,
    selected_date: date,
  };
}

/** Waits for the bot's ack of a Socket Mode envelope and returns it (with its payload, if any). */
export function socketAck(h: BotHarness, envelopeId: string) {
  return waitFor(() =>
    h.slack
      .socketConnections()
      .flatMap((c) => c.received)
      .find((m) => (m as { envelope_id?: string }).envelope_id === envelopeId),
  ) as Promise<{ envelope_id: string; payload?: unknown }>;
}
