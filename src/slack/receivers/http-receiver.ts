import { HTTPReceiver, type Logger } from '@slack/bolt';
import type { AppLogger } from '../../app/deps.js';
import { type HealthReport, healthHandler } from '../health.js';
import { rejectFutureTimestamps } from './timestamp-guard.js';

/** Bolt's default endpoint: slash commands, interactivity and events all arrive here. */
export const EVENTS_PATH = '/slack/events';
export const HEALTH_PATH = '/healthz';

export interface HttpReceiverOptions {
  signingSecret: string;
  port: number;
  boltLogger: Logger;
  logger: AppLogger;
  health: () => Promise<HealthReport>;
  nowMs?: () => number;
}

/** Bolt's HTTPReceiver with GET /healthz and the future-timestamp check in front of Bolt's own. */
export function createHttpReceiver(options: HttpReceiverOptions): HTTPReceiver {
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: [EVENTS_PATH],
    port: options.port,
    logger: options.boltLogger,
    customRoutes: [{ path: HEALTH_PATH, method: ['GET'], handler: healthHandler(options.health) }],
  });
  receiver.requestListener = rejectFutureTimestamps(receiver.requestListener, {
    endpoints: [EVENTS_PATH],
    logger: options.logger,
    ...(options.nowMs ? { nowMs: options.nowMs } : {}),
  });
  return receiver;
}
