import { type Logger as BoltLogger, type CustomRoute, HTTPReceiver } from '@slack/bolt';
import type { Logger } from '../../logging/logger.js';
import { refuseUnprocessable } from './body-guard.js';
import { verifyBeforeParsing } from './signature-guard.js';

/** Bolt's default endpoint: slash commands, interactivity and events all arrive here. */
export const EVENTS_PATH = '/slack/events';

export interface HttpReceiverOptions {
  /** The current signing secret first, then the previous one during a rotation. */
  signingSecrets: readonly [string, ...string[]];
  port: number;
  boltLogger: BoltLogger;
  logger: Logger;
  /** /livez, /readyz and /healthz (src/ops/health.ts). */
  healthRoutes: CustomRoute[];
  /** More GET routes: OAuth mode's install page and redirect (src/slack/oauth/installer.ts). */
  extraRoutes?: CustomRoute[];
  nowMs?: () => number;
}

/**
 * Bolt's HTTPReceiver with the health routes (custom routes), the signature verified over the raw
 * body before anything is parsed (signature-guard.ts, which does what Bolt's own check did, and
 * more: future timestamps, a second secret), and a 400 instead of Bolt's retried 500 for payloads
 * Bolt cannot process. Bolt's own verification is off: every POST to the events path passes the
 * guard first, because the guard wraps `requestListener`, which Bolt's server calls for every request.
 */
export function createHttpReceiver(options: HttpReceiverOptions): HTTPReceiver {
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecrets[0],
    signatureVerification: false,
    endpoints: [EVENTS_PATH],
    port: options.port,
    logger: options.boltLogger,
    customRoutes: [...options.healthRoutes, ...(options.extraRoutes ?? [])],
    processEventErrorHandler: refuseUnprocessable(options.logger),
  });
  receiver.requestListener = verifyBeforeParsing(receiver.requestListener, {
    endpoints: [EVENTS_PATH],
    signingSecrets: options.signingSecrets,
    logger: options.logger,
    ...(options.nowMs ? { nowMs: options.nowMs } : {}),
  });
  return receiver;
}
