import { randomBytes } from 'node:crypto';
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/**
 * Why a Socket Mode WebSocket could not be opened. The Socket Mode client's WebSocket (undici)
 * reports a failed connection with an empty message and no cause, so the bot logged only
 * "WebSocket error occurred: ". This makes the same connection once more, step by step, and says
 * where it stops: the name lookup, the TCP connection, TLS, or the WebSocket upgrade (with the
 * HTTP status a proxy answered it with). The URL's ticket is sent as the client sent it; a probe
 * that gets through (101) is closed at once.
 */

const TIMEOUT_MS = 5_000;

const CERTIFICATE_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME/;
const TLS_CODES = /TLS|SSL/;

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}

function describeError(error: unknown, host: string): string {
  const code = codeOf(error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot resolve ${host} (${code})`;
  if (code === 'ECONNREFUSED') return 'the connection was refused (ECONNREFUSED)';
  if (code === 'ECONNRESET') return 'the connection was reset (ECONNRESET)';
  if (code === 'ETIMEDOUT') return 'the connection timed out (ETIMEDOUT)';
  if (CERTIFICATE_CODES.test(code)) {
    return `TLS failed (${code}): the certificate is not one Node trusts (a TLS-inspecting proxy? its CA goes in NODE_EXTRA_CA_CERTS)`;
  }
  if (TLS_CODES.test(code)) return `TLS failed (${code})`;
  return `the connection failed (${code})`;
}

function upgradeRequest(url: URL): string {
  const key = randomBytes(16).toString('base64');
  return [
    `GET ${url.pathname}${url.search} HTTP/1.1`,
    `Host: ${url.host}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${key}`,
    'Sec-WebSocket-Version: 13',
    '',
    '',
  ].join('\r\n');
}

function open(url: URL): Socket {
  const secure = url.protocol === 'wss:' || url.protocol === 'https:';
  const port = Number(url.port || (secure ? 443 : 80));
  const host = url.hostname;
  return secure
    ? tlsConnect({
        host,
        port,
        ...(isIP(host) === 0 ? { servername: host } : {}),
        ALPNProtocols: ['http/1.1'],
      })
    : netConnect({ host, port });
}

/**
 * One attempt at `url`'s WebSocket handshake; resolves with what happened, in a few words:
 * "the WebSocket upgrade was answered HTTP 403 Forbidden", "cannot resolve wss-primary.slack.com
 * (ENOTFOUND)", "no answer within 5 s". Never rejects.
 */
export function probeWebSocket(url: URL, timeoutMs = TIMEOUT_MS): Promise<string> {
  return new Promise((resolve) => {
    let socket: Socket;
    try {
      socket = open(url);
    } catch (error) {
      resolve(describeError(error, url.hostname));
      return;
    }
    let received = '';
    const done = (cause: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(cause);
    };
    const timer = setTimeout(() => done(`no answer within ${timeoutMs / 1000} s`), timeoutMs);
    const secure = url.protocol === 'wss:' || url.protocol === 'https:';
    socket.once(secure ? 'secureConnect' : 'connect', () => socket.write(upgradeRequest(url)));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const end = received.indexOf('\r\n');
      if (end < 0) return;
      const status = received.slice(0, end).replace(/^HTTP\/\d(\.\d)?\s+/, '');
      done(
        status.startsWith('101')
          ? 'the WebSocket handshake succeeds now (the failure was transient)'
          : `the WebSocket upgrade was answered HTTP ${status}`,
      );
    });
    socket.once('error', (error) => done(describeError(error, url.hostname)));
    socket.once('close', () =>
      done('the connection was closed during the WebSocket handshake, without an answer'),
    );
  });
}
