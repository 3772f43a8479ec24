import { WebAPIPlatformError } from '@slack/web-api';
import { SlackAuthError } from './startup-error.js';

function slackErrorCode(error: unknown): string | null {
  return error instanceof WebAPIPlatformError && typeof error.data.error === 'string'
    ? error.data.error
    : null;
}

/** Slack's `needed` and `provided` scopes of a missing_scope answer (strings, comma-separated). */
function scopesOf(error: unknown): { needed: string; provided: string | null } | null {
  if (!(error instanceof WebAPIPlatformError)) return null;
  const data: Record<string, unknown> = { ...error.data };
  if (typeof data.needed !== 'string') return null;
  return {
    needed: data.needed,
    provided: typeof data.provided === 'string' ? data.provided : null,
  };
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
  const scopes = code === 'missing_scope' ? scopesOf(error) : null;
  if (scopes !== null) {
    const has = scopes.provided === null ? '' : ` (it has: ${scopes.provided})`;
    return new SlackAuthError(
      `Slack refused ${token} (missing_scope): the token lacks the ${scopes.needed} scope${has}; copy ${where} into .env`,
      { cause: error },
    );
  }
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
