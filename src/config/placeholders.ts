/**
 * The values `.env.example` ships in place of the secrets (scripts/config-reference/env-vars.ts
 * writes them from here). They look like tokens (`xoxb-...` passes a prefix check), so they are
 * refused by name: a copied `.env.example` left unedited must not start the bot half-configured.
 */
export const ENV_PLACEHOLDERS = {
  SLACK_BOT_TOKEN: 'xoxb-...',
  SLACK_APP_TOKEN: 'xapp-...',
  SLACK_SIGNING_SECRET: '...',
  SLACK_SIGNING_SECRET_PREVIOUS: '...',
} as const;
export type PlaceholderVariable = keyof typeof ENV_PLACEHOLDERS;

/** Where each value comes from, for the refusal. */
const WHAT_TO_DO: Record<PlaceholderVariable, string> = {
  SLACK_BOT_TOKEN:
    'paste the Bot User OAuth Token (xoxb-…) from your app\'s "OAuth & Permissions" page',
  SLACK_APP_TOKEN:
    'for Socket Mode paste the app-level token (Basic Information > App-Level Tokens, scope connections:write); for HTTP mode delete the line',
  SLACK_SIGNING_SECRET:
    'paste the Signing Secret (Basic Information > App Credentials), or set SLACK_APP_TOKEN for Socket Mode',
  SLACK_SIGNING_SECRET_PREVIOUS:
    'set it to the signing secret before a rotation, or delete the line (docs/slack.md)',
};

/** Whether `value` is `.env.example`'s placeholder for `name` (also with a typographic "…"). */
export function isPlaceholder(name: PlaceholderVariable, value: string): boolean {
  const placeholder = ENV_PLACEHOLDERS[name];
  return value === placeholder || value === placeholder.replace('...', '…');
}

/** "SLACK_APP_TOKEN is still the placeholder from .env.example (xapp-...): for Socket Mode …" */
export function placeholderProblem(name: PlaceholderVariable): string {
  return `${name} is still the placeholder from .env.example (${ENV_PLACEHOLDERS[name]}): ${WHAT_TO_DO[name]}`;
}
