import { request } from 'node:http';
import { signedHeaders } from '../../support/slack-request.js';

/**
 * A client posting a large body to the bot at the pace the connection takes it (each write waits
 * for `drain`), as a real upload over a network does: it is still sending when the bot answers.
 * Resolves with the answer's status, or the error the client saw (`EPIPE`, `ECONNRESET`).
 */

export interface LargeBodyOptions {
  port: number;
  bytes: number;
  /** Signed as Slack signs (a valid signature over the whole body). */
  signed: boolean;
  /** Content-Length given (else chunked: the size is not known in advance). */
  declared: boolean;
}

const CHUNK = 64 * 1024;

export function postLargeBody(options: LargeBodyOptions): Promise<string> {
  const body = Buffer.alloc(options.bytes, 'a');
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    ...(options.declared ? { 'content-length': String(body.length) } : {}),
    ...(options.signed ? signedHeaders(body.toString()) : {}),
  };
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port: options.port, path: '/slack/events', method: 'POST', headers },
      (res) => {
        res.resume();
        res.on('end', () => resolve(String(res.statusCode)));
        res.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    let offset = 0;
    const write = (): void => {
      while (offset < body.length) {
        const chunk = body.subarray(offset, offset + CHUNK);
        offset += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', write);
          return;
        }
      }
      req.end();
    };
    write();
  });
}
