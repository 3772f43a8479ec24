import type { Logger } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';

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
