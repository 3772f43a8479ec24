import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type Logger as SlackLogger, WebClient } from '@slack/web-api';
import type { AppDeps } from '../app/deps.js';
import type { DigestConfig } from './config.js';
import type { DigestDeps } from './digest-deps.js';
import { postPacerFor } from './pacer.js';
import { createChartRenderer } from './render-digest-chart.js';
import { defaultSleep } from './retry.js';
import { storePaceExchange } from './shared-pace.js';
import { createSlackPoster } from './slack-poster.js';

/** Per Web API call; the poster's own retries (digest.slackAttempts) do the retrying. */
export const DIGEST_SLACK_TIMEOUT_MS = 10_000;

export interface DigestClientConfig {
  botToken: string;
  slackApiUrl: string | undefined;
  /** @slack/web-api's own log lines (the bot's JSON logger, or the CLI's stderr lines). */
  clientLogger: SlackLogger;
  /** Default DIGEST_SLACK_TIMEOUT_MS (tests shorten it). */
  timeoutMs?: number;
  /** The WebClient's fetch (the bot counts Slack API calls and errors with it, src/ops/). */
  fetch?: typeof globalThis.fetch;
}

export interface DigestSlackConfig extends DigestClientConfig {
  /** The replica's lease owner id; defaults to host:pid:random. */
  owner?: string;
}

export function replicaOwner(kind = 'bot'): string {
  return `${kind}:${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/**
 * The digest's Slack client (the bot's and `scale-review digest --now`'s): its own retries off and
 * 429s rejected at once, so the poster's retries decide (an ambiguous post is looked up by its
 * metadata before it is retried), and our logger, so its lines never bypass the JSON output.
 */
export function createDigestClient(config: DigestClientConfig): WebClient {
  return new WebClient(config.botToken, {
    ...(config.slackApiUrl === undefined ? {} : { slackApiUrl: config.slackApiUrl }),
    timeout: config.timeoutMs ?? DIGEST_SLACK_TIMEOUT_MS,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: config.clientLogger,
    ...(config.fetch === undefined ? {} : { fetch: config.fetch }),
  });
}

/** The digest's dependencies: its Slack client, the chart renderer, and the lease settings. */
export function createDigestDeps(
  app: AppDeps,
  config: DigestConfig,
  slack: DigestSlackConfig,
): DigestDeps {
  const owner = slack.owner ?? replicaOwner();
  const poster = createSlackPoster(
    createDigestClient(slack),
    {
      attempts: config.slackAttempts,
      baseDelayMs: 500,
      maxDelayMs: 20_000,
      sleep: defaultSleep,
      random: Math.random,
    },
    {
      // The pace is shared through the store by the replicas sending at once (docs/digest.md).
      pacer: postPacerFor(
        config,
        storePaceExchange(app.store.digestPace, owner, app.clock, app.logger),
      ),
      // The chart's upload POST goes through the same (counted) fetch and timeout as the client.
      ...(slack.fetch === undefined ? {} : { fetch: slack.fetch }),
      uploadTimeoutMs: slack.timeoutMs ?? DIGEST_SLACK_TIMEOUT_MS,
    },
  );
  return {
    ...app,
    poster,
    renderChart: config.chart ? createChartRenderer(app.plan) : null,
    owner,
    leaseMs: config.leaseSeconds * 1000,
  };
}
