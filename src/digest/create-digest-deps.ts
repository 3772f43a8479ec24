import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger as SlackLogger } from '@slack/web-api';
import type { AppDeps } from '../app/deps.js';
import { createSlackCanvas } from '../canvas/slack-canvas.js';
import type { NativeFallbackLog } from '../slack-api/native-refusal.js';
import { createSlackClient, SLACK_CLIENT_POLICIES } from '../slack-api/web-client.js';
import type { DigestConfig } from './config.js';
import type { DigestDeps } from './digest-deps.js';
import { postPacerFor } from './pacer.js';
import { defaultSleep } from './retry.js';
import { storePaceExchange } from './shared-pace.js';
import { createSlackPoster } from './slack-poster.js';

/** The digest's Slack side, as the bot and `scale-review digest --now` configure it. */
export interface DigestSlackConfig {
  botToken: string;
  slackApiUrl: string | undefined;
  /** @slack/web-api's own log lines (the bot's JSON logger, or the CLI's stderr lines). */
  clientLogger: SlackLogger;
  /** Per Web API call; default the `digest` client policy's (tests shorten it). */
  timeoutMs?: number;
  /** The WebClient's fetch (the bot counts Slack API calls and errors with it, src/ops/). */
  fetch?: typeof globalThis.fetch;
  /** The replica's lease owner id; defaults to host:pid:random. */
  owner?: string;
  /** The shared pace's key: the tenant's, for an installed app (default: one workspace's). */
  paceKey?: string;
  /** Where a digest sent again without its chart and table is recorded (the bot's ops). */
  nativeFallbacks?: NativeFallbackLog;
}

/**
 * A digest post that got no answer is looked up by its metadata only once it is
 * this many client timeouts old (30 s by default): Slack may still apply a request it received
 * after the client gave up on it, and a lookup before that finds nothing (docs/digest.md).
 */
export const SETTLE_TIMEOUTS = 3;

export function replicaOwner(kind = 'bot'): string {
  return `${kind}:${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** The digest's dependencies: its Slack client and poster, and the lease settings. */
export function createDigestDeps(
  app: AppDeps,
  config: DigestConfig,
  slack: DigestSlackConfig,
): DigestDeps {
  const owner = slack.owner ?? replicaOwner();
  const timeoutMs = slack.timeoutMs ?? SLACK_CLIENT_POLICIES.digest.timeoutMs;
  const client = createSlackClient(slack.botToken, {
    policy: 'digest',
    apiUrl: slack.slackApiUrl,
    logger: slack.clientLogger,
    timeoutMs,
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
      settleMs: SETTLE_TIMEOUTS * timeoutMs,
    },
    {
      // The pace is shared through the store by the replicas sending at once (docs/digest.md).
      pacer: postPacerFor(
        config,
        storePaceExchange(app.store.digestPace, owner, app.clock, app.logger, slack.paceKey),
      ),
      ...(slack.nativeFallbacks === undefined ? {} : { nativeFallbacks: slack.nativeFallbacks }),
      logger: app.logger,
    },
  );
  return {
    ...app,
    poster,
    nativeBlocks: config.chart,
    // The capacity plan canvas, on the digest's client (no retries: written again next time).
    canvas: createSlackCanvas(client),
    owner,
    leaseMs: config.leaseSeconds * 1000,
  };
}
