/**
 * The one secret scrubber: the bot's pino logger, the Bolt/Web API log adapter, start-up errors and
 * the CLI's stderr lines all go through it.
 */

/** Keys whose values never reach the logs, at the top level and one level down. */
const SECRET_KEYS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'password',
  'authorization',
  'Authorization',
  'secret',
  'mongodbUrl',
  'responseUrl',
  'response_url',
] as const;

/** pino `redact` paths for the keys above. */
export const REDACT_PATHS: string[] = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  'headers.authorization',
  '*.headers.authorization',
  'req.headers["x-slack-signature"]',
];

/** Slack tokens (xoxb-, xoxp-, xapp-…) and credentials inside URLs, wherever they appear in text. */
const TOKEN_PATTERN = /\b(xox[abeoprs]|xapp)-[A-Za-z0-9-]+/g;
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s:/@]+:[^\s/@]+@/gi;

/** Removes tokens and URL passwords from free text (log messages of third-party libraries). */
export function scrubSecrets(text: string): string {
  return text.replace(TOKEN_PATTERN, '$1-[redacted]').replace(URL_CREDENTIALS, '$1[redacted]@');
}
