import type { Server, ServerOptions } from 'node:http';
import type { Logger } from '../../logging/logger.js';

/**
 * Limits of the HTTP server Slack posts to. Slack's requests complete in milliseconds; Node's
 * defaults let a client stall for 60 s in its headers and 300 s in its body, and hold the process
 * after SIGTERM while it does.
 */
export const SERVER_OPTIONS = {
  /** Whole headers within 5 s of the connection (or of the previous request on it). */
  headersTimeout: 5_000,
  /** The whole request, body included, within 10 s. */
  requestTimeout: 10_000,
  /** An idle keep-alive connection is closed after 5 s (Node's default, stated). */
  keepAliveTimeout: 5_000,
  /** How often Node checks the two timeouts above (its default, 30 s, would add up to 30 s). */
  connectionsCheckingInterval: 1_000,
} as const satisfies ServerOptions;

/**
 * Open connections per client address at most. High enough for a load balancer in front of the
 * bot (all its connections share a few addresses), low enough that one client cannot take every
 * file descriptor; Slack itself posts from many addresses.
 */
export const MAX_CONNECTIONS_PER_CLIENT = 256;
const REFUSAL_LOG_INTERVAL_MS = 60_000;

/** Closes a client's connections beyond `max` as they arrive, logging at most once a minute per client. */
export function capConnectionsPerClient(server: Server, max: number, logger: Logger): void {
  const open = new Map<string, number>();
  const refusals = new Map<string, { count: number; loggedAt: number }>();
  server.on('connection', (socket) => {
    const client = socket.remoteAddress ?? 'unknown';
    const count = (open.get(client) ?? 0) + 1;
    if (count > max) {
      socket.destroy();
      const seen = refusals.get(client) ?? { count: 0, loggedAt: 0 };
      seen.count += 1;
      const now = Date.now();
      if (now - seen.loggedAt >= REFUSAL_LOG_INTERVAL_MS) {
        logger.warn(
          { client, max, refused: seen.count },
          'connection refused: too many open connections from one client',
        );
        seen.loggedAt = now;
        seen.count = 0;
      }
      refusals.set(client, seen);
      return;
    }
    open.set(client, count);
    socket.once('close', () => {
      const left = (open.get(client) ?? 1) - 1;
      if (left <= 0) open.delete(client);
      else open.set(client, left);
    });
  });
}
