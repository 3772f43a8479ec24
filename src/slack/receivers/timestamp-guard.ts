import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from '../../logging/logger.js';

/** Slack's replay window: a request more than 5 minutes from now, either way, is refused. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export interface TimestampGuardOptions {
  endpoints: readonly string[];
  logger: Logger;
  /** Milliseconds since the epoch (Bolt's own check reads Date.now too). */
  nowMs?: () => number;
}

function isFuture(req: IncomingMessage, nowMs: number): boolean {
  const header = req.headers['x-slack-request-timestamp'];
  if (typeof header !== 'string') return false;
  const timestamp = Number(header);
  return (
    Number.isFinite(timestamp) && timestamp > Math.floor(nowMs / 1000) + MAX_CLOCK_SKEW_SECONDS
  );
}

function refuse(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  // A deliberate refusal: tell Slack not to retry it.
  res.writeHead(401, { 'x-slack-no-retry': '1' });
  res.end();
}

/**
 * Bolt's verifier refuses timestamps older than 5 minutes but lets future ones through; this
 * refuses those too, in front of Bolt's (which still checks the signature and old timestamps).
 */
export function rejectFutureTimestamps(
  next: RequestListener,
  options: TimestampGuardOptions,
): RequestListener {
  const nowMs = options.nowMs ?? Date.now;
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'POST' && options.endpoints.includes(path) && isFuture(req, nowMs())) {
      options.logger.warn({ path }, 'request refused: timestamp in the future');
      refuse(req, res);
      return;
    }
    next(req, res);
  };
}
