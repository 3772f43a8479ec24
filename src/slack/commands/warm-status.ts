import type { RespondArguments } from '@slack/bolt';
import type { WarmStatus } from '../../app/status-answers.js';
import type { ParseResult } from '../../command/types.js';
import type { Tenant } from '../../tenancy/tenants.js';
import type { Answer } from '../answer-queue.js';
import type { SlackDeps } from '../slack-deps.js';

/** A status command whose answer is already in memory: it goes in the ack itself. */
export interface WarmAnswer {
  /** The ack's body: Slack shows it as the answer (one round trip, no response_url POST). */
  body: RespondArguments;
  status: WarmStatus;
  /** Whose answer it is (its shared answers take the refresh). */
  tenant: Tenant;
}

/**
 * The answer to `/scale [status [public]]` when the team's shared answer is valid in memory
 * (StatusAnswers.peek: no I/O) and no answer is waiting in the queue, else null (the command is
 * queued and answered through response_url). Only the visibility is per user.
 */
export function warmStatusAnswer(
  deps: SlackDeps,
  teamId: string,
  parsed: ParseResult,
): WarmAnswer | null {
  // Answers already waiting: a burst is on, and acks come first. An empty ack is the cheapest
  // thing to send; the shared answer follows through response_url without being recomputed.
  if (deps.answers.queued > 0) return null;
  if (!parsed.ok || parsed.command.kind !== 'status') return null;
  const tenant = deps.tenants.peek(teamId);
  const status = tenant?.statusAnswers.peek(teamId) ?? null;
  if (tenant === null || status === null) return null;
  const { message } = status;
  const visibility = parsed.command.public ? 'in_channel' : 'ephemeral';
  // An ack cannot learn that Slack refused its blocks: once a refusal was seen, the mrkdwn lines.
  const blocks = deps.nativeFallbacks.refused()
    ? (message.plain ?? message.blocks)
    : message.blocks;
  return { status, tenant, body: { response_type: visibility, text: message.text, blocks } };
}

/**
 * After an ack that carried an answer near its expiry: the answer is recomputed in the background
 * (through the answer queue, after the acks waiting), so the next commands are answered warm too.
 */
export function refreshAnswer(
  deps: SlackDeps,
  input: { teamId: string; channelId: string },
  meta: Record<string, unknown>,
): Answer {
  return {
    kind: 'status refresh',
    meta,
    run: async () => {
      try {
        const tenant = await deps.tenants.resolve(input.teamId);
        await tenant.statusAnswers.refresh(input);
      } catch (error) {
        deps.logger.warn({ ...meta, err: error }, 'status answer refresh failed');
      }
    },
  };
}
