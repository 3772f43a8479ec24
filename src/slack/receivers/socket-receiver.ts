import { type Logger, SocketModeReceiver } from '@slack/bolt';
import { WebAPIPlatformError } from '@slack/web-api';
import { createSlackClient, slackClientOptions } from '../../slack-api/web-client.js';
import { quietSocketErrors } from './socket-diagnostics.js';

export interface SocketReceiverOptions {
  appToken: string;
  slackApiUrl: string | undefined;
  boltLogger: Logger;
  /**
   * The client's pong timeout, which is also the step of its reconnect delay (5 s, 10 s, …);
   * default the client's 5 s. Tests lower it to reconnect in a moment.
   */
  clientPingTimeoutMs?: number | undefined;
}

/**
 * Socket Mode: no public URL. Built here (not by App) so that apps.connections.open goes to
 * SLACK_API_URL too (installerOptions.clientOptions reaches the Socket Mode client's WebClient).
 */
export function createSocketReceiver(options: SocketReceiverOptions): SocketModeReceiver {
  return new SocketModeReceiver({
    appToken: options.appToken,
    // The client's empty WebSocket error lines give way to socket-diagnostics.ts's.
    logger: quietSocketErrors(options.boltLogger),
    ...(options.clientPingTimeoutMs === undefined
      ? {}
      : { clientPingTimeout: options.clientPingTimeoutMs }),
    installerOptions: {
      clientOptions: slackClientOptions({
        policy: 'socket',
        apiUrl: options.slackApiUrl,
        logger: options.boltLogger,
      }),
    },
  });
}

/** Answers of apps.connections.open that no retry can change: the token must be replaced. */
const TOKEN_REFUSALS = new Set([
  'missing_scope',
  'invalid_auth',
  'not_authed',
  'not_allowed_token_type',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'team_disabled',
  'user_removed_from_team',
]);

/**
 * Asks Slack for a Socket Mode URL once with the app token, before the Socket Mode client does.
 * The client treats every refusal but a few (invalid_auth, not_authed...) as passing and retries
 * every 5-10 s forever: a token without `connections:write` (`missing_scope`) never stopped the
 * start, and the client only logged "Failed to retrieve a new WSS URL". Here a refusal throws
 * Slack's platform error, which the start-up turns into one line naming SLACK_APP_TOKEN. The URL
 * it gets is not used (it expires unused); the method is Tier 1, and this is one call at start.
 */
export async function checkAppToken(options: SocketReceiverOptions): Promise<void> {
  const client = createSlackClient(options.appToken, {
    policy: 'appToken',
    apiUrl: options.slackApiUrl,
    logger: options.boltLogger,
  });
  try {
    await client.apps.connections.open({});
  } catch (error) {
    // Slack having a bad moment (internal_error...) is the client's to retry, as before.
    if (error instanceof WebAPIPlatformError && !TOKEN_REFUSALS.has(String(error.data.error))) {
      options.boltLogger.warn(
        `apps.connections.open failed (${error.data.error}); connecting anyway`,
      );
      return;
    }
    throw error;
  }
}
