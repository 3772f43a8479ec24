import { type Logger, SocketModeReceiver } from '@slack/bolt';
import { WEB_CLIENT_TIMEOUT_MS } from '../client-options.js';

export interface SocketReceiverOptions {
  appToken: string;
  slackApiUrl: string | undefined;
  boltLogger: Logger;
}

/**
 * Socket Mode: no public URL. Built here (not by App) so that apps.connections.open goes to
 * SLACK_API_URL too (installerOptions.clientOptions reaches the Socket Mode client's WebClient).
 */
export function createSocketReceiver(options: SocketReceiverOptions): SocketModeReceiver {
  return new SocketModeReceiver({
    appToken: options.appToken,
    logger: options.boltLogger,
    installerOptions: {
      clientOptions: {
        ...(options.slackApiUrl === undefined ? {} : { slackApiUrl: options.slackApiUrl }),
        timeout: WEB_CLIENT_TIMEOUT_MS,
      },
    },
  });
}
