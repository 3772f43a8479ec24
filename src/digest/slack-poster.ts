import type { WebClient } from '@slack/web-api';
import { withoutNativeBlocks } from '../../blocks/index.js';
import type { Logger } from '../logging/logger.js';
import {
  type NativeFallbackLog,
  NO_FALLBACK_LOG,
  nativeBlocksRefusal,
} from '../slack-api/native-refusal.js';
import { type Pacer, type PostOutcome, UNPACED } from './pacer.js';
import {
  type DigestMessage,
  type DigestMetadata,
  type DigestPoster,
  SlackPermanentError,
  SlackTransientError,
} from './poster.js';
import { classify, noBlindRetry, type RetryPolicy, withRetries } from './retry.js';

const HISTORY_PAGE = 200;
const HISTORY_PAGES = 5;

interface HistoryMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

function matches(message: HistoryMessage, metadata: DigestMetadata): boolean {
  const payload = message.metadata?.event_payload;
  return (
    message.metadata?.event_type === metadata.event_type &&
    payload?.periodKey === metadata.event_payload.periodKey &&
    payload?.subscriptionId === metadata.event_payload.subscriptionId
  );
}

/** How a failed chat.postMessage tells the pacer: a 429 is a refusal, anything else may have counted. */
function outcomeOf(error: unknown): PostOutcome {
  const failure = classify(error);
  return failure.kind === 'rateLimited'
    ? { kind: 'rateLimited', retryAfterMs: failure.retryAfterMs }
    : { kind: 'failed' };
}

/** One paced chat.postMessage attempt: a slot first, and its outcome reported to the pacer. */
async function paced<T>(pacer: Pacer, call: () => Promise<T>): Promise<T> {
  const permit = await pacer.take();
  try {
    const result = await call();
    permit.settle({ kind: 'accepted' });
    return result;
  } catch (error) {
    permit.settle(outcomeOf(error));
    throw error;
  }
}

export interface SlackPosterOptions {
  /** Paces every chat.postMessage attempt (default: unpaced). */
  pacer?: Pacer;
  /** Where a digest sent again without its native blocks is recorded (default: nowhere). */
  nativeFallbacks?: NativeFallbackLog;
  /** Says so when that happens. */
  logger?: Logger;
}

/**
 * Sends `message`; when Slack refuses its native blocks (the chart, the table), sends it again
 * with the mrkdwn lines instead, and records that. A refused payload was not posted, so the second
 * post is no duplicate (and the poster still looks the digest up by its metadata after an
 * ambiguous failure). Any other failure is thrown as it is.
 */
async function withNativeFallback<T>(
  message: DigestMessage,
  send: (message: DigestMessage) => Promise<T>,
  options: SlackPosterOptions & { channelId: string },
): Promise<T> {
  try {
    return await send(message);
  } catch (error) {
    const code = error instanceof SlackPermanentError ? nativeBlocksRefusal(error) : null;
    if (code === null || message.plain === undefined) throw error;
    (options.nativeFallbacks ?? NO_FALLBACK_LOG).record('digest', code);
    options.logger?.warn(
      { channelId: options.channelId, code },
      "Slack refused the digest's chart and table; sending it with the mrkdwn lines instead",
    );
    return send({ ...withoutNativeBlocks(message), metadata: message.metadata });
  }
}

/**
 * DigestPoster over @slack/web-api. The client must be created with retries off and
 * `rejectRateLimitedCalls: true`: this adapter retries itself, so that an ambiguous failure of
 * chat.postMessage is followed by a metadata lookup instead of a blind second post.
 */
export function createSlackPoster(
  client: WebClient,
  policy: RetryPolicy,
  options: SlackPosterOptions = {},
): DigestPoster {
  const pacer = options.pacer ?? UNPACED;
  const findPosted = async (channelId: string, metadata: DigestMetadata, since: Date) => {
    let cursor: string | undefined;
    for (let page = 0; page < HISTORY_PAGES; page++) {
      const result = await withRetries(policy, () =>
        client.conversations.history({
          channel: channelId,
          oldest: String(Math.floor(since.getTime() / 1000)),
          include_all_metadata: true,
          limit: HISTORY_PAGE,
          ...(cursor ? { cursor } : {}),
        }),
      );
      const found = (result.messages ?? []).find((m) => matches(m, metadata));
      if (found?.ts) return found.ts;
      cursor = result.response_metadata?.next_cursor || undefined;
      if (!cursor) return null;
    }
    return null;
  };
  /**
   * Reading Slack back is a last resort (our store records every ts Slack returns), and Slack
   * limits `conversations.history` to one call a minute for apps outside its Marketplace. A
   * lookup that fails for now (a 429, a 5xx, no answer: after its own retries) never turns into a
   * failure of the digest, and never into a blind second post: the run is given back and the next
   * tick (any replica) looks again. One Slack refuses for good (`missing_scope`, `not_in_channel`:
   * it will never be answered) counts as "not found", so the digest is still posted; the price,
   * only then, is a possible second post (docs/digest.md, "Reading Slack back").
   */
  const lookUp = async (channelId: string, metadata: DigestMetadata, since: Date) => {
    try {
      return await findPosted(channelId, metadata, since);
    } catch (error) {
      if (error instanceof SlackPermanentError) {
        options.logger?.warn(
          { channelId, code: error.code },
          'digest lookup in the channel history refused for good; treated as not posted',
        );
        return null;
      }
      if (error instanceof SlackTransientError) {
        throw new SlackTransientError(`lookup_${error.code}`, { cause: error });
      }
      throw error;
    }
  };

  return {
    findPosted: lookUp,
    async post(channelId: string, message: DigestMessage) {
      const since = new Date(Date.now() - 24 * 3600_000);
      const postOnce = (shown: DigestMessage) => {
        const send = async () => {
          const result = await paced(pacer, () =>
            client.chat.postMessage({
              channel: channelId,
              text: shown.text,
              blocks: shown.blocks,
              metadata: shown.metadata,
              unfurl_links: false,
            }),
          );
          return String(result.ts);
        };
        return withRetries(policy, send, () => lookUp(channelId, shown.metadata, since));
      };
      return withNativeFallback(message, postOnce, { ...options, channelId });
    },
    async update(channelId: string, ts: string, message: DigestMessage) {
      const updateOnce = async (shown: DigestMessage) => {
        await withRetries(policy, () =>
          client.chat.update({
            channel: channelId,
            ts,
            text: shown.text,
            blocks: shown.blocks,
            metadata: shown.metadata,
          }),
        );
      };
      await withNativeFallback(message, updateOnce, { ...options, channelId });
    },
    async dm(userId: string, text: string) {
      await withRetries(
        policy,
        () => paced(pacer, () => client.chat.postMessage({ channel: userId, text })),
        noBlindRetry,
      );
    },
  };
}
