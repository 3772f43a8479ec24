import { TEST_APP_TOKEN, TEST_BOT_TOKEN } from '../../support/bot-harness.js';
import { TEST_SIGNING_SECRET } from '../../support/slack-request.js';

/**
 * Secrets the reliability suite starts the bot with. They are distinctive, so that finding one in
 * the logs cannot be a coincidence. The harness secrets (`TEST_*`) are checked as well.
 */
export const RELIABILITY_SECRETS = {
  botToken: 'xoxb-4242424242-reliability-bot-token-DO-NOT-LOG',
  appToken: 'xapp-1-A0REL-4242-reliability-app-token-DO-NOT-LOG',
  signingSecret: 'reliability-signing-secret-8f3c2a-DO-NOT-LOG',
  mongoPassword: 'Rel!ability-Mongo-Pa55-DO-NOT-LOG',
} as const;

export const HARNESS_SECRETS = [TEST_BOT_TOKEN, TEST_APP_TOKEN, TEST_SIGNING_SECRET] as const;

/** The ways a secret could be written: as is, URL-encoded, and the part after a token's prefix. */
function forms(secret: string): string[] {
  const tail = /^(xox[a-z]|xapp)-(.+)$/.exec(secret)?.[2];
  return [...new Set([secret, encodeURIComponent(secret), ...(tail ? [tail] : [])])];
}

/** The secrets (by their original value) that occur in `text`, in any of their forms. */
export function leakedSecrets(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((secret) => forms(secret).some((form) => text.includes(form)));
}

/**
 * A MongoDB URL with a user and the reliability password for a FerretDB the suite started (it
 * accepts any credentials with the PLAIN mechanism, which FerretDB 1.x supports). `serverUrl` is
 * `mongodb://host:port/`.
 */
export function withPassword(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.username = 'scale-review';
  url.password = RELIABILITY_SECRETS.mongoPassword;
  url.pathname = `/${database}`;
  url.searchParams.set('authMechanism', 'PLAIN');
  return url.toString();
}

/** The password in a MongoDB URL given from outside (MONGODB_URL), if it has one. */
export function passwordOf(url: string): string | null {
  const match = /^mongodb(?:\+srv)?:\/\/[^:/@]+:([^@/]+)@/.exec(url);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}
