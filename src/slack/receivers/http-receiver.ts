import { type Logger as BoltLogger, HTTPReceiver } from '@slack/bolt';
import type { Logger } from '../../logging/logger.js';
import { type HealthReport, healthHandler } from '../health.js';
import { refuseUnprocessable } from './body-guard.js';
import { verifyBeforeParsing } from './signature-guard.js';

/** Bolt's default endpoint: slash commands, interactivity and events all arrive here. */
export const EVENTS_PATH = '/slack/events';
export const HEALTH_PATH = '/healthz';

export interface HttpReceiverOptions {
  /** The current signing secret first, then the previous one during a rotation. */
  signingSecrets: readonly [string, ...string[]];
  port: number;
  boltLogger: BoltLogger;
  logger: Logger;
  health: () => Promise<HealthReport>;
  nowMs?: () => number;
}

/**
 * Bolt's HTTPReceiver with GET /healthz (a custom route), the signature verified over the raw body
 * before anything is parsed (signature-guard.ts, which does what Bolt's own check did, and more:
 * future timestamps, a second secret), and a 400 instead of Bolt's retried 500 for payloads Bolt
 * cannot process. Bolt's own verification is off: every POST to the events path passes the guard
 * first, because the guard wraps `requestListener`, which Bolt's server calls for every request.
 */
export function createHttpReceiver(options: HttpReceiverOptions): HTTPReceiver {
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecrets[0],
    signatureVerification: false,
    endpoints: [EVENTS_PATH],
    port: options.port,
    logger: options.boltLogger,
    customRoutes: [{ path: HEALTH_PATH, method: ['GET'], handler: healthHandler(options.health) }],
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
