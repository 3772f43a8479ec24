import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * How the receiver refuses a request. Every refusal carries `x-slack-no-retry: 1` (a deliberate
 * refusal: Slack should not retry it).
 *
 * A request refused before its body is read (too large, unsigned, a stale timestamp) is answered
 * at once but closed only once its body has arrived, read and thrown away ("lingering close"):
 * closing a socket with unread data in it makes the kernel reset the connection, and a client
 * still sending its body then sees ECONNRESET or EPIPE instead of the answer. An unsigned 10 MB
 * body was reset that way, while a signed one (read up to the 4 MB limit first) got its 413.
 * The discarding stops at DISCARD_LIMIT bytes (the socket is then destroyed), and the server's
 * requestTimeout (10 s, server-limits.ts) bounds it in time.
 */

/** Bytes of a refused body read and thrown away at most before the connection is cut. */
export const DISCARD_LIMIT = 16 * 1024 * 1024;

/** Refuses a request whose body has been read in full. */
export function refuse(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'x-slack-no-retry': '1' });
  res.end();
}

/**
 * Refuses a request whose body has not been read (or only in part): the answer (no body) goes out
 * now; the rest of the body is read and discarded; the connection is closed once it has all
 * arrived, or cut after DISCARD_LIMIT bytes.
 */
export function refuseUnread(req: IncomingMessage, res: ServerResponse, status: number): void {
  if (res.headersSent || res.destroyed) {
    req.socket.destroy();
    return;
  }
  res.writeHead(status, {
    'x-slack-no-retry': '1',
    'content-length': '0',
    connection: 'close',
  });
  res.flushHeaders();
  if (req.complete) {
    res.end();
    return;
  }
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_LIMIT) req.socket.destroy();
  });
  req.once('end', () => res.end());
  req.once('error', () => req.socket.destroy());
  req.resume();
}
