import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack, ROTATING_TOKEN_SECONDS } from './fake-slack.js';
import { codeFor, exchangeCode, oauthAccess, refreshWith } from './fake-slack-oauth-steps.js';

const START = Date.UTC(2026, 11, 1, 10, 32);

let fake: FakeSlack;
let now = START;

beforeEach(async () => {
  now = START;
  fake = new FakeSlack({
    clock: () => now,
    workspaces: [{ teamId: 'T0ALPHA', teamName: 'Alpha' }],
  });
  await fake.start();
});

afterEach(async () => {
  await fake.close();
});

const client = (token: string) =>
  new WebClient(token, { slackApiUrl: fake.apiUrl(), retryConfig: { retries: 0 } });

describe('FakeSlack OAuth: token rotation', () => {
  beforeEach(() => {
    fake.oauth.setTokenRotation(true);
  });

  it('issues a 12-hour token and a refresh token, and rotates both on refresh', async () => {
    // Arrange
    const installed = await exchangeCode(fake, await codeFor(fake, { teamId: 'T0ALPHA' }));
    now = START + 60_000;
    // Act
    const refreshed = await refreshWith(fake, installed.refresh_token);
    const reused = await refreshWith(fake, installed.refresh_token);
    const next = await refreshWith(fake, refreshed.refresh_token);
    // Assert
    expect(installed).toMatchObject({
      access_token: expect.stringMatching(/^xoxe\.xoxb-1-/),
      expires_in: ROTATING_TOKEN_SECONDS,
      refresh_token: expect.stringMatching(/^xoxe-1-[0-9a-f]{48}$/),
    });
    expect(refreshed).toStrictEqual({
      ok: true,
      app_id: 'A0SCALE',
      scope: 'chat:write,commands',
      token_type: 'bot',
      access_token: expect.stringMatching(/^xoxe\.xoxb-1-/),
      expires_in: 43_200,
      refresh_token: expect.stringMatching(/^xoxe-1-/),
      bot_user_id: 'U0BOTT0ALPHA',
      team: { id: 'T0ALPHA', name: 'Alpha' },
      enterprise: null,
      is_enterprise_install: false,
    });
    expect(refreshed.access_token).not.toBe(installed.access_token);
    expect(refreshed.refresh_token).not.toBe(installed.refresh_token);
    expect(reused).toStrictEqual({ ok: false, error: 'invalid_refresh_token' });
    expect(next.ok).toBe(true);
  });

  it('expires the access token 12 hours after issue by the fake clock, not before', async () => {
    // Arrange
    const installed = await exchangeCode(fake, await codeFor(fake, { teamId: 'T0ALPHA' }));
    const token = String(installed.access_token);
    // Act
    now = START + ROTATING_TOKEN_SECONDS * 1000 - 1;
    const justBefore = await client(token).auth.test();
    now = START + ROTATING_TOKEN_SECONDS * 1000;
    const atExpiry = await client(token)
      .chat.postMessage({ channel: 'C0OPS', text: 'late' })
      .catch((error: unknown) => error);
    const refreshed = await refreshWith(fake, installed.refresh_token);
    const after = await client(String(refreshed.access_token)).auth.test();
    // Assert
    expect(justBefore).toMatchObject({ team_id: 'T0ALPHA', expires_in: 0 });
    expect(atExpiry).toMatchObject({ data: { error: 'token_expired' } });
    expect(after).toMatchObject({ team_id: 'T0ALPHA', expires_in: ROTATING_TOKEN_SECONDS });
    expect(fake.team('T0ALPHA').messages()).toEqual([]);
  });

  it('refuses the refresh token of a revoked install, and of another app', async () => {
    // Arrange
    const installed = await exchangeCode(fake, await codeFor(fake, { teamId: 'T0ALPHA' }));
    const refresh = { grant_type: 'refresh_token', refresh_token: String(installed.refresh_token) };
    // Act
    const otherApp = await oauthAccess(fake, { client_id: '9.9', client_secret: 'x', ...refresh });
    fake.revokeTokens('T0ALPHA');
    const revoked = await refreshWith(fake, installed.refresh_token);
    // Assert
    expect(otherApp.error).toBe('invalid_client_id');
    expect(revoked).toStrictEqual({ ok: false, error: 'invalid_refresh_token' });
  });
});
