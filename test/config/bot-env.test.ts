import { describe, expect, it } from 'vitest';
import { EnvConfigError, parseBotEnv } from '../../src/config/bot-env.js';

const secret = 'sshh-signing-secret-value';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    parseBotEnv(env);
  } catch (error) {
    if (error instanceof EnvConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected EnvConfigError');
}

describe('parseBotEnv', () => {
  it('selects Socket Mode when SLACK_APP_TOKEN is set', () => {
    const env = parseBotEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    expect(env.mode).toEqual({ kind: 'socket', appToken: 'xapp-1' });
    expect(env.dataDir).toBe('./data');
    expect(env.logLevel).toBe('info');
  });

  it('selects HTTP mode on PORT (default 3000) with the signing secret', () => {
    const env = parseBotEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: secret });
    expect(env.mode).toEqual({
      kind: 'http',
      signingSecret: secret,
      previousSigningSecret: null,
      port: 3000,
    });
    expect(env.drainMs).toBe(10_000);
    const custom = parseBotEnv({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: secret,
      PORT: '8080',
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
    });
    expect(custom.mode).toEqual({
      kind: 'http',
      signingSecret: secret,
      previousSigningSecret: null,
      port: 8080,
    });
    expect(custom.slackApiUrl).toBe('http://127.0.0.1:9999/api/');
  });

  it('accepts the previous signing secret during a rotation, and the drain deadline', () => {
    const env = parseBotEnv({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: secret,
      SLACK_SIGNING_SECRET_PREVIOUS: 'the-secret-before-the-rotation',
      SHUTDOWN_DRAIN_SECONDS: '2.5',
    });
    expect(env.mode).toMatchObject({ previousSigningSecret: 'the-secret-before-the-rotation' });
    expect(env.drainMs).toBe(2_500);
  });

  it('refuses a previous secret equal to the current one and a drain deadline out of range', () => {
    const problems = problemsOf({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: secret,
      SLACK_SIGNING_SECRET_PREVIOUS: secret,
      SHUTDOWN_DRAIN_SECONDS: '0',
    });
    expect(problems).toEqual([
      'SLACK_SIGNING_SECRET_PREVIOUS is the same as SLACK_SIGNING_SECRET: set it to the secret before the rotation, or unset it',
      'SHUTDOWN_DRAIN_SECONDS must be a number of seconds above 0 and at most 600 (default 10)',
    ]);
    expect(problems.join('\n')).not.toContain(secret);
  });

  it('lists every problem on its own line with the fix', () => {
    const problems = problemsOf({ PORT: 'eighty', MONGODB_URL: 'postgres://x', LOG_LEVEL: 'loud' });
    expect(problems).toEqual([
      'SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-...) from your app\'s "OAuth & Permissions" page into .env',
      'SLACK_SIGNING_SECRET is not set: HTTP mode needs it (Basic Information > Signing Secret), or set SLACK_APP_TOKEN to use Socket Mode',
      'PORT must be a whole number between 1 and 65535 (default 3000)',
      'MONGODB_URL must start with mongodb:// or mongodb+srv://',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    ]);
  });

  it('never echoes a token or secret in its messages', () => {
    const error = (() => {
      try {
        parseBotEnv({
          SLACK_BOT_TOKEN: 'xoxp-user-token-123',
          SLACK_APP_TOKEN: 'bad-app-token-456',
        });
      } catch (e) {
        return e as Error;
      }
      return new Error('none');
    })();
    expect(error).toBeInstanceOf(EnvConfigError);
    expect(error.message).not.toContain('xoxp-user-token-123');
    expect(error.message).not.toContain('bad-app-token-456');
  });
});

describe('the placeholders of .env.example', () => {
  it.each([
    [
      { SLACK_BOT_TOKEN: 'xoxb-...', SLACK_SIGNING_SECRET: 'sshh' },
      'SLACK_BOT_TOKEN is still the placeholder from .env.example (xoxb-...): paste the Bot User OAuth Token (xoxb-…) from your app\'s "OAuth & Permissions" page',
    ],
    [
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-...' },
      'SLACK_APP_TOKEN is still the placeholder from .env.example (xapp-...): for Socket Mode paste the app-level token (Basic Information > App-Level Tokens, scope connections:write); for HTTP mode delete the line',
    ],
    [
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-…' },
      expect.stringContaining('SLACK_APP_TOKEN is still the placeholder from .env.example'),
    ],
    [
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: '...' },
      'SLACK_SIGNING_SECRET is still the placeholder from .env.example (...): paste the Signing Secret (Basic Information > App Credentials), or set SLACK_APP_TOKEN for Socket Mode',
    ],
  ])('are refused by name, though they pass the prefix checks: %j', (env, problem) => {
    // Act
    const problems = problemsOf(env);

    // Assert
    expect(problems).toEqual([problem]);
  });
});
