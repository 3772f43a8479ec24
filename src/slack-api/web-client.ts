import {
  type RetryOptions,
  type Logger as SlackLogger,
  WebClient,
  type WebClientOptions,
} from '@slack/web-api';

/**
 * The one recipe for Slack Web API clients. Each caller names its policy; the table below is the
 * only place timeouts, retries and 429 handling are decided. It depends on @slack/web-api alone, so
 * the Bolt wiring (src/slack/), the digest (src/digest/) and the CLI use it without importing each
 * other.
 */

/** Per Web API call unless a policy says otherwise (the library's default is none). */
export const SLACK_CALL_TIMEOUT_MS = 10_000;

/** Interactive paths must answer in seconds: the library's default retry budget is about 30 min. */
const INTERACTIVE_RETRY = {
  retries: 2,
  factor: 2,
  minTimeout: 300,
  maxTimeout: 2_000,
  randomize: true,
} as const satisfies RetryOptions;

const NO_RETRIES = { retries: 0 } as const satisfies RetryOptions;

interface Policy {
  timeoutMs: number;
  /** null: the retries of whoever builds the client from these options (Socket Mode's own). */
  retryConfig: RetryOptions | null;
  /** A 429 fails the call at once instead of pausing every call of the process for Retry-After. */
  rejectRateLimitedCalls: boolean;
}

export const SLACK_CLIENT_POLICIES = {
  /** Bolt's client (listeners, views, respond() fallbacks): 10 s, two quick retries. */
  interactive: {
    timeoutMs: SLACK_CALL_TIMEOUT_MS,
    retryConfig: INTERACTIVE_RETRY,
    rejectRateLimitedCalls: true,
  },
  /**
   * The chat.update that shows a click's result: one attempt of at most 3 s; past it the answer
   * goes through the click's response_url at once, instead of three 10 s attempts.
   */
  quick: { timeoutMs: 3_000, retryConfig: NO_RETRIES, rejectRateLimitedCalls: true },
  /**
   * The weekly digest (the bot's and `scale-review digest --now`'s): no retries of its own and a
   * 429 rejected at once, so the poster's retries decide (an ambiguous post is looked up by its
   * metadata before it is retried, a Retry-After is waited by the shared pacer).
   */
  digest: {
    timeoutMs: SLACK_CALL_TIMEOUT_MS,
    retryConfig: NO_RETRIES,
    rejectRateLimitedCalls: true,
  },
  /**
   * OAuth v2 (oauth.v2.access): the install's code exchange and a rotating token's refresh. No
   * retries: a refresh Slack applied but whose answer was lost used up the refresh token, and a
   * second attempt with it is refused anyway (the refresher then looks for what another replica
   * stored, src/slack-api/token-refresher.ts).
   */
  oauth: {
    timeoutMs: SLACK_CALL_TIMEOUT_MS,
    retryConfig: NO_RETRIES,
    rejectRateLimitedCalls: true,
  },
  /**
   * The app token's one apps.connections.open before Socket Mode connects: the interactive
   * retries, and a 429 waited out rather than failing the start.
   */
  appToken: {
    timeoutMs: SLACK_CALL_TIMEOUT_MS,
    retryConfig: INTERACTIVE_RETRY,
    rejectRateLimitedCalls: false,
  },
  /**
   * The Socket Mode client's own client (apps.connections.open on every reconnect): the timeout
   * only; its retries are the Socket Mode client's (many quick ones, to reconnect).
   */
  socket: { timeoutMs: SLACK_CALL_TIMEOUT_MS, retryConfig: null, rejectRateLimitedCalls: false },
} as const satisfies Record<string, Policy>;

export type SlackClientPolicy = keyof typeof SLACK_CLIENT_POLICIES;

export interface SlackClientOptions {
  policy: SlackClientPolicy;
  /** SLACK_API_URL (with its trailing slash: proxies, the tests' fake Slack); undefined: slack.com. */
  apiUrl: string | undefined;
  /** The library's own log lines go through it, so none bypasses the redaction or the JSON output. */
  logger: SlackLogger;
  /** The client's fetch (the bot counts Slack API calls and errors with it, src/ops/). */
  fetch?: typeof globalThis.fetch;
  /** Per call; default the policy's (tests shorten it). */
  timeoutMs?: number;
}

/** The WebClient options of a policy: for Bolt's `clientOptions` and the Socket Mode receiver. */
export function slackClientOptions(options: SlackClientOptions): WebClientOptions {
  const policy: Policy = SLACK_CLIENT_POLICIES[options.policy];
  return {
    ...(options.apiUrl === undefined ? {} : { slackApiUrl: options.apiUrl }),
    timeout: options.timeoutMs ?? policy.timeoutMs,
    ...(policy.retryConfig === null ? {} : { retryConfig: { ...policy.retryConfig } }),
    ...(policy.rejectRateLimitedCalls ? { rejectRateLimitedCalls: true } : {}),
    logger: options.logger,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  };
}

/** A Web API client with `token` under the named policy. */
export function createSlackClient(
  token: string | undefined,
  options: SlackClientOptions,
): WebClient {
  return new WebClient(token, slackClientOptions(options));
}

/** Clients of one policy per bot token, each made once and kept (the quick edit after a click). */
export function slackClientsByToken(
  options: SlackClientOptions,
): (token: string | undefined) => WebClient {
  const clients = new Map<string | undefined, WebClient>();
  return (token) => {
    const known = clients.get(token);
    if (known !== undefined) return known;
    const client = createSlackClient(token, options);
    clients.set(token, client);
    return client;
  };
}
