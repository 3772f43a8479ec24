import { describe, expect, it } from 'vitest';
import { EnvConfigError } from '../../src/config/bot-env.js';
import { oauthRequested, parseStartEnv } from '../../src/config/start-env.js';
import { base64Key } from '../secrets/keys.js';

const CLIENT_SECRET = '0123456789abcdef0123456789abcdef';
const SIGNING_SECRET = 'signing-secret-value';

const OAUTH = {
  SLACK_CLIENT_ID: '1234567890.1234567890',
  SLACK_CLIENT_SECRET: CLIENT_SECRET,
  SLACK_STATE_SECRET: 'state-secret-of-more-than-32-characters',
  SEALING_KEYS: `k1:${base64Key(4)}`,
  PUBLIC_URL: 'https://scale-review.example.com',
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
} as const;

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    parseStartEnv(env);
  } catch (error) {
    if (error instanceof EnvConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected EnvConfigError');
}

describe('parseStartEnv: the two ways to run', () => {
  it('one workspace: SLACK_BOT_TOKEN, as before', () => {
    // Act
    const env = parseStartEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    // Assert
    expect(env.auth).toEqual({ kind: 'token', botToken: 'xoxb-1' });
    expect(env.mode).toEqual({ kind: 'socket', appToken: 'xapp-1' });
    expect(oauthRequested({ SLACK_BOT_TOKEN: 'xoxb-1' })).toBe(false);
  });

  it('an installable app: no SLACK_BOT_TOKEN, HTTP mode, the install variables', () => {
    // Act
    const env = parseStartEnv({ ...OAUTH, PORT: '8080' });
    // Assert
    expect(env.botToken).toBeNull();
    expect(env.mode).toMatchObject({ kind: 'http', port: 8080, signingSecret: SIGNING_SECRET });
    expect(env.auth).toMatchObject({
      kind: 'oauth',
      install: {
        clientId: OAUTH.SLACK_CLIENT_ID,
        publicUrl: OAUTH.PUBLIC_URL,
        uninstallRetentionDays: 7,
      },
    });
  });

  it('refuses a bot token beside OAuth mode with one line: pick one', () => {
    expect(problemsOf({ ...OAUTH, SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
      'SLACK_BOT_TOKEN is set as well as OAuth mode (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET): pick one. One workspace: keep SLACK_BOT_TOKEN and unset those three. An installable app: unset SLACK_BOT_TOKEN (each workspace gets its token when it installs)',
    ]);
  });

  it('refuses Socket Mode in OAuth mode with one line', () => {
    expect(problemsOf({ ...OAUTH, SLACK_APP_TOKEN: 'xapp-1-abc' })).toEqual([
      "SLACK_APP_TOKEN (Socket Mode) cannot be used in OAuth mode: installs and events reach an installable app over HTTP (Slack's Marketplace does not accept Socket Mode apps); unset SLACK_APP_TOKEN and set SLACK_SIGNING_SECRET, or run one workspace with SLACK_BOT_TOKEN",
    ]);
  });

  it('lists the problems of both sets of variables at once, never a value', () => {
    // Act
    const problems = problemsOf({
      SLACK_CLIENT_ID: OAUTH.SLACK_CLIENT_ID,
      SLACK_CLIENT_SECRET: CLIENT_SECRET,
      PORT: 'eighty',
    });
    // Assert
    expect(problems).toEqual([
      'SLACK_SIGNING_SECRET is not set: OAuth mode receives every request over HTTP and needs it (Basic Information > Signing Secret)',
      'PORT must be a whole number between 1 and 65535 (default 3000)',
      'SLACK_STATE_SECRET is not set: OAuth mode (on because SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set) needs a random secret of at least 32 characters that signs the install state; generate one with: openssl rand -base64 32',
      'SEALING_KEYS is not set: OAuth mode (on because SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set) needs the key that seals tokens in the store, as k1:<key>; generate one with: openssl rand -base64 32 (docs/operations.md, "Sealing keys")',
      'PUBLIC_URL is not set: OAuth mode (on because SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set) needs the https:// address Slack and browsers reach the app at, e.g. https://scale-review.example.com',
    ]);
    expect(problems.join('\n')).not.toContain(CLIENT_SECRET);
    expect(problems.join('\n')).not.toContain('SLACK_BOT_TOKEN');
  });

  it('asks for SLACK_BOT_TOKEN when neither mode is set up', () => {
    expect(problemsOf({ SLACK_SIGNING_SECRET: SIGNING_SECRET })).toEqual([
      'SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-...) from your app\'s "OAuth & Permissions" page into .env',
    ]);
  });
});
