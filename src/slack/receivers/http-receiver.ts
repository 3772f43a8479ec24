import { type CustomRoute, HTTPReceiver, type Logger } from '@slack/bolt';
import type { AppLogger } from '../../app/deps.js';
import { refuseUnprocessable, rejectNonObjectBodies } from './body-guard.js';
import { rejectFutureTimestamps } from './timestamp-guard.js';

/** Bolt's default endpoint: slash commands, interactivity and events all arrive here. */
export const EVENTS_PATH = '/slack/events';

export interface HttpReceiverOptions {
  signingSecret: string;
  port: number;
  boltLogger: Logger;
  logger: AppLogger;
  /** /livez, /readyz and /healthz (src/ops/health.ts). */
  healthRoutes: CustomRoute[];
  nowMs?: () => number;
}

/**
 * Bolt's HTTPReceiver with the health routes, the future-timestamp check in front of Bolt's own, and a
 * refusal of bodies that are not JSON objects (which would crash Bolt's handler) or that Bolt cannot
 * process (a 400 instead of Bolt's retried 500).
 */
export function createHttpReceiver(options: HttpReceiverOptions): HTTPReceiver {
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: [EVENTS_PATH],
    port: options.port,
    logger: options.boltLogger,
    customRoutes: options.healthRoutes,
    processEventErrorHandler: refuseUnprocessable(options.logger),
  });
  const boltListener = rejectNonObjectBodies(receiver.requestListener, {
    endpoints: [EVENTS_PATH],
    logger: options.logger,
  });
  receiver.requestListener = rejectFutureTimestamps(boltListener, {
    endpoints: [EVENTS_PATH],
    logger: options.logger,
    ...(options.nowMs ? { nowMs: options.nowMs } : {}),
  });
  return receiver;
}
