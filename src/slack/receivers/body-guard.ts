import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { defaultBodyLimit, HTTPModuleFunctions } from '@slack/bolt';
import type { Logger } from '../../logging/logger.js';

export interface BodyGuardOptions {
  endpoints: readonly string[];
  logger: Logger;
}

/** Parses the body as Bolt will (a form's `payload` field, or JSON); undefined when it cannot. */
function parsedBody(req: Parameters<typeof HTTPModuleFunctions.parseHTTPRequestBody>[0]): unknown {
  try {
    return HTTPModuleFunctions.parseHTTPRequestBody(req);
  } catch {
    // Invalid JSON: Bolt answers it with a 400 itself.
    return undefined;
  }
}

function isNonObject(body: unknown): boolean {
  return body === null || typeof body !== 'object' || Array.isArray(body);
}

function answer(res: ServerResponse, status: number): void {
  // A deliberate refusal: tell Slack not to retry it.
  res.writeHead(status, { 'x-slack-no-retry': '1' });
  res.end();
}

/**
 * Bolt reads `body.ssl_check` before anything else, so a body that parses to JSON `null` (for
 * example `payload=null`) throws inside Bolt's request handler: an unhandled rejection that stops
 * the process, and a request that never gets an answer. This buffers the body first (Bolt reuses
 * the buffered `rawBody`) and refuses any body that is valid JSON but not an object with a 400.
 */
export function rejectNonObjectBodies(
  next: RequestListener,
  options: BodyGuardOptions,
): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'POST' || !options.endpoints.includes(path)) {
      next(req, res);
      return;
    }
    HTTPModuleFunctions.bufferIncomingMessage(req, defaultBodyLimit).then(
      (buffered) => {
        const body = parsedBody(buffered);
        if (body !== undefined && isNonObject(body)) {
          options.logger.warn({ path }, 'request refused: the body is not a JSON object');
          answer(res, 400);
          return;
        }
        next(buffered, res);
      },
      (error: unknown) => {
        const tooLarge = HTTPModuleFunctions.isRawBodyError(error) && error.statusCode === 413;
        options.logger.warn({ path, err: error }, 'request refused: unreadable body');
        answer(res, tooLarge ? 413 : 400);
      },
    );
  };
}

type ProcessEventErrorHandler = (
  args: Parameters<typeof HTTPModuleFunctions.defaultProcessEventErrorHandler>[0],
) => Promise<boolean>;

/**
 * Bolt's processEventErrorHandler. Our listeners never throw (every failure becomes a reply), so
 * what reaches this handler is Bolt failing on a payload of the wrong shape (`actions: []`, an
 * event of `null`...). Bolt's default answers 500, which Slack retries; this refuses it with a 400
 * that Slack does not retry. Authorization failures keep Bolt's own answer (401).
 */
export function refuseUnprocessable(logger: Logger): ProcessEventErrorHandler {
  return async (args) => {
    if ('code' in args.error && args.error.code === 'slack_bolt_authorization_error') {
      return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
    }
    logger.warn({ err: args.error }, 'request refused: Bolt could not process the payload');
    if (!args.response.headersSent) answer(args.response, 400);
    return false;
  };
}
