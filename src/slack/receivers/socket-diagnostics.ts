import type { Logger as BoltLogger, SocketModeReceiver } from '@slack/bolt';
import type { Logger } from '../../logging/logger.js';
import { probeWebSocket } from './socket-probe.js';

/**
 * What the Socket Mode connection does, in the bot's own log lines. The client (undici's
 * WebSocket) reported a WebSocket that could not open as "WebSocket error occurred: " with an
 * empty cause, every 5 s, forever: a proxy that lets Slack's HTTPS API through but blocks
 * WebSockets looked like nothing at all. Now:
 * - "Socket Mode cannot connect; retrying" (warn) with the WebSocket's host, the cause found by a
 *   probe (socket-probe.ts) and a hint; repeats are at debug, with a warn again once a minute;
 * - "Socket Mode connection lost; reconnecting" (warn) when an open connection drops;
 * - "Socket Mode reconnected" (info), with how long it was down ("Socket Mode connected" when
 *   the first connection came only after failures).
 * The client's own two empty error lines go to debug (quietSocketErrors).
 */

/** How often a connection that keeps failing is logged at warn (with a fresh probe). */
export const SOCKET_FAILURE_REPEAT_MS = 60_000;

export const SOCKET_HINT =
  'Slack\'s API answered (apps.connections.open), but not its WebSocket host: allow outbound wss:// (TLS on port 443) to that host through the proxy or firewall, or run in HTTP mode (README, "HTTP mode")';

type SocketModeClient = SocketModeReceiver['client'];

export interface SocketWatchOptions {
  /** Finds why a WebSocket could not open (default: probeWebSocket). */
  probe?: (url: URL) => Promise<string>;
  now?: () => number;
}

/** The client's empty lines ("WebSocket error occurred: ", "WebSocket error! …"), replaced by ours. */
function isClientSocketError(msg: readonly unknown[]): boolean {
  const [first] = msg;
  return typeof first === 'string' && /^WebSocket error( occurred:|!)/.test(first);
}

/** Bolt's logger for the Socket Mode client, with its empty WebSocket error lines at debug. */
export function quietSocketErrors(logger: BoltLogger): BoltLogger {
  return {
    ...logger,
    error: (...msg: unknown[]) =>
      isClientSocketError(msg) ? logger.debug(...msg) : logger.error(...msg),
  };
}

function urlOf(response: unknown): URL | null {
  const url = (response as { url?: unknown } | null)?.url;
  if (typeof url !== 'string') return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Follows the client's connection and logs its failures, losses and recoveries (above). Returns
 * whether requests can arrive now (readiness in Socket Mode).
 */
export function watchSocketMode(
  client: SocketModeClient,
  logger: Logger,
  options: SocketWatchOptions = {},
): () => boolean {
  const probe = options.probe ?? probeWebSocket;
  const now = options.now ?? Date.now;
  // Only the host: the URL's query is a connection ticket.
  let url: URL | null = null;
  let connected = false;
  let everConnected = false;
  let stopping = false;
  let downSince: number | null = null;
  let failures = 0;
  let warnedAt = Number.NEGATIVE_INFINITY;

  const lost = () => {
    if (!connected) return;
    connected = false;
    if (stopping) return;
    downSince = now();
    logger.warn({ host: url?.host ?? null }, 'Socket Mode connection lost; reconnecting');
  };

  const failed = () => {
    failures += 1;
    downSince ??= now();
    const fields = { host: url?.host ?? null, failures };
    if (now() - warnedAt < SOCKET_FAILURE_REPEAT_MS) {
      logger.debug(fields, 'Socket Mode cannot connect; retrying');
      return;
    }
    warnedAt = now();
    const target = url;
    const cause = target === null ? Promise.resolve('no WebSocket URL') : probe(target);
    void cause.then((found) => {
      if (stopping) return;
      logger.warn(
        { ...fields, cause: found, hint: SOCKET_HINT },
        'Socket Mode cannot connect; retrying',
      );
    });
  };

  client.on('authenticated', (response: unknown) => {
    url = urlOf(response);
  });
  client.on('connected', () => {
    if (downSince !== null) {
      const downSeconds = Math.round((now() - downSince) / 1000);
      const msg = everConnected ? 'Socket Mode reconnected' : 'Socket Mode connected';
      logger.info({ host: url?.host ?? null, downSeconds, failures }, msg);
    }
    connected = true;
    everConnected = true;
    downSince = null;
    failures = 0;
    warnedAt = Number.NEGATIVE_INFINITY;
  });
  // The bot's own stop (client.disconnect()) is not a loss.
  client.on('disconnecting', () => {
    stopping = true;
    connected = false;
  });
  client.on('error', () => {
    if (connected) lost();
    else if (!stopping) failed();
  });
  client.on('close', lost);
  client.on('reconnecting', () => {
    connected = false;
  });
  return () => connected;
}
