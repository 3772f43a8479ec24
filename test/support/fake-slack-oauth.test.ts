import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, FakeSlack } from './fake-slack.js';
import {
  authorizeAt,
  codeFor,
  exchangeCode,
  oauthAccess,
  TEST_REDIRECT_URI as REDIRECT,
} from './fake-slack-oauth-steps.js';

const START = Date.UTC(2026, 11, 1, 10, 32);
const ORG = { id: 'E0ORG', name: 'Org' };

let fake: FakeSlack;
let now = START;

beforeEach(async () => {
  now = START;
  fake = new FakeSlack({
    clock: () => now,
    workspaces: [
      { teamId: 'T0ALPHA', teamName: 'Alpha' },
      { teamId: 'T0ONE', teamName: 'One', enterprise: ORG },
      { teamId: 'T0TWO', teamName: 'Two', enterprise: ORG, channels: { C0TWO: {} } },
    ],
  });
  await fake.start();
});

afterEach(async () => {
  await fake.close();
});

const authorize = (query: Record<string, string>) => authorizeAt(fake, query);
const exchange = (code: string, extra: Record<string, string> = {}) =>
  exchangeCode(fake, code, extra);
const client = (token: string) =>
  new WebClient(token, { slackApiUrl: fake.apiUrl(), retryConfig: { retries: 0 } });

describe('FakeSlack OAuth: the authorize page', () => {
  it('sends an approval back to redirect_uri with a code and the state, and records the visit', async () => {
    // Arrange
    fake.oauth.approveNext({ teamId: 'T0ALPHA', userId: 'U1BOB' });
    // Act
    const res = await authorize({ scope: 'chat:write', state: 'st-1', redirect_uri: REDIRECT });
    // Assert
    const back = new URL(res.headers.get('location') ?? '');
    expect(res.status).toBe(302);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get('code')).toMatch(/^\d+\.\d+\.[0-9a-f]{32}$/);
    expect(back.searchParams.get('state')).toBe('st-1');
    expect(fake.calls('oauth.v2.authorize')).toMatchObject([
      { args: { client_id: FAKE_CLIENT_ID, scope: 'chat:write', state: 'st-1' }, status: 302 },
    ]);
  });

  it('sends a cancelled approval back with error=access_denied and no code', async () => {
    // Arrange
    fake.oauth.approveNext({ deny: true });
    // Act
    const res = await authorize({ scope: 'chat:write', state: 'st-1', redirect_uri: REDIRECT });
    // Assert
    const back = new URL(res.headers.get('location') ?? '');
    expect([...back.searchParams]).toEqual([
      ['error', 'access_denied'],
      ['state', 'st-1'],
    ]);
  });

  it('shows an error page for an unknown client, or a redirect URL the app does not have', async () => {
    // Arrange
    await fake.close();
    fake = new FakeSlack({
      oauthApps: [
        { clientId: FAKE_CLIENT_ID, clientSecret: FAKE_CLIENT_SECRET, redirectUrls: [REDIRECT] },
      ],
    });
    await fake.start();
    // Act
    const unknown = await authorize({ client_id: '9.9', scope: 'chat:write' });
    const elsewhere = await authorize({ scope: 'chat:write', redirect_uri: 'http://evil.test/cb' });
    const configured = await authorize({ scope: 'chat:write' });
    // Assert
    expect([unknown.status, await unknown.text()]).toEqual([
      400,
      'Slack (fake): invalid_client_id',
    ]);
    expect([elsewhere.status, await elsewhere.text()]).toEqual([
      400,
      'Slack (fake): bad_redirect_uri',
    ]);
    expect(configured.headers.get('location')).toMatch(
      /^http:\/\/app\.test\/slack\/oauth_redirect\?code=/,
    );
  });
});

