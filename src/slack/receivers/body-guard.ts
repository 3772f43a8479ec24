import type { ServerResponse } from 'node:http';
import { HTTPModuleFunctions } from '@slack/bolt';
import type { Logger } from '../../logging/logger.js';

function answer(res: ServerResponse, status: number): void {
  // A deliberate refusal: tell Slack not to retry it.
  res.writeHead(status, { 'x-slack-no-retry': '1' });
  res.end();
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
