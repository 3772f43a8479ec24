import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  App,
  type Authorize,
  type CustomRoute,
  type HTTPReceiver,
  type SocketModeReceiver,
} from '@slack/bolt';
import type { Logger as PinoLogger } from 'pino';
import type { SlackMode } from '../config/bot-env.js';
import { publicHealthRoutes, type Readiness } from '../ops/health.js';
import { slackClientOptions } from '../slack-api/web-client.js';
import { registerActions } from './actions/register.js';
import { boltLevelOf, createBoltLogger } from './bolt-logger.js';
import { registerCommands } from './commands/register.js';
import { registerEvents } from './events/register.js';
import { createHttpReceiver } from './receivers/http-receiver.js';
import {
  capConnectionsPerClient,
  MAX_CONNECTIONS_PER_CLIENT,
  SERVER_OPTIONS,
} from './receivers/server-limits.js';
import { watchSocketMode } from './receivers/socket-diagnostics.js';
import { checkAppToken, createSocketReceiver } from './receivers/socket-receiver.js';
import type { SlackDeps } from './slack-deps.js';
import { ackEverything } from './unhandled.js';
import { registerSettings } from './views/settings-submit.js';
import { within } from './work-tracker.js';

/**
 * Who the app acts as: one workspace's bot token (SLACK_BOT_TOKEN), or, in OAuth mode, each
 * request's installation (src/slack/oauth/authorize.ts) with the install flow's routes served.
 */
export type SlackAppAuth =
  | { kind: 'token'; botToken: string }
  | { kind: 'oauth'; authorize: Authorize<boolean>; routes: CustomRoute[] };

export interface SlackAppOptions {
  auth: SlackAppAuth;
  mode: SlackMode;
  /** SLACK_API_URL (with a trailing slash), or undefined for slack.com. */
  slackApiUrl: string | undefined;
  logger: PinoLogger;
  deps: SlackDeps;
  /** Clock of the future-timestamp check (defaults to Date.now, like Bolt's own check). */
  nowMs?: () => number;
  /** Served on the public port in HTTP mode (/livez, /readyz, /healthz); `stopping` on stop(). */
  readiness: Readiness;
  /** The fetch of Bolt's WebClients and respond() (the bot counts Slack API calls with it). */
  fetch?: typeof globalThis.fetch;
  /** Socket Mode: the client's reconnect step and pong timeout (tests; default 5 s). */
  socketReconnectMs?: number | undefined;
}

export interface SlackApp {
  readonly app: App;
  readonly mode: SlackMode['kind'];
  /** With a bot token, calls auth.test: a bad SLACK_BOT_TOKEN fails here, at startup. OAuth: no call. */
  init(): Promise<void>;
  /**
   * HTTP: listens on the configured port (host optional), with the server limits; Socket Mode:
   * checks the app token (apps.connections.open), then connects.
   */
  start(host?: string): Promise<{ port: number | null }>;
  /**
   * Stops taking work: closes the HTTP server (idle connections at once, the rest when they are
   * done or at `deadlineMs`, whichever is first) or the socket; /readyz says `stopping` first.
   */
  stop(deadlineMs: number): Promise<void>;
  /** Whether requests can arrive now: HTTP always; Socket Mode while the connection is up. */
  connected(): boolean;
}

interface Receiver {
  receiver: HTTPReceiver | SocketModeReceiver;
  connected: () => boolean;
}

function createReceiver(options: SlackAppOptions): Receiver {
  const boltLogger = createBoltLogger(options.logger, 'bolt-receiver');
  const { mode } = options;
  if (mode.kind === 'socket') {
    if (options.auth.kind === 'oauth') {
      throw new Error('OAuth mode runs over HTTP only (Slack does not list Socket Mode apps)');
    }
    const receiver = createSocketReceiver({
      appToken: mode.appToken,
      slackApiUrl: options.slackApiUrl,
      boltLogger,
      clientPingTimeoutMs: options.socketReconnectMs,
    });
    return { receiver, connected: watchSocketMode(receiver.client, options.logger) };
  }
  const receiver = createHttpReceiver({
    signingSecrets:
      mode.previousSigningSecret === null
        ? [mode.signingSecret]
        : [mode.signingSecret, mode.previousSigningSecret],
    port: mode.port,
    boltLogger,
    logger: options.logger,
    healthRoutes: publicHealthRoutes(options.readiness),
    ...(options.auth.kind === 'oauth' ? { extraRoutes: options.auth.routes } : {}),
    ...(options.nowMs ? { nowMs: options.nowMs } : {}),
  });
  return { receiver, connected: () => true };
}

/** Wires Bolt: the receiver for the mode, the WebClient options, the logger and every listener. */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { deps, logger, mode } = options;
  const boltLogger = createBoltLogger(logger);
  const { receiver, connected } = createReceiver(options);
  const app = new App({
    ...(options.auth.kind === 'token'
      ? { token: options.auth.botToken }
      : { authorize: options.auth.authorize }),
    receiver,
    logger: boltLogger,
    logLevel: boltLevelOf(logger.level),
    clientOptions: slackClientOptions({
      policy: 'interactive',
      apiUrl: options.slackApiUrl,
      logger: boltLogger,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }),
    convoStore: false,
    deferInitialization: true,
  });
  app.error(async (error) => {
    logger.error({ err: error }, 'unhandled error in a Slack listener');
  });
  registerCommands(app, deps);
  registerActions(app, deps);
  registerEvents(app, deps);
  registerSettings(app, deps);
  ackEverything(app, deps);

  let server: Server | null = null;
  const stopHttp = async (http: Server, deadlineMs: number) => {
    const closed = app.stop();
    http.closeIdleConnections();
    if (await within(closed, deadlineMs)) {
      await closed;
      return;
    }
    logger.warn({ deadlineMs }, 'drain deadline passed: closing every open connection');
    http.closeAllConnections();
    await closed;
  };
  return {
    app,
    mode: mode.kind,
    init: () => app.init(),
    start: async (host?: string) => {
      if (mode.kind === 'socket') {
        await checkAppToken({
          appToken: mode.appToken,
          slackApiUrl: options.slackApiUrl,
          boltLogger: createBoltLogger(logger, 'bolt-receiver'),
        });
        await app.start();
        return { port: null };
      }
      const listen = host === undefined ? mode.port : { port: mode.port, host };
      const http = await app.start(listen, SERVER_OPTIONS);
      capConnectionsPerClient(http, MAX_CONNECTIONS_PER_CLIENT, logger);
      server = http;
      return { port: (http.address() as AddressInfo).port };
    },
    stop: async (deadlineMs: number) => {
      options.readiness.markStopping();
      if (server !== null) {
        await stopHttp(server, deadlineMs);
        return;
      }
      const disconnected = app.stop();
      if (await within(disconnected, deadlineMs)) {
        await disconnected;
        return;
      }
      logger.warn(
        { deadlineMs },
        'drain deadline passed: the Socket Mode connection did not close',
      );
    },
    connected,
  };
}
