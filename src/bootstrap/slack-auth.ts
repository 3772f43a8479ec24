import { WebAPIPlatformError } from '@slack/web-api';
import { SlackAuthError } from './startup-error.js';

function slackErrorCode(error: unknown): string | null {
  return error instanceof WebAPIPlatformError && typeof error.data.error === 'string'
    ? error.data.error
    : null;
}

/** Turns a failed auth.test / apps.connections.open into a one-line, actionable startup error. */
export function toSlackAuthError(
  error: unknown,
  token: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN',
): SlackAuthError {
  const code = slackErrorCode(error);
  const where =
    token === 'SLACK_BOT_TOKEN'
      ? 'the Bot User OAuth Token on "OAuth & Permissions" (reinstall the app if it was revoked)'
      : 'an app-level token with connections:write under "Basic Information > App-Level Tokens"';
  if (code !== null) {
    return new SlackAuthError(`Slack refused ${token} (${code}): copy ${where} into .env`, {
      cause: error,
    });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new SlackAuthError(
    `could not reach the Slack API to check ${token}: ${reason} (check the network or SLACK_API_URL)`,
    { cause: error },
  );
}
