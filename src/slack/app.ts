import type { AddressInfo } from 'node:net';
import { App, type HTTPReceiver, type SocketModeReceiver } from '@slack/bolt';
import type { Logger as PinoLogger } from 'pino';
import type { SlackMode } from '../config/bot-env.js';
import { publicHealthRoutes, type Readiness } from '../ops/health.js';
import { registerActions } from './actions/register.js';
import { boltLevelOf, createBoltLogger } from './bolt-logger.js';
import { interactiveClientOptions } from './client-options.js';
import { registerCommands } from './commands/register.js';
import { registerEvents } from './events/register.js';
import { createHttpReceiver } from './receivers/http-receiver.js';
import { createSocketReceiver } from './receivers/socket-receiver.js';
import type { SlackDeps } from './slack-deps.js';

export interface SlackAppOptions {
  botToken: string;
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
}

export interface SlackApp {
  readonly app: App;
  readonly mode: SlackMode['kind'];
  /** Calls auth.test: a bad SLACK_BOT_TOKEN fails here, at startup. */
  init(): Promise<void>;
  /** HTTP: listens on the configured port (host optional); Socket Mode: connects. */
  start(host?: string): Promise<{ port: number | null }>;
  /** Stops taking work: closes the HTTP server or the socket; /readyz says `stopping` first. */
  stop(): Promise<void>;
  /** Whether requests can arrive now: HTTP always; Socket Mode while the connection is up. */
  connected(): boolean;
}

/** Tracks the Socket Mode connection (the client reconnects by itself after a drop). */
function socketConnection(receiver: SocketModeReceiver): () => boolean {
  let connected = false;
  receiver.client.on('connected', () => {
    connected = true;
  });
  for (const state of ['disconnecting', 'disconnected', 'reconnecting']) {
    receiver.client.on(state, () => {
      connected = false;
    });
  }
  return () => connected;
}

interface Receiver {
  receiver: HTTPReceiver | SocketModeReceiver;
  connected: () => boolean;
}

function createReceiver(options: SlackAppOptions): Receiver {
  const boltLogger = createBoltLogger(options.logger, 'bolt-receiver');
  const { mode } = options;
  if (mode.kind === 'socket') {
    const receiver = createSocketReceiver({
      appToken: mode.appToken,
      slackApiUrl: options.slackApiUrl,
      boltLogger,
    });
    return { receiver, connected: socketConnection(receiver) };
  }
  const receiver = createHttpReceiver({
    signingSecret: mode.signingSecret,
    port: mode.port,
    boltLogger,
    logger: options.logger,
    healthRoutes: publicHealthRoutes(options.readiness),
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
    token: options.botToken,
    receiver,
    logger: boltLogger,
    logLevel: boltLevelOf(logger.level),
    clientOptions: {
      ...interactiveClientOptions(options.slackApiUrl, boltLogger),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    },
    convoStore: false,
    deferInitialization: true,
  });
  app.error(async (error) => {
    logger.error({ err: error }, 'unhandled error in a Slack listener');
  });
  registerCommands(app, deps);
  registerActions(app, deps);
  registerEvents(app, deps);

  return {
    app,
    mode: mode.kind,
    init: () => app.init(),
    start: async (host?: string) => {
      if (mode.kind === 'socket') {
        await app.start();
        return { port: null };
      }
      const server = await app.start(host === undefined ? mode.port : { port: mode.port, host });
      return { port: (server.address() as AddressInfo).port };
    },
    stop: async () => {
      options.readiness.markStopping();
      await app.stop();
    },
    connected,
  };
}
