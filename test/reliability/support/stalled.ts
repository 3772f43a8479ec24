import { connect, type Socket } from 'node:net';
import { slackSignature, TEST_SIGNING_SECRET } from '../../support/slack-request.js';

/**
 * Hostile HTTP clients on raw sockets: one that stops in the middle of its headers, and one that
 * announces a body (with a Slack-looking signature, so the bot waits for it) and sends only part.
 */

export interface StalledClient {
  socket: Socket;
  /** Resolves with the milliseconds from `opened` until the server closed the connection. */
  closed: Promise<number>;
  /** What the server wrote before closing (a 408, say), as text. */
  received(): string;
}

export interface StallOptions {
  port: number;
  host?: string;
  /** Local address to connect from (127.0.0.2 counts as another client than 127.0.0.1). */
  localAddress?: string;
}

/** What to send once the server has written `after` (a 100 Continue, say). */
interface Then {
  after: string;
  send: string;
}

function open(options: StallOptions, first: string, then?: Then): Promise<StalledClient> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      port: options.port,
      host: options.host ?? '127.0.0.1',
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    });
    let text = '';
    const opened = Date.now();
    const closed = new Promise<number>((done) => {
      socket.on('close', () => done(Date.now() - opened));
    });
    const stalled = { socket, closed, received: () => text };
    socket.on('data', (chunk) => {
      const before = text;
      text += chunk.toString();
      if (then && !before.includes(then.after) && text.includes(then.after)) {
        socket.write(then.send);
        resolve(stalled);
      }
    });
    socket.once('error', (error) => {
      // A reset after the connection was made is how a server cuts a client: closed resolves.
      if (!socket.connecting) return;
      reject(error);
    });
    socket.on('error', () => undefined);
    socket.once('close', () => {
      if (then && !text.includes(then.after)) {
        reject(new Error(`the server closed the connection before "${then.after}": ${text}`));
      }
    });
    socket.once('connect', () => {
      socket.write(first);
      if (!then) resolve(stalled);
    });
  });
}

/** Sends the request line and one header, then nothing. */
export function stallInHeaders(options: StallOptions): Promise<StalledClient> {
  return open(options, 'POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n');
}

/**
 * Sends complete, signed-looking headers announcing 1,000 bytes, then 10 of them. With `confirmed`
 * the headers ask for `Expect: 100-continue`, and the promise resolves once the server has answered
 * `100 Continue`: it then holds the request, waiting for the body (no fixed wait needed for that).
 */
export function stallInBody(
  options: StallOptions & { confirmed?: boolean },
): Promise<StalledClient> {
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = [
    'POST /slack/events HTTP/1.1',
    'Host: 127.0.0.1',
    'Content-Type: application/x-www-form-urlencoded',
    'Content-Length: 1000',
    `X-Slack-Request-Timestamp: ${timestamp}`,
    `X-Slack-Signature: ${slackSignature(TEST_SIGNING_SECRET, timestamp, 'x'.repeat(1000))}`,
    ...(options.confirmed ? ['Expect: 100-continue'] : []),
    '',
    '',
  ].join('\r\n');
  const body = 'text=stall';
  return options.confirmed
    ? open(options, headers, { after: ' 100 Continue', send: body })
    : open(options, `${headers}${body}`);
}
