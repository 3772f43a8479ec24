import { describe, expect, it } from 'vitest';
import { EnvConfigError } from '../../src/config/bot-env.js';
import { type InstallEnv, parseInstallEnv } from '../../src/config/install-env.js';
import { SLACK_BOT_SCOPES } from '../../src/config/slack-scopes.js';
import { base64Key } from '../secrets/keys.js';

const CLIENT_SECRET = '0123456789abcdef0123456789abcdef';
const STATE_SECRET = 'state-secret-of-more-than-32-characters';
const SEALING_KEY = base64Key(4);

const OAUTH = {
  SLACK_CLIENT_ID: '1234567890.1234567890',
  SLACK_CLIENT_SECRET: CLIENT_SECRET,
  SLACK_STATE_SECRET: STATE_SECRET,
  SEALING_KEYS: `k1:${SEALING_KEY}`,
  PUBLIC_URL: 'https://scale-review.example.com/',
  SLACK_SIGNING_SECRET: 'signing-secret-value',
} as const;

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    parseInstallEnv(env);
  } catch (error) {
    if (error instanceof EnvConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected EnvConfigError');
}

describe('parseInstallEnv', () => {
  it('is null (single-workspace mode) when no client variable is set, whatever else is', () => {
    expect(parseInstallEnv({})).toBeNull();
    expect(parseInstallEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toBeNull();
    expect(parseInstallEnv({ SLACK_CLIENT_ID: ' ', SEALING_KEYS: 'junk' })).toBeNull();
  });

  it('reads OAuth mode with its defaults', () => {
    // Act
    const env = parseInstallEnv(OAUTH);

    // Assert
    expect(env).toMatchObject({
      clientId: '1234567890.1234567890',
      clientSecret: CLIENT_SECRET,
      stateSecret: STATE_SECRET,
      publicUrl: 'https://scale-review.example.com',
      uninstallRetentionDays: 7,
      scopes: SLACK_BOT_SCOPES,
    } satisfies Partial<InstallEnv>);
    expect(env?.sealingKeys.map((k) => k.id)).toEqual(['k1']);
  });

  it('reads the retention, the scopes and a local http address', () => {
    const env = parseInstallEnv({
      ...OAUTH,
      PUBLIC_URL: 'http://127.0.0.1:3000/scale/',
      UNINSTALL_RETENTION_DAYS: '0',
      SLACK_SCOPES: 'commands, chat:write,chat:write.public,commands',
    });
    expect(env).toMatchObject({
      publicUrl: 'http://127.0.0.1:3000/scale',
      uninstallRetentionDays: 0,
      scopes: ['commands', 'chat:write', 'chat:write.public'],
    });
    expect(parseInstallEnv({ ...OAUTH, PUBLIC_URL: 'http://localhost:8080' })?.publicUrl).toBe(
      'http://localhost:8080',
    );
  });

  it('names every missing variable of OAuth mode and what turned it on', () => {
    expect(problemsOf({ SLACK_CLIENT_ID: OAUTH.SLACK_CLIENT_ID })).toEqual([
      'SLACK_CLIENT_SECRET is not set: OAuth mode (on because SLACK_CLIENT_ID is set) needs the Client Secret from your app\'s "Basic Information > App Credentials"',
      'SLACK_STATE_SECRET is not set: OAuth mode (on because SLACK_CLIENT_ID is set) needs a random secret of at least 32 characters that signs the install state; generate one with: openssl rand -base64 32',
      'SEALING_KEYS is not set: OAuth mode (on because SLACK_CLIENT_ID is set) needs the key that seals tokens in the store, as k1:<key>; generate one with: openssl rand -base64 32 (docs/operations.md, "Sealing keys")',
      'PUBLIC_URL is not set: OAuth mode (on because SLACK_CLIENT_ID is set) needs the https:// address Slack and browsers reach the app at, e.g. https://scale-review.example.com',
    ]);
    expect(problemsOf({ SLACK_STATE_SECRET: STATE_SECRET, SLACK_CLIENT_SECRET: 'x' })[0]).toBe(
      'SLACK_CLIENT_ID is not set: OAuth mode (on because SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are set) needs the Client ID from your app\'s "Basic Information > App Credentials"',
    );
  });

  it('lists every problem at once, never a value', () => {
    // Arrange: everything wrong at once
    const env = {
      SLACK_CLIENT_ID: 'A0APPID',
      SLACK_CLIENT_SECRET: 'signing-secret-value',
      SLACK_SIGNING_SECRET: 'signing-secret-value',
      SLACK_STATE_SECRET: 'short-state',
      SEALING_KEYS: `k1:${base64Key(4, 16)}`,
      PUBLIC_URL: 'http://user:pw@scale-review.example.com/?x=1',
      UNINSTALL_RETENTION_DAYS: '91',
      SLACK_SCOPES: 'commands,chat write',
      SLACK_BOT_TOKEN: 'xoxb-1-bot-token',
      SLACK_APP_TOKEN: 'xapp-1-app-token',
    };

    // Act
    const problems = problemsOf(env);

    // Assert
    expect(problems).toEqual([
      'SLACK_CLIENT_ID must be the Client ID from "Basic Information > App Credentials" (digits.digits, e.g. 1234567890.1234567890), not the App ID',
      'SLACK_CLIENT_SECRET is the same as SLACK_SIGNING_SECRET: copy the Client Secret (Basic Information > App Credentials), not the Signing Secret',
      'SLACK_STATE_SECRET must be at least 32 characters (got 11); generate one with: openssl rand -base64 32',
      'SLACK_BOT_TOKEN is set as well as OAuth mode (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET): pick one. One workspace: keep SLACK_BOT_TOKEN and unset those three. An installable app: unset SLACK_BOT_TOKEN (each workspace gets its token when it installs)',
      "SLACK_APP_TOKEN (Socket Mode) cannot be used in OAuth mode: installs and events reach an installable app over HTTP (Slack's Marketplace does not accept Socket Mode apps); unset SLACK_APP_TOKEN and set SLACK_SIGNING_SECRET, or run one workspace with SLACK_BOT_TOKEN",
      'SEALING_KEYS entry 1 ("k1"): key must be 32 bytes base64 (got 16); generate one with: openssl rand -base64 32',
      'PUBLIC_URL must start with https:// (http:// only for localhost or 127.0.0.1): Slack redirects installs to it',
      'PUBLIC_URL must not contain a user name or password',
      'PUBLIC_URL must be a base address, without ?query or #fragment',
      "UNINSTALL_RETENTION_DAYS must be a whole number of days from 0 to 90 (default 7): how long a workspace's data stays after it uninstalls the app",
      'SLACK_SCOPES entry 2 is not a Slack scope: list bot scopes separated by commas, e.g. commands,chat:write (unset: the bot scopes of manifest.yml)',
    ]);
    const text = problems.join('\n');
    for (const value of Object.values(env)) expect(text).not.toContain(value);
    expect(text).not.toContain(base64Key(4, 16));
  });

  it.each([
    ['not a URL', 'scale-review.example.com', 'PUBLIC_URL is not a valid URL'],
    ['another scheme', 'ftp://scale-review.example.com', 'PUBLIC_URL must start with https://'],
    ['http to another host', 'http://10.0.0.5:3000', 'PUBLIC_URL must start with https://'],
  ])('refuses PUBLIC_URL: %s', (_, value, start) => {
    expect(problemsOf({ ...OAUTH, PUBLIC_URL: value })).toEqual([expect.stringMatching(start)]);
  });

  it.each(['1.5', '-1', 'seven'])('refuses UNINSTALL_RETENTION_DAYS=%s', (value) => {
    expect(problemsOf({ ...OAUTH, UNINSTALL_RETENTION_DAYS: value })).toEqual([
      expect.stringMatching(/^UNINSTALL_RETENTION_DAYS must be a whole number of days/),
    ]);
  });

  it('refuses a state secret that is the client or signing secret', () => {
    const long = 'a-client-secret-of-32-characters-or-more';
    expect(problemsOf({ ...OAUTH, SLACK_CLIENT_SECRET: long, SLACK_STATE_SECRET: long })).toEqual([
      'SLACK_STATE_SECRET must be a secret of its own, not the Client or Signing Secret; generate one with: openssl rand -base64 32',
    ]);
  });
});
