import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { defaultBodyLimit, HTTPModuleFunctions } from '@slack/bolt';
import type { Logger } from '../../logging/logger.js';

/**
 * Slack's "Verifying requests from Slack", in front of Bolt's request listener and in this order:
 * 1. the headers: a `v0=` signature and a timestamp within 5 minutes of now, either way (Bolt's
 *    own check let future timestamps through) — refused with 401 before the body is read;
 * 2. the raw body, buffered up to the limit (413 beyond it);
 * 3. HMAC-SHA256 over `v0:{timestamp}:{raw body}`, compared in constant time with each signing
 *    secret: the current one, and the previous one during a rotation (401 when none matches);
 * 4. only then is the body parsed: a signed body that is valid JSON but not an object (`payload=
 *    null` made Bolt throw in a promise nobody awaits) is refused with 400.
 * Bolt runs with its own verification off and reuses the buffered body. Unsigned requests never
 * reach a parser, except Slack's unsigned `ssl_check=1` probe (at most 1 KiB), answered here.
 * Every refusal carries `x-slack-no-retry: 1`.
 */

/** Slack's replay window: a request more than 5 minutes from now, either way, is refused. */
const MAX_CLOCK_SKEW_SECONDS = 300;
/** An unsigned body is read only to recognise Slack's ssl_check probe. */
const UNSIGNED_BODY_LIMIT = 1024;
const SIGNATURE = /^v0=([0-9a-f]{64})$/;
const FORM = 'application/x-www-form-urlencoded';

export interface SignatureGuardOptions {
  endpoints: readonly string[];
  /** The current signing secret first, then the previous one during a rotation. */
  signingSecrets: readonly string[];
  logger: Logger;
  bodyLimit?: number;
  /** Milliseconds since the epoch (default Date.now). */
  nowMs?: () => number;
}

interface SignedHeaders {
  timestamp: number;
  signature: Buffer;
}

type BufferedRequest = IncomingMessage & { rawBody: Buffer };

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function signedHeaders(req: IncomingMessage): SignedHeaders | null {
  const match = SIGNATURE.exec(header(req, 'x-slack-signature') ?? '');
  const timestamp = Number(header(req, 'x-slack-request-timestamp'));
  if (!match?.[1] || !Number.isSafeInteger(timestamp)) return null;
  return { timestamp, signature: Buffer.from(match[1], 'hex') };
}

function signs(secret: string, headers: SignedHeaders, body: Buffer): boolean {
  const ours = createHmac('sha256', secret)
    .update(`v0:${headers.timestamp}:`)
    .update(body)
    .digest();
  return timingSafeEqual(ours, headers.signature);
}

function isSslCheck(req: IncomingMessage, body: Buffer): boolean {
  return header(req, 'content-type') === FORM && parseQuery(body.toString()).ssl_check === '1';
}

/** Parses the signed body as Bolt will; undefined when it is not JSON (Bolt answers 400 itself). */
function parsedBody(req: BufferedRequest): unknown {
  try {
    return HTTPModuleFunctions.parseHTTPRequestBody(req);
  } catch {
    return undefined;
  }
}

function isNonObject(body: unknown): boolean {
  return body === null || typeof body !== 'object' || Array.isArray(body);
}

function answer(res: ServerResponse, status: number, unread = false): void {
  // A deliberate refusal: tell Slack not to retry it; an unread body is not worth reading.
  res.writeHead(status, {
    'x-slack-no-retry': '1',
    ...(unread ? { connection: 'close' } : {}),
  });
  res.end();
}

export function verifyBeforeParsing(
  next: RequestListener,
  options: SignatureGuardOptions,
): RequestListener {
  const nowMs = options.nowMs ?? (() => Date.now());
  const limit = options.bodyLimit ?? defaultBodyLimit;
  const refuse = (res: ServerResponse, status: number, path: string, reason: string) => {
    options.logger.warn({ path, status }, `request refused: ${reason}`);
    answer(res, status);
  };
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'POST' || !options.endpoints.includes(path)) {
      next(req, res);
      return;
    }
    const signed = signedHeaders(req);
    if (signed !== null) {
      const skew = signed.timestamp - Math.floor(nowMs() / 1000);
      if (Math.abs(skew) > MAX_CLOCK_SKEW_SECONDS) {
        options.logger.warn(
          { path, skewSeconds: skew },
          'request refused: stale or future timestamp',
        );
        req.resume();
        answer(res, 401, true);
        return;
      }
    }
    HTTPModuleFunctions.bufferIncomingMessage(req, signed ? limit : UNSIGNED_BODY_LIMIT).then(
      (buffered) => {
        const body = buffered.rawBody;
        if (signed === null) {
          if (isSslCheck(req, body)) {
            res.writeHead(200);
            res.end();
            return;
          }
          refuse(res, 401, path, 'no Slack signature');
          return;
        }
        if (!options.signingSecrets.some((secret) => signs(secret, signed, body))) {
          refuse(res, 401, path, 'bad signature');
          return;
        }
        const parsed = parsedBody(buffered);
        if (parsed !== undefined && isNonObject(parsed)) {
          refuse(res, 400, path, 'the body is not a JSON object');
          return;
        }
        next(buffered, res);
      },
      (error: unknown) => {
        const tooLarge = HTTPModuleFunctions.isRawBodyError(error) && error.statusCode === 413;
        const status = signed === null ? 401 : tooLarge ? 413 : 400;
        options.logger.warn({ path, status, err: error }, 'request refused: unreadable body');
        if (!res.headersSent && !res.destroyed) answer(res, status, true);
      },
    );
  };
}
