import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { WebClient } from '@slack/web-api';
import type { AppDeps } from '../app/deps.js';
import type { DigestConfig } from './config.js';
import { postPacerFor } from './pacer.js';
import { createChartRenderer } from './render-digest-chart.js';
import { defaultSleep } from './retry.js';
import type { DigestDeps } from './send-digest.js';
import { createSlackPoster } from './slack-poster.js';

export interface DigestSlackConfig {
  botToken: string;
  slackApiUrl: string | undefined;
  /** The replica's lease owner id; defaults to host:pid:random. */
  owner?: string;
  /** The WebClient's fetch (the bot counts Slack API calls and errors with it, src/ops/). */
  fetch?: typeof globalThis.fetch;
}

export function replicaOwner(kind = 'bot'): string {
  return `${kind}:${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/**
 * The digest's dependencies: a Slack client with its own retries off (the poster retries, so an
 * ambiguous post is looked up before it is retried), the chart renderer, and the lease settings.
 */
export function createDigestDeps(
  app: AppDeps,
  config: DigestConfig,
  slack: DigestSlackConfig,
): DigestDeps {
  const client = new WebClient(slack.botToken, {
    ...(slack.slackApiUrl === undefined ? {} : { slackApiUrl: slack.slackApiUrl }),
    timeout: 10_000,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    ...(slack.fetch === undefined ? {} : { fetch: slack.fetch }),
  });
  const poster = createSlackPoster(
    client,
    {
      attempts: config.slackAttempts,
      baseDelayMs: 500,
      maxDelayMs: 20_000,
      sleep: defaultSleep,
      random: Math.random,
    },
    { pacer: postPacerFor(config) },
  );
  return {
    ...app,
    poster,
    renderChart: config.chart ? createChartRenderer(app.plan) : null,
    owner: slack.owner ?? replicaOwner(),
    leaseMs: config.leaseSeconds * 1000,
  };
}
