import { WebAPIPlatformError, type WebClient } from '@slack/web-api';
import { z } from 'zod';
import { ChannelRefusedError } from '../../app/errors.js';
import type { Logger } from '../../logging/logger.js';

/**
 * Before `/scale subscribe` stores anything: can the bot post the digest in this conversation?
 * A subscription the bot cannot post to used to be confirmed and fail a week later
 * (`channel_not_found`), followed by a DM. Now the conversation is checked at once with
 * `conversations.info`, whose scope depends on the kind of conversation: `channels:read` (public
 * channels), `groups:read` (private channels; Slack answers `channel_not_found` for one the bot is
 * not in), `mpim:read` (group DMs, whose ids look like a channel's). A DM's id starts with `D`, so
 * it is refused without a call (and without `im:read`).
 */

const INVITE = '`/invite @Scale Review`';

const infoSchema = z.object({
  channel: z.object({
    is_im: z.boolean().optional(),
    is_mpim: z.boolean().optional(),
    is_archived: z.boolean().optional(),
    is_member: z.boolean().optional(),
  }),
});

const scopeErrorSchema = z.object({ error: z.literal('missing_scope'), needed: z.string() });

/** Why a conversation cannot get the digest, in the words of the reply. */
export const CHANNEL_REFUSALS = {
  directMessage: `The weekly digest goes to a channel, and this is a direct message. Run \`/scale subscribe\` in the channel that should get it (invite the app there first: ${INVITE}).`,
  groupMessage: `The weekly digest goes to a channel, and this is a group DM. Run \`/scale subscribe\` in the channel that should get it (invite the app there first: ${INVITE}).`,
  notMember: `Scale Review is not a member of this channel, so it could not post the digest here. Invite it with ${INVITE}, then run \`/scale subscribe\` again.`,
  archived:
    'This channel is archived, so it cannot get the weekly digest. Subscribe a channel in use instead.',
  notVisible: `Scale Review cannot see this conversation, so it could not post the digest here. In a private channel, invite it first with ${INVITE}, then run \`/scale subscribe\` again. A direct message or a group DM cannot get the digest: use a channel.`,
} as const;

function missingScope(scope: string): string {
  return `Scale Review could not check this channel: its Slack app lacks the \`${scope}\` scope. Add it under *OAuth & Permissions → Scopes → Bot Token Scopes* in the app's settings (or update the app from manifest.yml, which lists it), reinstall the app to the workspace, then run \`/scale subscribe\` again. Nothing was subscribed.`;
}

function unchecked(reason: string): string {
  return `Scale Review could not check this channel with Slack just now (${reason}), so nothing was subscribed. Try again in a minute.`;
}

export interface ChannelCheckInput {
  client: WebClient;
  channelId: string;
  logger: Logger;
  meta: Record<string, unknown>;
}

/**
 * Resolves when the bot can post in the channel; throws ChannelRefusedError, whose message says
 * what to do, when it cannot or when Slack cannot tell.
 */
export async function assertDigestChannel(input: ChannelCheckInput): Promise<void> {
  const { channelId } = input;
  if (channelId.startsWith('D')) throw new ChannelRefusedError(CHANNEL_REFUSALS.directMessage);
  let answer: unknown;
  try {
    answer = await input.client.conversations.info({ channel: channelId });
  } catch (error) {
    throw refusalOf(error, input);
  }
  const parsed = infoSchema.safeParse(answer);
  if (!parsed.success) {
    input.logger.warn(input.meta, 'conversations.info answered without a channel');
    throw new ChannelRefusedError(unchecked('an answer without the channel'));
  }
  const channel = parsed.data.channel;
  if (channel.is_im) throw new ChannelRefusedError(CHANNEL_REFUSALS.directMessage);
  if (channel.is_mpim) throw new ChannelRefusedError(CHANNEL_REFUSALS.groupMessage);
  if (channel.is_archived) throw new ChannelRefusedError(CHANNEL_REFUSALS.archived);
  if (channel.is_member !== true) throw new ChannelRefusedError(CHANNEL_REFUSALS.notMember);
}

function refusalOf(error: unknown, input: ChannelCheckInput): ChannelRefusedError {
  if (error instanceof WebAPIPlatformError) {
    const scope = scopeErrorSchema.safeParse(error.data);
    if (scope.success) {
      input.logger.warn(
        { ...input.meta, needed: scope.data.needed },
        'subscribe cannot check the channel: a scope is missing',
      );
      return new ChannelRefusedError(missingScope(scope.data.needed));
    }
    if (error.data.error === 'channel_not_found') {
      return new ChannelRefusedError(CHANNEL_REFUSALS.notVisible);
    }
    input.logger.warn({ ...input.meta, err: error }, 'conversations.info refused at subscribe');
    return new ChannelRefusedError(unchecked(`\`${String(error.data.error)}\``));
  }
  input.logger.warn({ ...input.meta, err: error }, 'conversations.info failed at subscribe');
  return new ChannelRefusedError(unchecked('no answer'));
}
