import { describe, expect, it } from 'vitest';
import { EnvConfigError, parseBotEnv } from '../../src/config/bot-env.js';

const HTTP = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'sshh' };
const SOCKET = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' };

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    parseBotEnv(env);
  } catch (error) {
    if (error instanceof EnvConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected EnvConfigError');
}

describe('HEALTH_PORT', () => {
  it('is off when unset or empty', () => {
    expect(parseBotEnv(SOCKET).healthPort).toBeNull();
    expect(parseBotEnv({ ...SOCKET, HEALTH_PORT: ' ' }).healthPort).toBeNull();
  });

  it('is a port number in both modes', () => {
    expect(parseBotEnv({ ...SOCKET, HEALTH_PORT: '9464' }).healthPort).toBe(9464);
    expect(parseBotEnv({ ...HTTP, HEALTH_PORT: '9464' }).healthPort).toBe(9464);
  });

  it('refuses what is not a port, with the other problems at once', () => {
    expect(problemsOf({ ...HTTP, HEALTH_PORT: '94x', LOG_LEVEL: 'loud' })).toEqual([
      'HEALTH_PORT must be a whole number between 1 and 65535 (the internal health and metrics port, e.g. 9464), or unset',
      expect.stringContaining('LOG_LEVEL must be one of'),
    ]);
    expect(problemsOf({ ...SOCKET, HEALTH_PORT: '70000' })).toHaveLength(1);
  });

  it('refuses the public port: the details stay off the port Slack talks to', () => {
    expect(problemsOf({ ...HTTP, HEALTH_PORT: '3000' })).toEqual([
      'HEALTH_PORT must differ from PORT (3000): detailed status and metrics stay off the port Slack talks to',
    ]);
  });
});
