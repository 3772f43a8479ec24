import type { MessagePayload } from '../../blocks/index.js';

/** Slack message metadata that tags a digest with its period, so a rerun can find it exactly. */
export interface DigestMetadata {
  event_type: string;
  event_payload: { subscriptionId: string; periodKey: string };
}

export interface DigestMessage extends MessagePayload {
  metadata: DigestMetadata;
}

/**
 * What the digest needs from Slack. The adapter does the retries, and sends a message again with
 * its mrkdwn lines when Slack refuses its native blocks; callers see typed errors.
 */
export interface DigestPoster {
  /** chat.postMessage; resolves with the message ts. */
  post(channelId: string, message: DigestMessage): Promise<string>;
  /** chat.update of a digest already posted. */
  update(channelId: string, ts: string, message: DigestMessage): Promise<void>;
  /** The ts of a digest of this period already in the channel (conversations.history, by metadata). */
  findPosted(channelId: string, metadata: DigestMetadata, since: Date): Promise<string | null>;
  /** A direct message to a user (permanent channel failures). */
  dm(userId: string, text: string): Promise<void>;
}

/**
 * Errors that will not go away by retrying: the channel is gone, archived, or the bot is not in it.
 * The subscription is marked and the subscriber told once.
 */
export const PERMANENT_CHANNEL_ERRORS = [
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'channel_is_archived',
  'restricted_action',
  'access_denied',
  'team_access_not_granted',
  'invalid_blocks',
  'msg_blocks_too_long',
  'account_inactive',
  'invalid_auth',
  'token_revoked',
  'missing_scope',
] as const;

export class SlackPermanentError extends Error {
  override readonly name = 'SlackPermanentError';
  constructor(
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(`Slack refused the digest: ${code}`, options);
  }
}

/** Retries ran out on 429s, 5xx answers or timeouts; the next tick tries again. */
export class SlackTransientError extends Error {
  override readonly name = 'SlackTransientError';
  constructor(
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(`Slack did not take the digest (${code}); it will be retried`, options);
  }
}
