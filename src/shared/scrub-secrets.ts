/**
 * The one free-text secret scrubber: Slack tokens (xoxb-, xoxp-, xapp-…), credentials inside URLs
 * (`scheme://user:password@`) and, when given, known secret values (a database password, raw and
 * URL-decoded), wherever they appear. Used on third-party log lines and on driver error messages
 * before they reach a log, a reply or a terminal.
 */

const TOKEN_PATTERN = /\b(xox[abeoprs]|xapp)-[A-Za-z0-9-]+/g;
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s:/@]+:[^\s/@]+@/gi;
const MASK = '[redacted]';

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

export function scrubSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let out = text.replace(TOKEN_PATTERN, `$1-${MASK}`).replace(URL_CREDENTIALS, `$1${MASK}@`);
  for (const secret of knownSecrets) {
    for (const variant of variants(secret)) out = out.split(variant).join(MASK);
  }
  return out;
}
