import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { defaultBodyLimit, HTTPModuleFunctions } from '@slack/bolt';
import type { Logger } from '../../logging/logger.js';
import { refuse, refuseUnread } from './refusal.js';

/**
 * Slack's "Verifying requests from Slack", in front of Bolt's request listener and in this order:
 * 0. a body declared (`Content-Length`) over the limit: 413, signed or not, before anything else;
 * 1. the headers: a `v0=` signature and a timestamp within 5 minutes of now, either way (Bolt's
 *    own check let future timestamps through) — refused with 401 before the body is read;
 * 2. the raw body, buffered up to the limit (413 beyond it);
 * 3. HMAC-SHA256 over `v0:{timestamp}:{raw body}`, compared in constant time with each signing
 *    secret: the current one, and the previous one during a rotation (401 when none matches);
 * 4. only then is the body parsed: a signed body that is valid JSON but not an object (`payload=
 *    null` made Bolt throw in a promise nobody awaits) is refused with 400.
 * Bolt runs with its own verification off and reuses the buffered body. Unsigned requests never
 * reach a parser, except Slack's unsigned `ssl_check=1` probe (at most 1 KiB), answered here.
 * Every refusal carries `x-slack-no-retry: 1`; one made before the body was read is closed only
 * once the body has arrived (refusal.ts), so the client gets the answer, not a reset.
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

/** The body's declared length, when the client declared one. */
function declaredLength(req: IncomingMessage): number | null {
  const value = Number(header(req, 'content-length'));
  return header(req, 'content-length') !== undefined && Number.isSafeInteger(value) ? value : null;
}

export function verifyBeforeParsing(
  next: RequestListener,
  options: SignatureGuardOptions,
): RequestListener {
  const nowMs = options.nowMs ?? (() => Date.now());
  const limit = options.bodyLimit ?? defaultBodyLimit;
  const refused = (res: ServerResponse, status: number, path: string, reason: string) => {
    options.logger.warn({ path, status }, `request refused: ${reason}`);
    refuse(res, status);
  };
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'POST' || !options.endpoints.includes(path)) {
      next(req, res);
      return;
    }
    // A body declared over the limit is refused alike, signed or not, before anything is read.
    const length = declaredLength(req);
    if (length !== null && length > limit) {
      options.logger.warn({ path, status: 413, length, limit }, 'request refused: body too large');
      refuseUnread(req, res, 413);
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
        refuseUnread(req, res, 401);
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
          refused(res, 401, path, 'no Slack signature');
          return;
        }
        if (!options.signingSecrets.some((secret) => signs(secret, signed, body))) {
          refused(res, 401, path, 'bad signature');
          return;
        }
        const parsed = parsedBody(buffered);
        if (parsed !== undefined && isNonObject(parsed)) {
          refused(res, 400, path, 'the body is not a JSON object');
          return;
        }
        next(buffered, res);
      },
      (error: unknown) => {
        const tooLarge = HTTPModuleFunctions.isRawBodyError(error) && error.statusCode === 413;
        const status = signed === null ? 401 : tooLarge ? 413 : 400;
        const reason = signed === null ? 'no Slack signature' : 'unreadable body';
        // An unsigned body over 1 KiB is simply not read further: no error worth its stack.
        const meta = signed === null ? { path, status } : { path, status, err: error };
        options.logger.warn(meta, `request refused: ${reason}`);
        refuseUnread(req, res, status);
      },
    );
  };
}
