import type { Logger } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';

/** Interactive paths must answer in seconds: the default retry budget is about 30 minutes. */
export const WEB_CLIENT_TIMEOUT_MS = 10_000;
export const INTERACTIVE_RETRY = {
  retries: 2,
  factor: 2,
  minTimeout: 300,
  maxTimeout: 2_000,
  randomize: true,
} as const;

/**
 * WebClient options for Bolt's clients: SLACK_API_URL, a 10 s timeout, two quick retries, and a
 * 429 rejected at once instead of pausing every call of the process for Retry-After seconds.
 */
export function interactiveClientOptions(
  slackApiUrl: string | undefined,
  logger: Logger,
): WebClientOptions {
  return {
    ...(slackApiUrl === undefined ? {} : { slackApiUrl }),
    timeout: WEB_CLIENT_TIMEOUT_MS,
    retryConfig: { ...INTERACTIVE_RETRY },
    rejectRateLimitedCalls: true,
    logger,
  };
}

/**
 * One attempt of at most this long for the chat.update that shows a click's result: past it the
 * answer goes through the click's response_url at once, instead of the user waiting for the
 * interactive client's three 10 s attempts.
 */
export const QUICK_EDIT_TIMEOUT_MS = 3_000;

export interface QuickClientOptions {
  slackApiUrl: string | undefined;
  logger: Logger;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}

/** A client for one quick attempt (no retries, a short timeout), per bot token, kept. */
export function quickClients(
  options: QuickClientOptions,
): (token: string | undefined) => WebClient {
  const clients = new Map<string | undefined, WebClient>();
  return (token) => {
    let client = clients.get(token);
    if (!client) {
      client = new WebClient(token, {
        ...(options.slackApiUrl === undefined ? {} : { slackApiUrl: options.slackApiUrl }),
        timeout: options.timeoutMs ?? QUICK_EDIT_TIMEOUT_MS,
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
        logger: options.logger,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      clients.set(token, client);
    }
    return client;
  };
}
