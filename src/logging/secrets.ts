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
  // OAuth mode (an installable app): the client secret, rotating tokens, the state and sealing keys.
  'clientSecret',
  'client_secret',
  'refreshToken',
  'refresh_token',
  'stateSecret',
  'sealingKeys',
] as const;

/** pino `redact` paths for the keys above. */
export const REDACT_PATHS: string[] = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  'headers.authorization',
  '*.headers.authorization',
  'req.headers["x-slack-signature"]',
];

/**
 * Slack tokens wherever they appear in text: xoxb-, xoxp-, xapp-…, the refresh tokens of token
 * rotation (xoxe-1-…) and the rotating access tokens (xoxe.xoxb-1-…), `xoxe.` included, so only the
 * kind is left (`xoxb-[redacted]`). The tail takes base64 and URL-encoding characters too.
 */
const TOKEN_PATTERN = /\b(?:xoxe\.)?(xox[abeoprs]|xapp)-[A-Za-z0-9_+/=%-]+/g;
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s:/@]+:[^\s/@]+@/gi;
/** A sealed value (src/secrets/sealer.ts): safe to show, but no log needs more than its key id. */
const SEALED_VALUE =
  /\bsr1\.([A-Za-z0-9_-]{1,16})\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+/g;
const MASK = '[redacted]';

/**
 * OAuth v2 (oauth.v2.access). @slack/web-api 8 logs every request's parameters at debug level as
 * `http request body: {"client_id":"…","client_secret":"…","code":"…","redirect_uri":"…"}` (the
 * JSON of the arguments before they are form-encoded; its own redaction covers only keys with
 * "token" in them, so `client_secret` and `code` go through). The client secret and the refresh
 * token are masked in JSON (also escaped inside another JSON string) and in form or query
 * spelling (`client_secret=…`) wherever they appear.
 */
const OAUTH_SECRET_FIELDS = 'client_secret|refresh_token';
const JSON_OAUTH_SECRET = jsonField(OAUTH_SECRET_FIELDS);
const FORM_OAUTH_SECRET = new RegExp(`\\b(${OAUTH_SECRET_FIELDS})=[^&\\s"'#]*`, 'g');
/**
 * The authorization code is masked only where it is one: beside the client credentials (the
 * exchange's body) or as a URL's `?code=` / `&code=` (the OAuth redirect's address, which Bolt
 * logs when a request to it fails). Elsewhere `code` is diagnostic and stays: Node's
 * `"code":"ECONNREFUSED"`, driver and Slack error codes.
 */
const OAUTH_CONTEXT = /client_(?:id|secret)/;
const JSON_CODE = jsonField('code');
const FORM_CODE = /\bcode=[^&\s"'#]*/g;
const QUERY_CODE = /([?&])code=[^&\s"'#]*/g;

/** `"name":"value"`, also as `\"name\":\"value\"` inside a JSON string; $1 the escape, $2 the name. */
function jsonField(names: string): RegExp {
  return new RegExp(`(\\\\?)"(${names})\\1"\\s*:\\s*\\1"[^"\\\\]*\\1"`, 'g');
}

function scrubOAuth(text: string): string {
  let out = text
    .replace(JSON_OAUTH_SECRET, `$1"$2$1":$1"${MASK}$1"`)
    .replace(FORM_OAUTH_SECRET, `$1=${MASK}`)
    .replace(QUERY_CODE, `$1code=${MASK}`);
  if (OAUTH_CONTEXT.test(out)) {
    out = out.replace(JSON_CODE, `$1"$2$1":$1"${MASK}$1"`).replace(FORM_CODE, `code=${MASK}`);
  }
  return out;
}

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
 * Removes tokens, URL passwords, OAuth client secrets and codes, and sealed values from free text
 * (log messages of third-party libraries, driver errors), and, when given, known secret values (a
 * database password) in any of their spellings.
 */
export function scrubSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let out = scrubOAuth(
    text
      .replace(TOKEN_PATTERN, `$1-${MASK}`)
      .replace(URL_CREDENTIALS, `$1${MASK}@`)
      .replace(SEALED_VALUE, `sr1.$1.${MASK}`),
  );
  for (const secret of knownSecrets) {
    for (const variant of variants(secret)) out = out.split(variant).join(MASK);
  }
  return out;
}
