import type { RespondArguments } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logging/logger.js';
import type { RefusalAnswer } from '../slack-api/native-refusal.js';
import { SLACK_CALL_TIMEOUT_MS } from '../slack-api/web-client.js';

/**
 * `response_url` is taken from the request body, so a signed request could point the bot at any
 * URL (Bolt's respond() posts wherever it is told). Only Slack's own origin is accepted, plus the
 * origin of SLACK_API_URL when it is set (a proxy, or the fake Slack of the tests); anything else
 * is refused with a log line, and the answer goes through the Web API instead (chat.postEphemeral
 * to the user, chat.postMessage for an in-channel answer). The post itself follows no redirect
 * and gives up after the Web API timeout. OWASP SSRF Prevention Cheat Sheet: an allow-list of
 * origins, no redirects.
 */

const SLACK_RESPONSE_ORIGIN = 'https://hooks.slack.com';

/** Sends one answer to the user who typed or clicked; rejects when it could not be delivered. */
export type Respond = (message: RespondArguments) => Promise<void>;

export interface ResponseUrlPolicy {
  /** Origins (scheme, host and port) a response_url may have. */
  readonly origins: readonly string[];
  /** The fetch that posts to them (the bot's counts Slack calls, src/ops/); default global fetch. */
  readonly fetch?: typeof globalThis.fetch;
}

export function responseUrlPolicy(
  slackApiUrl: string | undefined,
  fetchFn?: typeof globalThis.fetch,
): ResponseUrlPolicy {
  const origins = [SLACK_RESPONSE_ORIGIN];
  if (slackApiUrl !== undefined) origins.push(new URL(slackApiUrl).origin);
  return fetchFn === undefined ? { origins } : { origins, fetch: fetchFn };
}

/** The URL when it may be posted to, else null (not a URL, credentials in it, another origin). */
export function allowedResponseUrl(value: unknown, policy: ResponseUrlPolicy): URL | null {
  if (typeof value !== 'string') return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.username !== '' || url.password !== '') return null;
  return policy.origins.includes(url.origin) ? url : null;
}

/** What a refused or missing response_url falls back to: the Web API, in this channel, to this user. */
export interface WebApiFallback {
  client: WebClient;
  channelId: string;
  userId: string;
}

export interface RespondOptions {
  /** The request's `response_url`, as received (unchecked). */
  responseUrl: unknown;
  policy: ResponseUrlPolicy;
  /** null: nowhere to fall back to (no channel), the answer is logged as undelivered. */
  fallback: WebApiFallback | null;
  logger: Logger;
  meta: Record<string, unknown>;
  fetch?: typeof globalThis.fetch;
}

/** A response_url post that failed; `answered`: the URL answered (non-2xx), so nothing was posted. */
export class ResponseUrlError extends Error implements RefusalAnswer {
  override readonly name = 'ResponseUrlError';
  /** The answer's status and body (Slack names a refusal there: `invalid_blocks`); null: none. */
  readonly answer: { status: number; body: string } | null;
  constructor(
    message: string,
    readonly answered: boolean,
    options?: { cause?: unknown; answer?: { status: number; body: string } },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.answer = options?.answer ?? null;
  }
}

function postTo(url: URL, fetchFn: typeof globalThis.fetch): Respond {
  return async (message) => {
    let response: Response;
    let body: string;
    try {
      response = await fetchFn(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message),
        redirect: 'error',
        signal: AbortSignal.timeout(SLACK_CALL_TIMEOUT_MS),
      });
      // Read the body so the connection can be reused, whatever the status; a refusal names its
      // error there (`invalid_blocks`: src/slack-api/native-refusal.ts).
      body = await response.text();
    } catch (error) {
      throw new ResponseUrlError('Failed to respond to the response_url: no answer', false, {
        cause: error,
      });
    }
    if (!response.ok) {
      throw new ResponseUrlError(
        `Failed to respond to the response_url: ${response.status} ${response.statusText}`,
        true,
        { answer: { status: response.status, body } },
      );
    }
  };
}

function throughWebApi(fallback: WebApiFallback): Respond {
  return async (message) => {
    const blocks = 'blocks' in message ? message.blocks : undefined;
    const content = { text: message.text ?? '', ...(blocks ? { blocks } : {}) };
    if (message.response_type === 'in_channel') {
      await fallback.client.chat.postMessage({ channel: fallback.channelId, ...content });
      return;
    }
    await fallback.client.chat.postEphemeral({
      channel: fallback.channelId,
      user: fallback.userId,
      ...content,
    });
  };
}

/**
 * The respond() of a command or click: to its response_url when Slack's, else through the Web
 * API (logged once). Undefined when there is neither (an App Home click answers with views).
 */
export function createRespond(options: RespondOptions & { fallback: WebApiFallback }): Respond;
export function createRespond(options: RespondOptions): Respond | undefined;
export function createRespond(options: RespondOptions): Respond | undefined {
  const url = allowedResponseUrl(options.responseUrl, options.policy);
  if (url !== null) {
    const post = postTo(url, options.fetch ?? options.policy.fetch ?? globalThis.fetch);
    return options.fallback ? orThroughWebApi(post, options.fallback, options) : post;
  }
  if (options.responseUrl === undefined || options.responseUrl === null) {
    return options.fallback ? throughWebApi(options.fallback) : undefined;
  }
  options.logger.warn(
    { ...options.meta, responseUrlOrigin: originOf(options.responseUrl) },
    options.fallback
      ? 'response_url refused: not a Slack URL; answering through the Web API'
      : 'response_url refused: not a Slack URL; nowhere else to answer',
  );
  return options.fallback ? throughWebApi(options.fallback) : undefined;
}

/**
 * A response_url post that failed is answered through the Web API instead, so the user still gets
 * it: always for an answer only they see, and for an in-channel one only when the URL refused it
 * (after no answer at all it may have been posted, and a second copy would show in the channel).
 */
function orThroughWebApi(
  post: Respond,
  fallback: WebApiFallback,
  options: RespondOptions,
): Respond {
  return async (message) => {
    try {
      await post(message);
    } catch (error) {
      const unsent = error instanceof ResponseUrlError && error.answered;
      if (message.response_type === 'in_channel' && !unsent) throw error;
      options.logger.warn(
        { ...options.meta, err: error },
        'response_url post failed; answering through the Web API',
      );
      await throughWebApi(fallback)(message);
    }
  };
}

function originOf(value: unknown): string {
  if (typeof value !== 'string') return typeof value;
  try {
    return new URL(value).origin;
  } catch {
    return 'not a URL';
  }
}