describe('FakeSlack OAuth: oauth.v2.access with a code', () => {
  it('answers in the exact shape of oauth.v2.access, with a token that acts in that workspace', async () => {
    // Arrange
    const code = await codeFor(fake, { teamId: 'T0ALPHA', userId: 'U1BOB' });
    // Act
    const answer = await exchange(code);
    const auth = await client(String(answer.access_token)).auth.test();
    // Assert
    expect(answer).toStrictEqual({
      ok: true,
      app_id: 'A0SCALE',
      authed_user: { id: 'U1BOB' },
      scope: 'chat:write,commands',
      token_type: 'bot',
      access_token: expect.stringMatching(/^xoxb-\d+-[0-9a-f]{24}$/),
      bot_user_id: 'U0BOTT0ALPHA',
      team: { id: 'T0ALPHA', name: 'Alpha' },
      enterprise: null,
      is_enterprise_install: false,
    });
    expect(auth).toMatchObject({ team_id: 'T0ALPHA', user_id: 'U0BOTT0ALPHA' });
    expect(fake.oauth.installs()).toMatchObject([
      { clientId: FAKE_CLIENT_ID, teamId: 'T0ALPHA', userId: 'U1BOB', at: START },
    ]);
  });

  it('takes a code once, for 10 minutes, for the redirect_uri it was given with', async () => {
    // Arrange
    const used = await codeFor(fake, { teamId: 'T0ALPHA' });
    const late = await codeFor(fake, { teamId: 'T0ALPHA' });
    const moved = await codeFor(fake, { teamId: 'T0ALPHA' });
    // Act
    const first = await exchange(used);
    const again = await exchange(used);
    const wrongRedirect = await exchange(moved, { redirect_uri: 'http://app.test/other' });
    const rightRedirect = await exchange(moved);
    now = START + 10 * 60 * 1000;
    const expired = await exchange(late);
    // Assert
    expect(first.ok).toBe(true);
    expect(again).toStrictEqual({ ok: false, error: 'invalid_code' });
    expect(wrongRedirect).toStrictEqual({ ok: false, error: 'bad_redirect_uri' });
    expect(rightRedirect.ok).toBe(true);
    expect(expired).toStrictEqual({ ok: false, error: 'invalid_code' });
  });

  it('checks the client like Slack, in the body or by HTTP Basic', async () => {
    // Arrange
    const code = await codeFor(fake, { teamId: 'T0ALPHA' });
    const basic = Buffer.from(`${FAKE_CLIENT_ID}:${FAKE_CLIENT_SECRET}`).toString('base64');
    // Act
    const badSecret = await exchange(code, { client_secret: 'wrong' });
    const badClient = await exchange(code, { client_id: '9.9' });
    const badGrant = await exchange(code, { grant_type: 'password' });
    const byBasic = await oauthAccess(
      fake,
      { code, redirect_uri: REDIRECT },
      { authorization: `Basic ${basic}` },
    );
    // Assert
    expect([badSecret.error, badClient.error, badGrant.error]).toEqual([
      'bad_client_secret',
      'invalid_client_id',
      'invalid_grant_type',
    ]);
    expect(byBasic).toMatchObject({ ok: true, team: { id: 'T0ALPHA' } });
    expect(fake.calls('oauth.v2.access').map((c) => c.error)).toEqual([
      'bad_client_secret',
      'invalid_client_id',
      'invalid_grant_type',
      undefined,
    ]);
  });

  it('adds a user token for user scopes, in authed_user', async () => {
    // Arrange
    fake.oauth.approveNext({ teamId: 'T0ALPHA', userId: 'U1BOB' });
    const res = await authorize({
      scope: 'chat:write',
      user_scope: 'search:read',
      redirect_uri: REDIRECT,
    });
    const code = new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '';
    // Act
    const answer = await exchange(code);
    const asUser = await client(
      String((answer.authed_user as { access_token: string }).access_token),
    ).auth.test();
    // Assert
    expect(answer.authed_user).toStrictEqual({
      id: 'U1BOB',
      scope: 'search:read',
      token_type: 'user',
      access_token: expect.stringMatching(/^xoxp-/),
    });
    expect(asUser).toMatchObject({ user_id: 'U1BOB', team_id: 'T0ALPHA' });
    expect(asUser).not.toHaveProperty('bot_id');
  });

  it('installs org-wide: team null, the org, is_enterprise_install, a token for the org', async () => {
    // Arrange
    const code = await codeFor(fake, { teamId: 'T0ONE', orgWide: true });
    // Act
    const answer = await exchange(code);
    const org = client(String(answer.access_token));
    await org.apiCall('chat.postMessage', { channel: 'C0ANY', text: 'one', team_id: 'T0ONE' });
    await org.chat.postMessage({ channel: 'C0TWO', text: 'two' });
    const auth = await org.auth.test();
    // Assert
    expect(answer).toMatchObject({ team: null, enterprise: ORG, is_enterprise_install: true });
    expect(
      fake
        .team('T0ONE')
        .messages()
        .map((m) => m.text),
    ).toEqual(['one']);
    expect(
      fake
        .team('T0TWO')
        .messages()
        .map((m) => m.text),
    ).toEqual(['two']);
    expect(auth).toMatchObject({ enterprise_id: 'E0ORG', is_enterprise_install: true });
    expect(fake.tokensOf('E0ORG').map((t) => [t.teamId, t.enterpriseId])).toEqual([
      [null, 'E0ORG'],
    ]);
  });
});
