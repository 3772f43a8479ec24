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
const MASK = '[redacted]';

/** A secret as it may appear: raw, URL-decoded and URL-encoded, longest first. */
function variants(secret: string): string[] {
  const out = new Set([secret]);
  try {
    out.add(decodeURIComponent(secret));
  } catch {
    // Not URL-encoded: the raw value is enough.
  }
  out.add(encodeURIComponent(secret));
  return [...out].filter((v) => v !== '').sort((a, b) => b.length - a.length);
}

/**
 * Removes tokens and URL passwords from free text (log messages of third-party libraries, driver
 * errors), and, when given, known secret values (a database password) in any of their spellings.
 */
export function scrubSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let out = text.replace(TOKEN_PATTERN, `$1-${MASK}`).replace(URL_CREDENTIALS, `$1${MASK}@`);
  for (const secret of knownSecrets) {
    for (const variant of variants(secret)) out = out.split(variant).join(MASK);
  }
  return out;
}
